"""Filters driven by Mastodon.py, a client nobody here wrote, against a real HTTP server: v2 in JSON, v1 and
keywords as forms, and the `filtered` results it reads back."""

from __future__ import annotations

from typing import Any

import pytest
from mastodon import Mastodon, MastodonNotFoundError

from tests.posts.helpers import post
from tests.support.api import make_token, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_mastodon_py_makes_reads_and_applies_filters(live_server: Any) -> None:
    viewer = make_user("viewer", with_password=False)
    author = make_user("author", with_password=False)
    client = Mastodon(
        access_token=make_token(viewer),
        api_base_url=live_server.url,
        version_check_mode="none",
        ratelimit_method="throw",
    )
    made = client.create_filter_v2(
        "Spoilers",
        ["public", "thread"],
        filter_action="warn",
        expires_in=86400,
        keywords_attributes=[{"keyword": "finale", "whole_word": True}],
    )
    added = client.add_filter_keyword_v2(made.id, "ending", whole_word=False)
    assert [k.keyword for k in client.filter_keywords_v2(made.id)] == ["finale", "ending"]
    client.update_filter_v2(made.id, keywords_attributes=[{"id": added.id, "_destroy": True}])
    (listed,) = client.filters_v2()
    assert (listed.title, listed.context, [k.keyword for k in listed.keywords]) == (
        "Spoilers",
        ["public", "thread"],
        ["finale"],
    )
    hidden = client.filter_create("election", ["public"], irreversible=True, whole_word=True)
    assert [(item.phrase, item.irreversible) for item in client.filters()] == [("finale", False), ("election", True)]

    spoiler = post(author, "The FINALE tonight")
    post(author, "Election results")
    quiet = post(author, "A quiet lake")
    timeline = client.timeline_public()
    assert [str(status.id) for status in timeline] == [str(quiet.pk), str(spoiler.pk)]
    (result,) = timeline[1].filtered
    assert (result.filter.title, result.keyword_matches) == ("Spoilers", ["finale"])
    assert timeline[0].filtered == []

    client.filter_delete(hidden.id)
    assert len(client.timeline_public()) == 3
    client.delete_filter_v2(made.id)
    with pytest.raises(MastodonNotFoundError):
        client.filter_v2(made.id)
