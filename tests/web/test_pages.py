"""The server-rendered pages: signing up, in and out, changing one's password, deleting one's account."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken, RefreshToken
from PIL import Image

from photogram.accounts.models import Block, Follow, FollowRequest, Mute, User
from photogram.accounts.services import graph, profile
from tests.support.api import PASSWORD, ApiClient, make_token, make_user
from tests.support.oauth import password_grant, register_app, signed_in, start_of_fresh_window

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another long enough secret 2"
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def _page_text(response: Any) -> str:
    content: bytes = response.content
    return html.unescape(content.decode())


def _logged_in_user_id(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return None if user_id is None else str(user_id)


def _sign_up_fields(**overrides: str) -> dict[str, str]:
    return {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "password": "a long enough secret 1",
        "agreement": "on",
        **overrides,
    }


def _sign_in(client: Client, username: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post("/auth/sign_in", {"username": username, "password": password, **extra})


def _csrf_token(page: Any) -> str:
    """Return the token the page's form carries, as a browser would submit it."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match, "the page has no CSRF token in its form"
    return match.group(1)


def _png(size: tuple[int, int] = (600, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def alice() -> User:
    return make_user("alice")


# Signing up


def test_the_sign_up_page_shows_its_form() -> None:
    response = Client().get("/auth/sign_up")
    assert response.status_code == 200
    for name in ("username", "email", "password", "agreement"):
        assert f'name="{name}"' in response.content.decode()


def test_signing_up_creates_the_account_and_logs_it_in() -> None:
    client = Client()
    response = client.post("/auth/sign_up", _sign_up_fields())
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.org"
    assert user.check_password("a long enough secret 1")
    assert _logged_in_user_id(client) == str(user.pk)
    assert 'href="/@newcomer"' in _page_text(client.get("/")), "the home page links to the new account's profile"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "12345678"}, "This password is too common."),
        ({"password": "short"}, "This password is too short. It must contain at least 8 characters."),
        ({"password": "newcomer1"}, "The password is too similar to the username."),
        ({"username": "ALICE"}, "Username is already taken."),
        ({"username": "admin"}, "Username is reserved."),
        ({"username": "Admin"}, "Username is reserved."),
        ({"username": "no spaces"}, "Username may only contain letters, numbers and underscores."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": "ALICE@example.org"}, "Email is already in use."),
        ({"agreement": ""}, "This field is required."),
    ],
)
def test_signing_up_with_bad_input_shows_why_and_creates_nothing(
    alice: User, fields: dict[str, str], message: str
) -> None:
    client = Client()
    before = User.objects.count()
    response = client.post("/auth/sign_up", _sign_up_fields(**fields))
    assert response.status_code == 422
    text = _page_text(response)
    assert message in text
    assert ".." not in text
    assert User.objects.count() == before
    assert _logged_in_user_id(client) is None
    # What was typed is kept, apart from the password.
    if "username" in fields:
        assert f'value="{fields["username"]}"' in text
    assert 'name="password" value' not in text


def test_signing_up_is_closed_when_the_instance_closes_registrations(settings: Any) -> None:
    settings.REGISTRATIONS_OPEN = False
    client = Client()
    assert client.get("/auth/sign_up").status_code == 403
    response = client.post("/auth/sign_up", _sign_up_fields())
    assert response.status_code == 403
    assert "not accepting new accounts" in _page_text(response)
    assert not User.objects.filter(username="newcomer").exists()
    assert _logged_in_user_id(client) is None


def test_sign_ups_are_rate_limited_per_address(settings: Any) -> None:
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "sign_up": (2, 1800)}
    start_of_fresh_window(1800)
    for number in (1, 2):
        response = Client().post("/auth/sign_up", _sign_up_fields(username=f"person{number}", email=f"{number}@x.org"))
        assert response.status_code == 302
    refused = Client().post("/auth/sign_up", _sign_up_fields(username="person3", email="3@x.org"))
    assert refused.status_code == 429
    assert "Too many sign-ups from your address" in _page_text(refused)
    assert not User.objects.filter(username="person3").exists()


