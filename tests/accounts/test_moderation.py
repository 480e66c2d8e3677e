"""Moderators' actions through the real admin: suspending, lifting a suspension, resetting, deleting."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from oauth2_provider.models import AccessToken

from photogram.accounts.models import Follow, User
from photogram.accounts.services import graph
from tests.support.api import PASSWORD, ApiClient, make_token, make_user
from tests.support.oauth import (
    RegisteredApp,
    authorization_code,
    exchange_code,
    password_grant,
    pkce_pair,
    register_app,
    signed_in,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"


@pytest.fixture
def moderator() -> Client:
    return signed_in(User.objects.create_superuser("root", "root@example.org", PASSWORD))


@pytest.fixture
def app() -> RegisteredApp:
    return register_app(Client())


def _run_action(admin: Client, action: str, *accounts: User, **extra: str) -> Any:
    """Tick the accounts in the changelist, choose the action and press Go."""
    fields = {"action": action, "index": "0", ACTION_CHECKBOX_NAME: [str(account.pk) for account in accounts]}
    return admin.post(CHANGELIST, {**fields, **extra}, follow=True)


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _web_sign_in(username: str) -> int:
    response = Client().post("/auth/sign_in", {"username": username, "password": PASSWORD})
    return int(response.status_code)


def _follower_names(viewer_token: str, account: User) -> list[str]:
    response = ApiClient(viewer_token).get(f"/api/v1/accounts/{account.pk}/followers")
    assert response.status_code == 200
    return [entry["username"] for entry in response.json()]


def test_suspension_locks_the_account_out_and_hides_it_until_lifted(moderator: Client, app: RegisteredApp) -> None:
    alice, bob, carol = make_user("alice"), make_user("bob"), make_user("carol")
    graph.follow(alice, bob)
    graph.follow(carol, bob)
    granted = password_grant(Client(), app, "alice", PASSWORD).json()["access_token"]
    made = make_token(alice)
    carol_token = make_token(carol)
    alice_browser = signed_in(alice)
    assert ApiClient(carol_token).get(f"/api/v1/accounts/{alice.pk}").status_code == 200
    assert _follower_names(carol_token, bob) == ["carol", "alice"]

    response = _run_action(moderator, "suspend_accounts", alice)
    assert response.status_code == 200
    assert "Suspended 1 account(s)." in _messages(response)
    alice.refresh_from_db()
    assert alice.is_suspended

    assert _web_sign_in("alice") == 401
    refused = password_grant(Client(), app, "alice", PASSWORD)
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")
    for token in (granted, made):
        assert ApiClient(token).get("/api/v1/accounts/verify_credentials").status_code == 401
    assert not AccessToken.objects.filter(user=alice).exists()
    assert alice_browser.get("/settings/password").status_code == 302  # the web session ended too
    for viewer in (ApiClient(carol_token), ApiClient(None)):
        assert viewer.get(f"/api/v1/accounts/{alice.pk}").status_code == 404
        assert viewer.get("/api/v1/accounts/lookup", {"acct": "alice"}).status_code == 404
    assert _follower_names(carol_token, bob) == ["carol"]
    assert ApiClient(carol_token).post(f"/api/v1/accounts/{alice.pk}/follow").status_code == 404
    # The others are untouched.
    assert _web_sign_in("carol") == 302
    assert ApiClient(carol_token).get("/api/v1/accounts/verify_credentials").status_code == 200

    response = _run_action(moderator, "unsuspend_accounts", alice)
    assert "Unsuspended 1 account(s)." in _messages(response)
    alice.refresh_from_db()
    assert not alice.is_suspended
    assert _web_sign_in("alice") == 302
    again = password_grant(Client(), app, "alice", PASSWORD)
    assert again.status_code == 200
    assert ApiClient(again.json()["access_token"]).get("/api/v1/accounts/verify_credentials").status_code == 200
    # Tokens revoked by the suspension stay revoked: the person logs in again.
    assert ApiClient(made).get("/api/v1/accounts/verify_credentials").status_code == 401
    assert ApiClient(carol_token).get(f"/api/v1/accounts/{alice.pk}").status_code == 200
    assert _follower_names(carol_token, bob) == ["carol", "alice"]


def test_a_code_issued_before_the_suspension_gets_no_token(moderator: Client, app: RegisteredApp) -> None:
    alice = make_user("alice")
    verifier, challenge = pkce_pair()
    code = authorization_code(alice, app, challenge)
    _run_action(moderator, "suspend_accounts", alice)
    response = exchange_code(app, code, verifier)
    assert response.status_code == 400
    assert not AccessToken.objects.filter(user=alice).exists()
    # Nor after the suspension is lifted: the person authorises the app again.
    _run_action(moderator, "unsuspend_accounts", alice)
    assert exchange_code(app, code, verifier).status_code == 400
    assert not AccessToken.objects.filter(user=alice).exists()


def test_suspending_several_accounts_counts_only_those_not_yet_suspended(moderator: Client) -> None:
    alice, bob, carol = (make_user(name, with_password=False) for name in ("alice", "bob", "carol"))
    assert "Suspended 1 account(s)." in _messages(_run_action(moderator, "suspend_accounts", alice))
    first_suspension = User.objects.get(pk=alice.pk).suspended_at

    response = _run_action(moderator, "suspend_accounts", alice, bob)
    assert "Suspended 1 account(s)." in _messages(response)
    assert User.objects.get(pk=alice.pk).suspended_at == first_suspension
    assert User.objects.get(pk=bob.pk).is_suspended
    assert not User.objects.get(pk=carol.pk).is_suspended

    suspended = moderator.get(CHANGELIST, {"suspended_at__isempty": "0"})
    assert suspended.status_code == 200
    assert sorted(user.username for user in suspended.context["cl"].result_list) == ["alice", "bob"]

    response = _run_action(moderator, "unsuspend_accounts", alice, bob, carol)
    assert "Unsuspended 2 account(s)." in _messages(response)
    assert not User.objects.filter(suspended_at__isnull=False).exists()


def test_only_staff_can_suspend() -> None:
    victim = make_user("victim", with_password=False)
    response = signed_in(make_user("alice")).post(
        CHANGELIST, {"action": "suspend_accounts", "index": "0", ACTION_CHECKBOX_NAME: [str(victim.pk)]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not User.objects.get(pk=victim.pk).is_suspended


def test_a_password_set_by_a_moderator_revokes_the_accounts_tokens(moderator: Client) -> None:
    alice = make_user("alice")
    token = make_token(alice)
    url = f"/admin/accounts/user/{alice.pk}/password/"
    assert moderator.get(url).status_code == 200
    response = moderator.post(
        url,
        {"password1": "a new secret for alice 9", "password2": "a new secret for alice 9", "usable_password": "true"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a new secret for alice 9")
    assert ApiClient(token).get("/api/v1/accounts/verify_credentials").status_code == 401


def test_deleting_accounts_in_the_admin_fixes_the_counts(moderator: Client) -> None:
    alice, bob, carol, dave = (make_user(name, with_password=False) for name in ("alice", "bob", "carol", "dave"))
    graph.follow(alice, bob)
    graph.follow(carol, bob)
    graph.follow(bob, alice)
    graph.follow(dave, carol)
    graph.follow(carol, dave)

    # The delete-selected action asks for confirmation first, then deletes.
    confirm = _run_action(moderator, "delete_selected", alice, dave)
    assert User.objects.filter(pk=alice.pk).exists()
    assert "Are you sure" in confirm.content.decode()
    _run_action(moderator, "delete_selected", alice, dave, post="yes")
    assert not User.objects.filter(pk__in=[alice.pk, dave.pk]).exists()
    bob.refresh_from_db()
    carol.refresh_from_db()
    assert (bob.followers_count, bob.following_count) == (1, 0)
    assert (carol.followers_count, carol.following_count) == (0, 1)

    # The delete page of one account.
    response = moderator.post(f"/admin/accounts/user/{bob.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    carol.refresh_from_db()
    assert (carol.followers_count, carol.following_count) == (0, 0)
    assert not Follow.objects.exists()
