"""ASGI entry point, kept for the real-time path (streaming API); the web app and API are served as WSGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")

application = get_asgi_application()
