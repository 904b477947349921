"""The FastAPI application: JSON API under /api, HTML pages and static assets."""
