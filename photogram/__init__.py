"""Photogram: self-hostable photo and video sharing on the Mastodon client API."""

__version__ = "0.1.0"

from photogram.celery import app as celery_app

__all__ = ["__version__", "celery_app"]
