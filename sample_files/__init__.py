"""Synthetic Vietnamese case-file documents: content, page rendering, scan degradations and writers."""
