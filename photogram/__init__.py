"""Photogram: self-hostable photo and video sharing on the Mastodon client API."""

from photogram.celery import app as celery_app

__all__ = ["celery_app"]
