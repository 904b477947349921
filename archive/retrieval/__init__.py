"""Retrieval: the search index fed from the records, and search as users see it, with boxes on the page."""
