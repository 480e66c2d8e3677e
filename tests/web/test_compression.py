"""Pages go out gzip-compressed to a browser that accepts it; API answers and other clients' pages do not."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

from tests.web.community import build, client_for


@pytest.mark.django_db
def test_a_page_is_compressed_for_a_browser_that_accepts_gzip() -> None:
    town = build()
    answer = client_for(town.bob).get("/explore", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert answer.status_code == 200
    assert answer["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in answer["Vary"]
    page = gzip.decompress(answer.content)
    assert b"</html>" in page
    assert len(answer.content) < len(page) / 2


@pytest.mark.django_db
def test_a_page_is_sent_as_it_is_to_a_client_that_does_not_accept_gzip() -> None:
    answer = Client().get("/explore")
    assert answer.status_code == 200
    assert not answer.has_header("Content-Encoding")
    assert answer.content.rstrip().endswith(b"</html>")


@pytest.mark.django_db
def test_api_answers_are_not_compressed() -> None:
    answer = Client().get("/api/v1/instance", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert not answer.has_header("Content-Encoding")
    assert answer.json()["uri"]
