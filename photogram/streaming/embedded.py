"""The embedded profile's one ASGI application: the streaming API, with the WSGI web app and API behind it.

The web app and API stay WSGI (asgiref runs them in a thread), so every request sees the same Django as
under bin/serve's WSGI on the full profile; the streaming API shares the process, and so the in-process
broker, and the port.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from asgiref.wsgi import WsgiToAsgi

from photogram.streaming.app import StreamingApp

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def as_a_wsgi_server_would(wsgi: WsgiApp) -> WsgiApp:
    """Return `wsgi` with what a WSGI server does for it and asgiref's adapter leaves out.

    Header values lose their surrounding blanks: Django writes each Set-Cookie value after a space, which a
    WSGI server strips, granian sends as it is and uvicorn (h11) refuses as an illegal header. And the
    response is closed once sent (PEP 3333): only then does Django send `request_finished`, which closes
    the files it served and the request's cache and database connections as it would under any WSGI server.
    """

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, [(name, value.strip()) for name, value in headers], exc_info)

        response = wsgi(environ, start)
        try:
            yield from response
        finally:
            # Also when the adapter stops early (it stops at Content-Length): the generator is closed then.
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return application


def embedded_application(wsgi: WsgiApp) -> StreamingApp:
    """Return the ASGI app that serves the streaming API and hands every other request to `wsgi`."""
    return StreamingApp(fallback=WsgiToAsgi(as_a_wsgi_server_would(wsgi)))  # type: ignore[no-untyped-call]
