"""Serve: the FastAPI app with the JSON API, the box widget and the pages."""

from .app import create_app

__all__ = ["create_app"]
