"""The embedded profile's one ASGI application: the streaming API, with the WSGI web app and API behind it.

The web app and API stay WSGI (asgiref runs them in a thread), so every request sees the same Django as
under bin/serve's WSGI on the full profile; the streaming API shares the process, and so the in-process
broker, and the port.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from asgiref.wsgi import WsgiToAsgi

from photogram.streaming.app import StreamingApp

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def trimmed_headers(wsgi: WsgiApp) -> WsgiApp:
    """Return `wsgi` with the blanks around its header values removed.

    Django's WSGI handler writes each Set-Cookie value as Python's cookie module prints it, after a space. A
    WSGI server strips it; asgiref passes it on to the ASGI server, where granian sends it as it is and
    uvicorn (h11) refuses the whole response as an illegal header.
    """

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, [(name, value.strip()) for name, value in headers], exc_info)

        return wsgi(environ, start)

    return application


def embedded_application(wsgi: WsgiApp) -> StreamingApp:
    """Return the ASGI app that serves the streaming API and hands every other request to `wsgi`."""
    return StreamingApp(fallback=WsgiToAsgi(trimmed_headers(wsgi)))  # type: ignore[no-untyped-call]
