"""The web app's weight and its static files: scripts and a full home page each under 50 KB compressed, and
static names that carry their content's hash once collected."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static

from tests.web.community import build, client_for, post

BUDGET = 50 * 1024


def _compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def test_the_scripts_weigh_under_50_kb_compressed() -> None:
    scripts = ["vendor/htmx.min.js", "photogram/site.js", "photogram/live.js"]
    total = 0
    for name in scripts:
        found = finders.find(name)
        if found is None:
            pytest.fail(f"{name} is missing: `make install` copies the front-end packages from npm")
        total += _compressed(Path(str(found)).read_bytes())
    assert total < BUDGET, f"{total} bytes of script, compressed"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("feed_stack")
def test_a_full_home_page_weighs_under_50_kb_compressed() -> None:
    from tests.support.eventually import soon

    town = build()
    for index in range(10):
        post(town.alice, f"A long caption for post {index} " + "with #words and more words " * 20, photos=3)
    bob = client_for(town.bob)
    soon(lambda: bob.get("/").content.count(b'class="post card"'), 10)
    answer = bob.get("/", headers={"Accept-Encoding": "gzip"})
    assert answer["Content-Encoding"] == "gzip", "pages go out compressed (photogram/web/compression.py)"
    assert gzip.decompress(answer.content).count(b'class="post card"') == 10
    assert len(answer.content) < BUDGET, f"{len(answer.content)} bytes of HTML, as sent"


def test_collected_static_names_carry_their_hash(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    assert static("photogram/site.css") == "/static/photogram/site.css", "before collecting: the name as it is"
    call_command("collectstatic", "--noinput", "--ignore", "admin", verbosity=0, stdout=io.StringIO())
    hashed = static("photogram/site.css")
    assert re.fullmatch(r"/static/photogram/site\.[0-9a-f]{12}\.css", hashed), hashed
    assert (tmp_path / hashed.removeprefix("/static/")).is_file()
    assert settings.STATICFILES_DIRS[0][0] == "vendor"
    assert re.fullmatch(r"/static/vendor/htmx\.min\.[0-9a-f]{12}\.js", static("vendor/htmx.min.js"))


def test_the_vendor_folder_holds_nothing_committed() -> None:
    folder = Path(settings.STATICFILES_DIRS[0][1])
    ignore = (folder / ".gitignore").read_text()
    assert "*" in ignore.splitlines()
