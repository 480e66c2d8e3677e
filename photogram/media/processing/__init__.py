"""Turning an uploaded file into what Photogram serves: pure functions over files, no database, no storage.

The Celery task (photogram.media.tasks) calls them with a local copy of the upload and a scratch directory,
stores the renditions they write, and records the result.
"""
