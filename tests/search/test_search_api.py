"""`GET /api/v2/search` and `GET /api/v1/accounts/search`: what is found, in what order, for whom."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.core.ids.layout import PHOTOGRAM_EPOCH_MS, compose
from photogram.posts.models import Status, Tag
from photogram.posts.services import editing, publishing
from photogram.search.models import TagUse
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db

VIEWERS = ["author", "follower", "requester", "mentioned", "stranger", "blocked", "blocker", "anonymous"]
# Who finds a post of each visibility by its words: the privacy rules (photogram/access), nothing else.
FINDS = {
    "public": {"author", "follower", "requester", "mentioned", "stranger"},
    "unlisted": {"author", "follower", "requester", "mentioned", "stranger"},
    "private": {"author", "follower"},
    "direct": {"author", "mentioned"},
}


def search(viewer: User | None, **params: Any) -> Any:
    client = as_user(viewer) if viewer is not None else ApiClient(None)
    response = client.get("/api/v2/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def people() -> dict[str, User]:
    found = {name: make_user(name, with_password=False) for name in VIEWERS if name != "anonymous"}
    author = found["author"]
    graph.follow(found["follower"], author)
    graph.follow(found["blocked"], author)
    graph.follow(found["blocker"], author)
    graph.block(author, found["blocked"])
    graph.block(found["blocker"], author)
    return found


@pytest.mark.parametrize("visibility", list(FINDS))
def test_posts_are_found_only_by_who_may_see_them(visibility: str) -> None:
    everyone = people()
    author = everyone["author"]
    author.locked = True
    author.save()
    graph.follow(everyone["requester"], author)  # a pending request is not a follow
    post(author, "Aurora borealis above Tromsø @mentioned", visibility=visibility)
    for name in VIEWERS:
        viewer = everyone.get(name)
        statuses = search(viewer, q="aurora tromso", type="statuses")["statuses"]
        assert bool(statuses) == (name in FINDS[visibility]), name


def test_comments_on_a_post_one_may_not_see_are_not_found() -> None:
    everyone = people()
    hidden = post(everyone["author"], "Secret garden", visibility="private")
    publishing.publish(everyone["follower"], "Lovely secret garden", [], in_reply_to_id=hidden.pk)
    assert search(everyone["stranger"], q="garden", type="statuses")["statuses"] == []
    assert len(search(everyone["follower"], q="garden", type="statuses")["statuses"]) == 2


def test_blocked_suspended_and_deactivated_accounts_are_never_found() -> None:
    everyone = people()
    post(everyone["author"], "Kyoto temples in autumn")
    for name in ("blocked", "blocker"):
        result = search(everyone[name], q="author")
        assert result["accounts"] == []
        assert search(everyone[name], q="kyoto", type="statuses")["statuses"] == []
    stranger = everyone["stranger"]
    assert [account["username"] for account in search(stranger, q="author")["accounts"]] == ["author"]
    User.objects.filter(pk=everyone["author"].pk).update(suspended_at=timezone.now())
    assert search(stranger, q="author")["accounts"] == []
    assert search(stranger, q="kyoto", type="statuses")["statuses"] == []
    User.objects.filter(pk=everyone["author"].pk).update(suspended_at=None, is_active=False)
    assert search(stranger, q="author")["accounts"] == []
    assert search(stranger, q="kyoto", type="statuses")["statuses"] == []


def test_muted_accounts_are_still_found_when_asked_for() -> None:
    everyone = people()
    graph.mute(everyone["stranger"], everyone["author"])
    post(everyone["author"], "Lisbon trams")
    result = search(everyone["stranger"], q="lisbon")
    assert len(result["statuses"]) == 1


def test_anonymous_callers_find_accounts_and_hashtags_but_not_posts() -> None:
    author = make_user("lucia", with_password=False, display_name="Lucía Fernández")
    post(author, "Tapas in Sevilla #sevilla")
    result = search(None, q="sevilla")
    assert result["statuses"] == []
    assert [tag["name"] for tag in result["hashtags"]] == ["sevilla"]
    assert [account["username"] for account in search(None, q="fernandez")["accounts"]] == ["lucia"]


def test_accounts_rank_exact_username_then_followed_then_popular() -> None:
    viewer = make_user("viewer", with_password=False)
    exact = make_user("anna", with_password=False)
    followed = make_user("anna_k", with_password=False, display_name="Anna Kowalska")
    popular = make_user("annabelle", with_password=False)
    quiet = make_user("annabeth", with_password=False)
    graph.follow(viewer, followed)
    for index in range(3):
        graph.follow(make_user(f"fan{index}", with_password=False), popular)
    found = [account["username"] for account in search(viewer, q="anna", type="accounts")["accounts"]]
    assert found == [exact.username, followed.username, popular.username, quiet.username]
    only_followed = search(viewer, q="anna", type="accounts", following="true")["accounts"]
    assert [account["username"] for account in only_followed] == ["anna_k"]
    paged = search(viewer, q="anna", type="accounts", limit=2, offset=2)["accounts"]
    assert [account["username"] for account in paged] == ["annabelle", "annabeth"]


def test_addresses_of_this_server_resolve_and_others_find_nothing() -> None:
    viewer = make_user("viewer", with_password=False)
    make_user("marek", with_password=False)
    make_user("marekz", with_password=False)
    for query in ("@marek", f"@marek@{settings.INSTANCE_DOMAIN}", f"marek@{settings.INSTANCE_DOMAIN}"):
        found = search(viewer, q=query, type="accounts", resolve="true")["accounts"]
        assert found[0]["username"] == "marek", query
    assert search(viewer, q="@marek@elsewhere.example", resolve="true")["accounts"] == []


def test_hashtags_rank_exact_name_then_by_use() -> None:
    author = make_user("writer", with_password=False)
    post(author, "#travelphotography #travelgram")
    post(author, "#travelgram #travel")
    second = post(author, "#travelgram")
    found = [tag["name"] for tag in search(author, q="#travel", type="hashtags")["hashtags"]]
    assert found == ["travel", "travelgram", "travelphotography"]
    assert {tag["name"]: tag for tag in search(author, q="travelgram")["hashtags"]}["travelgram"]["history"]
    editing.edit(author, second.pk, editing.Changes(caption="#travelphotography"))
    publishing.delete(author, post(author, "#travelphotography"))
    uses = dict(TagUse.objects.values_list("tag__name", "uses"))
    assert uses == {"travelphotography": 2, "travelgram": 2, "travel": 1}
    assert sorted(Tag.objects.values_list("name", flat=True)) == sorted(uses)


def test_posts_are_newest_first_with_cursors_and_author_filter() -> None:
    viewer = make_user("viewer", with_password=False)
    first = make_user("first", with_password=False)
    second = make_user("second", with_password=False)
    ids = [int(post(author, f"Market day number {n}").pk) for n, author in enumerate([first, second] * 3)]
    found = [int(status["id"]) for status in search(viewer, q="market day", type="statuses")["statuses"]]
    assert found == ids[::-1]
    older = search(viewer, q="market", type="statuses", max_id=ids[3], limit=2)["statuses"]
    assert [int(status["id"]) for status in older] == [ids[2], ids[1]]
    newer = search(viewer, q="market", type="statuses", min_id=ids[1], limit=2)["statuses"]
    assert [int(status["id"]) for status in newer] == [ids[3], ids[2]]
    by_second = search(viewer, q="market", type="statuses", account_id=second.pk)["statuses"]
    assert [int(status["id"]) for status in by_second] == [ids[5], ids[3], ids[1]]
    assert len(search(viewer, q="market", type="statuses", offset=4)["statuses"]) == 2


def test_limits_default_to_20_and_cap_at_40() -> None:
    viewer = make_user("viewer", with_password=False)
    for index in range(45):
        make_user(f"sam{index:02d}", with_password=False)
    assert len(search(viewer, q="sam", type="accounts")["accounts"]) == 20
    assert len(search(viewer, q="sam", type="accounts", limit=100)["accounts"]) == 40
    response = as_user(viewer).get("/api/v1/accounts/search", {"q": "sam", "limit": 100})
    assert len(response.json()) == 45
    response = as_user(viewer).get("/api/v1/accounts/search", {"q": "sam"})
    assert len(response.json()) == 40


def test_each_kind_only_when_asked_for() -> None:
    author = make_user("berlin_fan", with_password=False)
    post(author, "Berlin wall #berlin")
    result = search(author, q="berlin")
    assert [len(result[kind]) for kind in ("accounts", "statuses", "hashtags")] == [1, 1, 1]
    for kind in ("accounts", "statuses", "hashtags"):
        only = search(author, q="berlin", type=kind)
        assert [name for name, found in only.items() if found] == [kind]


@pytest.mark.parametrize("query", ["", "   ", "🌅🌅", "!!!", "—"])
def test_a_query_without_anything_to_match_finds_nothing(query: str) -> None:
    viewer = make_user("viewer", with_password=False)
    assert search(viewer, q=query) == {"accounts": [], "statuses": [], "hashtags": []}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 422),  # q is required
        ({"q": "x" * 501}, 422),
        ({"q": "x", "type": "people"}, 422),
        ({"q": "x", "limit": 0}, 422),
        ({"q": "x", "offset": -1}, 422),
        ({"q": "x", "offset": 10_001}, 422),
        ({"q": "x", "max_id": "abc"}, 422),
    ],
)
def test_bad_parameters_are_refused(params: dict[str, Any], status: int) -> None:
    response = as_user(make_user("viewer", with_password=False)).get("/api/v2/search", params)
    assert response.status_code == status, response.content


def test_a_query_of_the_longest_length_in_any_script_is_answered() -> None:
    viewer = make_user("viewer", with_password=False)
    post(viewer, "слово " * 20)
    for query in ("слово " * 100, "東" * 500, "é" * 500, "a " * 250, "'\"*:()&|!" * 50):
        response = as_user(viewer).get("/api/v2/search", {"q": query[:500]})
        assert response.status_code == 200, query


def test_anonymous_callers_may_not_page_or_resolve() -> None:
    anonymous = ApiClient(None)
    assert anonymous.get("/api/v2/search", {"q": "x", "offset": 0}).status_code == 401
    assert anonymous.get("/api/v2/search", {"q": "x", "resolve": "true"}).status_code == 401
    assert anonymous.get("/api/v1/accounts/search", {"q": "x"}).status_code == 401


def test_account_search_completes_mentions() -> None:
    viewer = make_user("viewer", with_password=False)
    make_user("chloe", with_password=False, display_name="Chloé Dubois")
    make_user("dubois_photo", with_password=False)
    found = as_user(viewer).get("/api/v1/accounts/search", {"q": "dubo"}).json()
    assert {account["username"] for account in found} == {"chloe", "dubois_photo"}
    assert as_user(viewer).get("/api/v1/accounts/search", {"q": "dubo", "following": "true"}).json() == []


def test_posts_of_every_age_come_newest_first_across_the_time_windows() -> None:
    viewer = make_user("viewer", with_password=False)
    author = make_user("traveller", with_password=False)
    now_ms = int(timezone.now().timestamp() * 1000) - PHOTOGRAM_EPOCH_MS
    ages_ms = [0, 3_600_000, 3 * 86_400_000, 40 * 86_400_000, 200 * 86_400_000, now_ms - 1]
    ids = [compose(now_ms - age, 0, 0) for age in ages_ms]
    Status.objects.bulk_create(Status(id=status_id, author=author, caption="Harbour lights") for status_id in ids)
    Status.objects.create(author=author, caption="Nothing to see")
    found = [int(status["id"]) for status in search(viewer, q="harbour", type="statuses")["statuses"]]
    assert found == ids
    pages = [search(viewer, q="harbour", type="statuses", limit=2, offset=offset)["statuses"] for offset in (0, 2, 4)]
    assert [int(status["id"]) for page in pages for status in page] == ids
    older = search(viewer, q="harbour", type="statuses", max_id=ids[2], limit=2)["statuses"]
    assert [int(status["id"]) for status in older] == ids[3:5]


@pytest.mark.full_only
def test_close_names_follow_the_matches_on_postgresql() -> None:
    viewer = make_user("viewer", with_password=False)
    make_user("wonderland", with_password=False)
    make_user("alicewonderland", with_password=False)
    make_user("alcie", with_password=False, display_name="Someone Else")
    found = [account["username"] for account in search(viewer, q="wonderland", type="accounts")["accounts"]]
    assert found == ["wonderland", "alicewonderland"]  # the match first, then the name inside another
    post(viewer, "#photography #fotografia")
    assert [tag["name"] for tag in search(viewer, q="photografy", type="hashtags")["hashtags"]] == ["photography"]
