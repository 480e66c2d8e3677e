"""Static files served compressed: the `.gz` copy collectstatic wrote beside a file, to a client that takes gzip.

granian's own static mount (2.8) sends files only as they are, so the web app's 52 KB of htmx would cross
the wire uncompressed; this wraps the WSGI application instead and answers STATIC_URL itself (bin/serve no
longer mounts it). Each file goes out once per browser: names carry their content's hash and may be kept for
a year (photogram/core/staticfiles.py).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

YEAR_SECONDS = 31536000
CHUNK = 64 * 1024


def _accepts_gzip(environ: dict[str, Any]) -> bool:
    offered = [part.split(";")[0].strip().lower() for part in environ.get("HTTP_ACCEPT_ENCODING", "").split(",")]
    return "gzip" in offered


def _find(name: str) -> Path | None:
    try:
        path = Path(safe_join(str(settings.STATIC_ROOT), name))
    except SuspiciousFileOperation:  # `..` out of the static root
        return None
    return path if path.is_file() else None


def _read(path: Path, environ: dict[str, Any]) -> Iterable[bytes]:
    handle = path.open("rb")
    wrapper = environ.get("wsgi.file_wrapper")
    if wrapper is not None:
        chunks: Iterable[bytes] = wrapper(handle, CHUNK)
        return chunks
    return _chunks(handle)


def _chunks(handle: Any) -> Iterable[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def compressed_static_files(app: WsgiApp) -> WsgiApp:
    """Return `app` with STATIC_URL answered from STATIC_ROOT, compressed where a `.gz` copy exists."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        prefix = "/" + str(settings.STATIC_URL).strip("/") + "/"
        path_info: str = environ.get("PATH_INFO", "")
        if not path_info.startswith(prefix) or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return app(environ, start_response)
        name = path_info.removeprefix(prefix)
        found = _find(name)
        if found is None:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found"]
        content_type, _ = mimetypes.guess_type(found.name)
        headers = [
            ("Content-Type", content_type or "application/octet-stream"),
            ("Cache-Control", f"public, max-age={YEAR_SECONDS}, immutable"),
        ]
        compressed = found.with_name(found.name + ".gz")
        if compressed.is_file():
            headers.append(("Vary", "Accept-Encoding"))
            if _accepts_gzip(environ):
                headers.append(("Content-Encoding", "gzip"))
                found = compressed
        headers.append(("Content-Length", str(found.stat().st_size)))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else _read(found, environ)

    return application
