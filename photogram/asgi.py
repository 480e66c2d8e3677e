"""ASGI entry point of the embedded profile's one server: the streaming API beside the web app and API
(photogram.streaming.embedded says how). The full profile serves the web app as WSGI and streaming from its
own process (photogram.streaming.asgi).
"""

import os
import warnings

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
django.setup()

from photogram.streaming.embedded import embedded_application  # noqa: E402  (needs the apps loaded)
from photogram.wsgi import application as wsgi_application  # noqa: E402

# asgiref's adapter warns that the server's `send` is not a coroutine function (granian's is a plain callable
# returning an awaitable), which it handles all the same.
warnings.filterwarnings("ignore", "async_to_sync was passed a non-async-marked callable", UserWarning)

application = embedded_application(wsgi_application)
