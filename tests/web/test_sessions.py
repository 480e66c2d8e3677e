"""Signed-in browsers in the settings: listed with browser and last use, signed out one by one or all others."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from photogram.accounts.models import User, WebSession
from photogram.accounts.services import profile
from photogram.accounts.services.sessions import session_id
from tests.support.api import PASSWORD, as_user, make_user
from tests.web.community import text_of

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari"
LAPTOP = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _signed_in_browser(username: str, agent: str) -> Client:
    """Sign in through the form, as a browser would, and return the browser."""
    browser = Client(headers={"User-Agent": agent})
    response = browser.post("/auth/sign_in", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def _signed_in(browser: Client) -> bool:
    return browser.get("/settings/sessions").status_code == 200


def test_the_page_lists_each_signed_in_browser_and_marks_this_one() -> None:
    alice = make_user("alice")
    phone, laptop = _signed_in_browser("alice", PHONE), _signed_in_browser("alice", LAPTOP)
    page = text_of(laptop.get("/settings/sessions"))
    assert "Chrome on Android" in page
    assert re.search(r"Firefox on Linux <span class=\"tag\">This browser</span>", page)
    assert "Last seen 0\xa0minutes ago · from 127.0.0.1" in page
    assert page.count("Sign out every other browser") == 1
    rows = WebSession.objects.filter(user=alice)
    assert {row.user_agent for row in rows} == {PHONE, LAPTOP}
    # The page names sessions by a digest: a session's key, which signs a browser in, is not on it.
    for row in rows:
        assert row.session_key not in page
    assert _signed_in(phone)


def test_signing_out_one_browser_ends_its_session_only() -> None:
    make_user("alice")
    phone, laptop = _signed_in_browser("alice", PHONE), _signed_in_browser("alice", LAPTOP)
    key = phone.cookies["sessionid"].value
    response = laptop.post(f"/settings/sessions/{session_id(key)}/sign_out")
    assert response["Location"] == "/settings/sessions"
    assert "That browser is signed out." in text_of(laptop.get("/settings/sessions"))
    assert phone.get("/settings/sessions")["Location"].startswith("/auth/sign_in")
    assert _signed_in(laptop)
    assert not WebSession.objects.filter(session_key=key).exists()


def test_signing_out_every_other_browser_keeps_this_one() -> None:
    make_user("alice")
    others = [_signed_in_browser("alice", PHONE) for _ in range(2)]
    laptop = _signed_in_browser("alice", LAPTOP)
    assert laptop.post("/settings/sessions/others/sign_out")["Location"] == "/settings/sessions"
    page = text_of(laptop.get("/settings/sessions"))
    assert "Every other browser is signed out." in page
    assert "Chrome on Android" not in page
    assert not any(_signed_in(browser) for browser in others)


def test_one_cannot_sign_out_someone_elses_browser() -> None:
    make_user("alice")
    make_user("bob")
    alices = _signed_in_browser("alice", PHONE)
    bobs = _signed_in_browser("bob", LAPTOP)
    response = bobs.post(f"/settings/sessions/{session_id(alices.cookies['sessionid'].value)}/sign_out")
    assert response.status_code == 404
    assert "This browser is not signed in to your account" in text_of(response)
    assert _signed_in(alices)
    assert "Chrome on Android" not in text_of(bobs.get("/settings/sessions"))


def test_a_password_change_drops_the_other_browsers_from_the_list() -> None:
    alice = make_user("alice")
    _signed_in_browser("alice", PHONE)
    laptop = _signed_in_browser("alice", LAPTOP)
    response = laptop.post(
        "/settings/password", {"current_password": PASSWORD, "password": "another long enough secret 2"}
    )
    assert response.status_code == 302
    page = text_of(laptop.get("/settings/sessions"))
    assert "Firefox on Linux" in page
    assert "Chrome on Android" not in page
    profile.delete_account(User.objects.get(pk=alice.pk))
    assert not WebSession.objects.filter(user_id=alice.pk).exists()


def test_the_api_with_a_bearer_token_leaves_no_session_behind() -> None:
    alice = make_user("alice", with_password=False)
    assert as_user(alice).get("/api/v1/accounts/verify_credentials").status_code == 200
    assert not WebSession.objects.exists()
