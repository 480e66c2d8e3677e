"""WebFinger, host-meta and NodeInfo: what other software reads to find this server and its people."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from photogram.accounts.models import User
from tests.posts.helpers import post
from tests.support.api import make_user

pytestmark = pytest.mark.django_db


def finger(resource: str | None) -> Any:
    """Ask as a browser page on another origin would (it sends its Origin)."""
    query = {} if resource is None else {"resource": resource}
    return Client().get("/.well-known/webfinger", query, HTTP_ORIGIN="https://elk.zone")


@pytest.mark.parametrize(
    "resource",
    [
        "acct:{user}@{host}",
        "acct:{upper}@{host}",
        "{user}@{host}",
        "https://{host}/@{user}",
        "https://{host}/users/{user}",
    ],
)
def test_webfinger_finds_a_local_account_case_insensitively(resource: str) -> None:
    make_user("Alice_B", with_password=False, locked=True)
    host = settings.INSTANCE_DOMAIN
    answer = finger(resource.format(user="alice_b", upper="ALICE_B", host=host.upper()))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/jrd+json")
    assert answer["Access-Control-Allow-Origin"] == "*"
    body = answer.json()
    assert body["subject"] == f"acct:Alice_B@{host}"
    links = {link["rel"]: link for link in body["links"]}
    assert links["self"]["type"] == "application/activity+json"
    assert links["self"]["href"].endswith("/@Alice_B")
    assert links["http://webfinger.net/rel/profile-page"]["href"] == links["self"]["href"]


@pytest.mark.parametrize(
    "resource",
    ["acct:nobody@{host}", "acct:alice@elsewhere.example", "https://elsewhere.example/@alice", "acct:gone@{host}"],
)
def test_webfinger_answers_404_for_anyone_not_here(resource: str) -> None:
    make_user("alice", with_password=False)
    gone = make_user("gone", with_password=False)
    User.objects.filter(pk=gone.pk).update(suspended_at=timezone.now())
    answer = finger(resource.format(host=settings.INSTANCE_DOMAIN))
    assert answer.status_code == 404
    assert "error" in answer.json()


@pytest.mark.parametrize("resource", [None, "", "alice", "acct:", "mailto:alice", "acct:a@b@c", "acct:al\x00ice@x"])
def test_webfinger_answers_400_for_what_is_no_resource(resource: str | None) -> None:
    answer = finger(resource)
    assert answer.status_code == 400
    assert "resource" in answer.json()["error"]


def test_webfinger_takes_no_writes() -> None:
    assert Client().post("/.well-known/webfinger", {"resource": "acct:a@b"}).status_code == 405


def test_host_meta_points_at_webfinger() -> None:
    answer = Client().get("/.well-known/host-meta")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/xrd+xml")
    assert "/.well-known/webfinger?resource={uri}" in answer.content.decode()
    assert 'rel="lrdd"' in answer.content.decode()


def test_nodeinfo_links_to_both_versions() -> None:
    links = Client().get("/.well-known/nodeinfo").json()["links"]
    assert [link["rel"].rsplit("/", 1)[-1] for link in links] == ["2.0", "2.1"]
    assert all(link["href"].endswith(f"/nodeinfo/{link['rel'].rsplit('/', 1)[-1]}") for link in links)


@pytest.mark.parametrize("version", ["2.0", "2.1"])
def test_nodeinfo_describes_the_software_and_counts_real_usage(version: str) -> None:
    seen = make_user("seen", with_password=False)
    User.objects.filter(pk=seen.pk).update(last_login=timezone.now() - timedelta(days=3))
    earlier = make_user("earlier", with_password=False)
    User.objects.filter(pk=earlier.pk).update(last_login=timezone.now() - timedelta(days=90))
    make_user("never", with_password=False)
    banned = make_user("banned", with_password=False)
    User.objects.filter(pk=banned.pk).update(suspended_at=timezone.now())
    post(seen, "one")
    post(earlier, "two")
    answer = Client().get(f"/nodeinfo/{version}")
    assert answer.status_code == 200
    assert f"/ns/schema/{version}" in answer["Content-Type"]
    body = answer.json()
    assert body["version"] == version
    assert body["software"]["name"] == "photogram"
    assert body["protocols"] == []
    assert body["usage"] == {"users": {"total": 3, "activeMonth": 1, "activeHalfyear": 2}, "localPosts": 2}
    assert body["openRegistrations"] is settings.REGISTRATIONS_OPEN
    assert body["metadata"]["federation"] is False


def test_unknown_nodeinfo_versions_are_not_found() -> None:
    assert Client().get("/nodeinfo/1.0").status_code == 404
