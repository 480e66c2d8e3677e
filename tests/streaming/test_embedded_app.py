"""The embedded profile's one ASGI app hands the web app's responses on as a WSGI server would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

from photogram.streaming.embedded import embedded_application
from tests.support.eventually import soon
from tests.support.streaming import serving


@pytest.fixture
def url(transactional_db: None) -> Iterator[str]:
    with serving(embedded_application(get_wsgi_application())) as address:
        yield address


def test_a_page_that_sets_a_cookie_reaches_the_client(url: str) -> None:
    response = requests.get(f"{url}/auth/sign_in", timeout=10)
    assert response.status_code == 200
    assert response.raw.headers["set-cookie"].startswith("csrftoken=")
    assert "csrftoken" in response.cookies


def test_each_response_is_closed_once_sent_so_django_finishes_the_request(url: str) -> None:
    finished: list[Any] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        finished.append(sender)

    request_finished.connect(receiver)
    try:
        for path in ("/auth/sign_in", "/healthz", "/no/such/page"):
            requests.get(f"{url}{path}", timeout=10)
        # The response is closed in Django's thread after its last bytes left, so maybe after the client read them.
        assert soon(lambda: len(finished), 3) == 3
    finally:
        request_finished.disconnect(receiver)