# Cross-site request forgery


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/auth/sign_in", {"username": "alice", "password": PASSWORD}),
        ("/auth/sign_up", _sign_up_fields()),
    ],
)
def test_forms_need_the_csrf_token(alice: User, path: str, fields: dict[str, str]) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(path, fields).status_code == 403
    assert _logged_in_user_id(client) is None

    page = client.get(path)
    assert page.status_code == 200
    forged = client.post(path, {**fields, "csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403

    response = client.post(path, {**fields, "csrfmiddlewaretoken": _csrf_token(page)})
    assert response.status_code == 302
    assert _logged_in_user_id(client) is not None


def test_the_csrf_cookie_works_as_a_header_too(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/auth/sign_in")
    token = client.cookies["csrftoken"].value
    response = client.post("/auth/sign_in", {"username": "alice", "password": PASSWORD}, headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(alice.pk)


# Signing in


@pytest.mark.parametrize("identifier", ["alice", "ALICE", "alice@example.org", "Alice@Example.org"])
def test_signing_in_by_username_or_email(alice: User, identifier: str) -> None:
    client = Client()
    assert client.get("/auth/sign_in").status_code == 200
    response = _sign_in(client, identifier)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_user_id(client) == str(alice.pk)


@pytest.mark.parametrize(("identifier", "password"), [("alice", "wrong password"), ("nobody", PASSWORD)])
def test_signing_in_with_wrong_credentials_is_refused(alice: User, identifier: str, password: str) -> None:
    client = Client()
    response = _sign_in(client, identifier, password)
    assert response.status_code == 401
    assert "Invalid username, email or password." in _page_text(response)
    assert _logged_in_user_id(client) is None


@pytest.mark.parametrize("change", [{"is_active": False}, {"suspended_at": timezone.now()}])
def test_a_deactivated_or_suspended_account_cannot_sign_in(alice: User, change: dict[str, Any]) -> None:
    User.objects.filter(pk=alice.pk).update(**change)
    response = _sign_in(Client(), "alice")
    assert response.status_code == 401
    assert "Invalid username, email or password." in _page_text(response)


def test_five_wrong_passwords_lock_the_account_for_a_while(alice: User) -> None:
    make_user("bob")
    start_of_fresh_window(300)
    for _ in range(5):
        assert _sign_in(Client(), "alice", "wrong password").status_code == 401
    client = Client()
    refused = _sign_in(client, "alice")
    assert refused.status_code == 429
    assert "Too many failed log-in attempts" in _page_text(refused)
    assert _logged_in_user_id(client) is None
    # The count is per account (by the name it is asked with, whatever its case).
    assert _sign_in(Client(), "ALICE").status_code == 429
    assert _sign_in(Client(), "bob").status_code == 302


def test_a_successful_sign_in_clears_the_failures(alice: User) -> None:
    start_of_fresh_window(300)
    for _ in range(4):
        assert _sign_in(Client(), "alice", "wrong password").status_code == 401
    assert _sign_in(Client(), "alice").status_code == 302
    for _ in range(4):
        assert _sign_in(Client(), "alice", "wrong password").status_code == 401
    assert _sign_in(Client(), "alice").status_code == 302


def test_sign_ins_are_rate_limited_per_address(alice: User, settings: Any) -> None:
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "log_in": (3, 300)}
    start_of_fresh_window(300)
    for _ in range(3):
        assert _sign_in(Client(), "alice").status_code == 302
    client = Client()
    refused = _sign_in(client, "alice")
    assert refused.status_code == 429
    assert "Too many log-in attempts from your address" in _page_text(refused)
    assert _logged_in_user_id(client) is None
    # Another address has a budget of its own.
    assert _sign_in(Client(REMOTE_ADDR="192.0.2.7"), "alice").status_code == 302


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/settings/password", "/settings/password"),
        ("/settings/password?tab=1", "/settings/password?tab=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("http://testserver.evil.example/", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_signing_in_follows_next_only_to_this_site(alice: User, target: str, landing: str) -> None:
    page = Client().get("/auth/sign_in", {"next": target})
    assert page.status_code == 200
    hidden = re.search(r'name="next" value="([^"]*)"', page.content.decode())
    assert hidden is not None
    assert html.unescape(hidden.group(1)) == landing

    response = _sign_in(Client(), "alice", next=target)
    assert response.status_code == 302
    assert response["Location"] == landing


def test_next_in_the_query_string_is_followed_too(alice: User) -> None:
    response = Client().post("/auth/sign_in?next=/settings/delete", {"username": "alice", "password": PASSWORD})
    assert response["Location"] == "/settings/delete"


# Signing out


def test_signing_out_takes_a_post_and_ends_the_session(alice: User) -> None:
    client = signed_in(alice)
    refused = client.get("/auth/sign_out")
    assert refused.status_code == 405
    assert _logged_in_user_id(client) == str(alice.pk)

    response = client.post("/auth/sign_out")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_user_id(client) is None
    assert client.get("/settings/password").status_code == 302


# Pages that need a signed-in person


@pytest.mark.parametrize("path", ["/settings/password", "/settings/delete"])
def test_account_pages_send_anonymous_visitors_to_sign_in(path: str) -> None:
    for method in ("get", "post"):
        response = getattr(Client(), method)(path, {"password": PASSWORD} if method == "post" else None)
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == "/auth/sign_in"
        assert parse_qs(location.query) == {"next": [path]}


# Changing one's password


def test_changing_the_password_needs_the_current_one(alice: User) -> None:
    client = signed_in(alice)
    response = client.post("/settings/password", {"current_password": "wrong", "password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "Current password is not your current password." in _page_text(response)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "message"),
    [("password1", "This password is too common."), ("alice_example", "too similar to the")],
)
def test_a_weak_new_password_is_refused(alice: User, new: str, message: str) -> None:
    client = signed_in(alice)
    response = client.post("/settings/password", {"current_password": PASSWORD, "password": new})
    assert response.status_code == 422
    assert message in _page_text(response)
    assert ".." not in _page_text(response)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_changing_the_password_revokes_every_token_and_keeps_this_session(alice: User) -> None:
    app = register_app(Client())
    granted = password_grant(Client(), app, "alice", PASSWORD)
    assert granted.status_code == 200
    app_issued = granted.json()["access_token"]
    made = make_token(alice)
    bob_token = make_token(make_user("bob", with_password=False))
    other_session = signed_in(alice)
    assert RefreshToken.objects.filter(user=alice).exists()

    client = signed_in(alice)
    response = client.post("/settings/password", {"current_password": PASSWORD, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/settings/password"
    assert "Your password was changed." in _page_text(client.get("/settings/password"))

    assert not AccessToken.objects.filter(user=alice).exists()
    assert not RefreshToken.objects.filter(user=alice).exists()
    for token in (app_issued, made):
        assert ApiClient(token).get("/api/v1/accounts/verify_credentials").status_code == 401
    assert ApiClient(bob_token).get("/api/v1/accounts/verify_credentials").status_code == 200

    assert _logged_in_user_id(client) == str(alice.pk)
    assert client.get("/settings/password").status_code == 200
    # Every other session ends with the old password.
    assert other_session.get("/settings/password").status_code == 302

    assert _sign_in(Client(), "alice", PASSWORD).status_code == 401
    assert _sign_in(Client(), "alice", NEW_PASSWORD).status_code == 302


# Deleting one's account


def test_deleting_the_account_needs_the_password(alice: User) -> None:
    client = signed_in(alice)
    assert client.get("/settings/delete").status_code == 200
    response = client.post("/settings/delete", {"password": "wrong"})
    assert response.status_code == 422
    assert "That is not your password." in _page_text(response)
    assert User.objects.filter(pk=alice.pk).exists()
    assert _logged_in_user_id(client) == str(alice.pk)


def test_deleting_the_account_removes_it_its_relationships_and_its_files(
    alice: User, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    settings.MEDIA_ROOT = tmp_path
    bob, carol, dave, erin = (make_user(name, with_password=False) for name in ("bob", "carol", "dave", "erin"))
    locked = make_user("locked", with_password=False, locked=True)
    graph.follow(alice, bob)
    graph.follow(alice, carol)
    graph.follow(dave, alice)
    graph.follow(carol, bob)
    graph.follow(alice, locked)  # a request, not a follow
    graph.block(alice, erin)
    graph.block(erin, alice)
    graph.mute(alice, dave, notifications=True)
    profile.update_profile(alice, avatar=_png(), header=_png((1600, 600)))
    alice.refresh_from_db()
    files = [alice.avatar.name, alice.header.name]
    assert all(files)
    assert all(default_storage.exists(name) for name in files)
    token = make_token(alice)

    client = signed_in(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/settings/delete", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_user_id(client) is None
    assert not User.objects.filter(pk=alice.pk).exists()

    counts = {user.username: (user.followers_count, user.following_count) for user in User.objects.all()}
    assert counts == {"bob": (1, 0), "carol": (0, 1), "dave": (0, 0), "erin": (0, 0), "locked": (0, 0)}
    assert not Follow.objects.filter(follower_id=alice.pk).exists()
    assert not Follow.objects.filter(followee_id=alice.pk).exists()
    assert Follow.objects.count() == 1  # carol -> bob
    assert not Block.objects.exists()
    assert not FollowRequest.objects.exists()
    assert not Mute.objects.exists()
    assert not AccessToken.objects.filter(token=token).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert ApiClient(token).get("/api/v1/accounts/verify_credentials").status_code == 401
