"""Static files go out compressed to clients that take gzip: collectstatic writes the copies, the app sends them."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static

from photogram.core.static_serving import compressed_static_files


def _app_behind(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"the app"]


SERVED = compressed_static_files(_app_behind)


def get(path: str, accept_encoding: str = "") -> tuple[str, dict[str, str], bytes]:
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_ACCEPT_ENCODING": accept_encoding}
    body = b"".join(SERVED(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def collected(settings: Any, tmp_path: Path) -> Path:
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", "--ignore", "admin", verbosity=0, stdout=io.StringIO())
    return tmp_path


def test_a_script_goes_out_gzipped_to_a_browser_and_as_it_is_to_others(collected: Path) -> None:
    original = Path(str(finders.find("vendor/htmx.min.js"))).read_bytes()
    address = static("vendor/htmx.min.js")
    assert address != "/static/vendor/htmx.min.js", "collected under its hashed name"

    status, headers, body = get(address, "gzip, deflate, br, zstd")
    assert status == "200 OK"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert headers["Content-Type"] == "text/javascript"
    assert "immutable" in headers["Cache-Control"]
    assert int(headers["Content-Length"]) == len(body) < len(original) / 2
    assert gzip.decompress(body) == original

    status, headers, body = get(address, "identity")
    assert "Content-Encoding" not in headers
    assert body == original


def test_files_that_do_not_compress_have_no_copy(collected: Path) -> None:
    assert list(collected.rglob("*.png.gz")) == []
    assert list(collected.rglob("*.js.gz")), "the scripts have theirs"


@pytest.mark.usefixtures("collected")
@pytest.mark.parametrize("path", ["/static/no/such.js", "/static/../secret_key", "/static/%2e%2e/secret_key"])
def test_a_missing_or_outside_file_is_not_found(path: str) -> None:
    status, _, _ = get(path, "gzip")
    assert status == "404 Not Found"


def test_other_addresses_go_to_the_app() -> None:
    assert get("/explore", "gzip") == ("200 OK", {"Content-Type": "text/plain"}, b"the app")
