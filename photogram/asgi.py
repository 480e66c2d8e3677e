"""ASGI entry point of the embedded profile's one server: the streaming API beside the web app and API.

The web app and API stay WSGI (asgiref runs them in a thread), so every request sees the same Django as
under bin/serve's WSGI; the streaming API shares the process, and so the in-process broker, and the port.
The full profile serves the web app as WSGI and streaming from its own process (photogram.streaming.asgi).
"""

import os
import warnings

import django
from asgiref.wsgi import WsgiToAsgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
django.setup()

from photogram.streaming.app import StreamingApp  # noqa: E402  (needs the apps loaded)
from photogram.wsgi import application as wsgi_application  # noqa: E402

# asgiref's adapter warns that the server's `send` is not a coroutine function (granian's is a plain callable
# returning an awaitable), which it handles all the same.
warnings.filterwarnings("ignore", "async_to_sync was passed a non-async-marked callable", UserWarning)

application = StreamingApp(fallback=WsgiToAsgi(wsgi_application))  # type: ignore[no-untyped-call]
