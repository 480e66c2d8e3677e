"""The streaming server's ASGI application (full profile, its own process: bin/streaming)."""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
django.setup()

from photogram.streaming.app import StreamingApp  # noqa: E402  (needs the apps loaded)

application = StreamingApp()
