"""The web app speaks the language one asks for: its strings are marked for translation, English needs no
compiled catalogue, and a catalogue added for another language is used for whoever asks for it (by the
browser's Accept-Language, or the choice kept in a cookie by /i18n/setlang/)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import REPO_ROOT

WEB_APP = REPO_ROOT / "photogram" / "web"


def _extract(locale_dir: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, language: str) -> Path:
    """Run makemessages over the web app into `locale_dir`; return the catalogue it wrote."""
    settings.LOCALE_PATHS = [locale_dir]
    monkeypatch.chdir(WEB_APP)
    call_command("makemessages", locale=[language], verbosity=0, stdout=io.StringIO())
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def _msgids(catalogue: Path) -> set[str]:
    entries = re.findall(r'^msgid ((?:".*"\n)+)', catalogue.read_text(), flags=re.MULTILINE)
    return {"".join(re.findall(r'"(.*)"', entry)) for entry in entries}


def test_the_strings_of_templates_and_views_are_extracted(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _msgids(_extract(tmp_path, settings, monkeypatch, "fr"))
    assert "Skip to content" in found  # base.html, {% translate %}
    assert "There is no such page of explore." in found  # a view's gettext
    assert "New posts" in found  # the live button, in the page for live.js to show
    assert r"<a href=\"/@%(who.username)s\">%(name)s</a> liked your post." in found  # {% blocktranslate %}


def test_english_needs_no_compiled_catalogue() -> None:
    compiled = [path for path in (REPO_ROOT / "photogram").rglob("*.mo") if "/en" in str(path)]
    assert compiled == []
    page = Client(headers={"Accept-Language": "en-GB,en;q=0.9"}).get("/")
    assert page.status_code == 200
    assert b'<html lang="en">' in page.content
    assert b"Skip to content" in page.content


@pytest.mark.django_db
def test_a_catalogue_added_for_a_language_serves_whoever_asks_for_it(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = _extract(tmp_path, settings, monkeypatch, "fr")
    text = catalogue.read_text().replace(
        'msgid "Skip to content"\nmsgstr ""', 'msgid "Skip to content"\nmsgstr "Aller au contenu"'
    )
    catalogue.write_text(text)
    call_command("compilemessages", locale=["fr"], verbosity=0, stdout=io.StringIO())
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]

    french = Client(headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get("/")
    assert b'<html lang="fr">' in french.content
    assert b"Aller au contenu" in french.content
    assert "Accept-Language" in french["Vary"]

    unknown = Client(headers={"Accept-Language": "de"}).get("/")
    assert b"Skip to content" in unknown.content, "a language not offered falls back to English"

    chooser = Client(headers={"Accept-Language": "fr"})
    chosen = chooser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert chosen.status_code == 302
    assert b"Skip to content" in chooser.get("/").content, "one's choice wins over the browser's"
