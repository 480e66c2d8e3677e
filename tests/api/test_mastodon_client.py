"""The whole accounts flow driven by Mastodon.py, a client nobody here wrote, against a real HTTP server."""

from __future__ import annotations

from typing import Any

import pytest
from mastodon import Mastodon, MastodonAPIError, MastodonNotFoundError

pytestmark = pytest.mark.django_db(transaction=True)

SCOPES = ["read", "write", "follow", "push"]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(live_server: Any, settings: Any) -> str:
    # Every test account signs up from the same address.
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "sign_up": (100, 1800)}
    # The OAuth discovery document names the token endpoint by the public URL, as Mastodon's does.
    settings.PUBLIC_URL = str(live_server.url)
    return str(live_server.url)


@pytest.fixture
def app(server: str) -> tuple[str, str]:
    client_id, client_secret = Mastodon.create_app(
        "photogram tests", scopes=SCOPES, api_base_url=server, redirect_uris="urn:ietf:wg:oauth:2.0:oob"
    )
    return client_id, client_secret


def _client(server: str, app: tuple[str, str], token: str | None = None) -> Mastodon:
    return Mastodon(
        client_id=app[0],
        client_secret=app[1],
        access_token=token,
        api_base_url=server,
        version_check_mode="none",
        ratelimit_method="throw",
    )


def _register(server: str, app: tuple[str, str], username: str) -> Mastodon:
    client = _client(server, app)
    client.create_account(username, PASSWORD, f"{username}@example.org", agreement=True, scopes=SCOPES)
    return client


def test_register_log_in_follow_lock_approve_block_and_page(server: str, app: tuple[str, str]) -> None:
    alice = _register(server, app, "alice")
    bob = _register(server, app, "bob")
    carol = _register(server, app, "carol")

    # Logging in again with the password grant, by email as Mastodon apps do.
    again = _client(server, app)
    token = again.log_in("alice@example.org", PASSWORD, scopes=SCOPES, allow_http=True)  # the test server has no TLS
    assert token
    me = again.account_verify_credentials()
    assert me.username == "alice"
    assert me.source["privacy"] == "public"

    bob_id = bob.account_verify_credentials().id
    relationship = alice.account_follow(bob_id)
    assert relationship.following is True
    assert bob.account_verify_credentials().followers_count == 1
    assert alice.account_verify_credentials().following_count == 1

    # Bob locks his account: Carol's follow becomes a request that Bob approves.
    assert bob.account_update_credentials(locked=True).locked is True
    carol_id = carol.account_verify_credentials().id
    asked = carol.account_follow(bob_id)
    assert (asked.following, asked.requested) == (False, True)
    assert [account.id for account in bob.follow_requests()] == [carol_id]
    bob.follow_request_authorize(carol_id)
    assert carol.account_relationships(bob_id)[0].following is True
    assert bob.follow_requests() == []
    assert bob.account_verify_credentials().followers_count == 2

    # Alice blocks Bob: her follow ends, each disappears for the other.
    alice_id = me.id
    blocked = alice.account_block(bob_id)
    assert (blocked.blocking, blocked.following) == (True, False)
    assert bob.account_relationships(alice_id)[0].blocked_by is True
    with pytest.raises(MastodonNotFoundError):
        bob.account(alice_id)
    with pytest.raises(MastodonNotFoundError):
        bob.account_follow(alice_id)
    assert bob.account_verify_credentials().followers_count == 1
    assert [account.id for account in alice.blocks()] == [bob_id]
    alice.account_unblock(bob_id)
    assert alice.account_relationships(bob_id)[0].blocking is False

    # Bob's followers, two to a page, followed through the Link headers.
    for name in ("dave", "erin", "frank"):
        _register(server, app, name).account_follow(bob_id)
    pending = bob.follow_requests()
    for account in reversed(pending):  # in the order they asked
        bob.follow_request_authorize(account.id)
    page = bob.account_followers(bob_id, limit=2)
    seen: list[str] = []
    while page:
        assert len(page) <= 2
        seen.extend(account.username for account in page)
        page = bob.fetch_next(page)
    assert seen == ["frank", "erin", "dave", "carol"]
    assert bob.account_verify_credentials().followers_count == 4


def test_bad_requests_get_mastodon_errors(server: str, app: tuple[str, str]) -> None:
    alice = _register(server, app, "alice")
    with pytest.raises(MastodonAPIError, match="cannot follow yourself"):
        alice.account_follow(alice.account_verify_credentials().id)
    with pytest.raises(MastodonNotFoundError):
        alice.account_follow("12345")
    with pytest.raises(Exception, match=r"ERR_TAKEN|taken"):
        _client(server, app).create_account("ALICE", PASSWORD, "other@example.org", agreement=True, scopes=SCOPES)
    instance = alice.instance_v2()
    assert instance.configuration.statuses.max_media_attachments == 20
    assert "Photogram" in instance.version


def test_discovery_as_mastodon_py_reads_it(server: str, app: tuple[str, str]) -> None:
    alice = _register(server, app, "alice")
    bob = _register(server, app, "bob")
    carol = _register(server, app, "carol")
    bob_id, carol_id = bob.me().id, carol.me().id
    alice.account_follow(bob_id)
    bob.account_follow(carol_id)

    found = alice.suggestions_v2()
    assert [(item.account.username, item.sources) for item in found] == [
        ("carol", ["friends_of_friends", "most_followed"])
    ]
    alice.suggestion_delete(carol_id)
    assert alice.suggestions_v1() == []
    assert alice.account_pin(bob_id).endorsed is True
    assert [account.username for account in alice.endorsements()] == ["bob"]
    familiar = alice.account_familiar_followers([carol_id])
    assert [(item.id, [account.username for account in item.accounts]) for item in familiar] == [(carol_id, ["bob"])]

    featured = alice.featured_tag_create("sunset")
    assert (featured.name, featured.statuses_count) == ("sunset", "0")
    assert [tag.name for tag in alice.featured_tags()] == ["sunset"]
    assert alice.tag_feature("travel").featuring is True

    assert alice.trending_tags() == []
    assert alice.trending_statuses() == []
    assert {account.username for account in alice.directory(order="new")} == {"alice", "bob", "carol"}
    assert [account.username for account in alice.accounts([carol_id, bob_id])] == ["carol", "bob"]
    assert alice.statuses([]) == []
