"""Filters applied: posts carry the viewer's matching filters in `filtered`, and lists leave out what a hide
filter of their context matches (public, hashtag and explore timelines, profiles, threads); expired filters,
other people's filters and one's own posts never count. The home timeline is in tests/feeds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from photogram.filters.contexts import FilterContext
from photogram.filters.models import Filter
from photogram.filters.services import filters
from photogram.filters.services.filters import KeywordChange
from photogram.media.models import MediaAttachment
from photogram.posts.models import Status
from photogram.posts.services import publishing
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


class Scene:
    """A viewer with a client, an author, and the author's posts by caption."""

    def __init__(self) -> None:
        self.viewer = make_user("viewer", with_password=False)
        self.client = as_user(self.viewer)
        self.author = make_user("author", with_password=False)
        self.plain = post(self.author, "Sunset over the sea #travel")
        self.spoiler = post(self.author, "The finale was great #travel")

    def filter(
        self, action: str, contexts: list[FilterContext], *keywords: str, expires_in: int | None = None
    ) -> Filter:
        return filters.create(
            self.viewer,
            title=f"{action} {' '.join(keywords)}",
            contexts=contexts,
            action=action,
            expires_in=expires_in,
            keywords=[KeywordChange(keyword=keyword) for keyword in keywords],
        )


def ids(answer: Any) -> list[str]:
    return [status["id"] for status in answer.json()]


def by_id(answer: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {status["id"]: status for status in answer}


LISTS: list[tuple[FilterContext, str]] = [
    ("public", "/api/v1/timelines/public"),
    ("public", "/api/v1/timelines/tag/travel"),
    ("account", "/api/v1/accounts/{author}/statuses"),
]


@pytest.mark.parametrize(("context", "path"), LISTS)
def test_warn_annotates_and_hide_leaves_out_in_the_lists_of_its_context(context: FilterContext, path: str) -> None:
    scene = Scene()
    url = path.format(author=scene.author.pk)
    spoiler, plain = str(scene.spoiler.pk), str(scene.plain.pk)
    assert ids(scene.client.get(url)) == [spoiler, plain]
    assert all(status["filtered"] == [] for status in scene.client.get(url).json())

    warn = scene.filter("warn", [context], "FINALE")
    shown = by_id(scene.client.get(url).json())
    assert list(shown) == [spoiler, plain]
    assert shown[spoiler]["filtered"] == [
        {
            "filter": {
                "id": str(warn.pk),
                "title": "warn FINALE",
                "context": [context],
                "expires_at": None,
                "filter_action": "warn",
            },
            "keyword_matches": ["FINALE"],
            "status_matches": None,
        }
    ]
    assert shown[plain]["filtered"] == []

    other_context: FilterContext = "thread" if context != "thread" else "home"
    scene.filter("hide", [other_context], "finale")
    shown = by_id(scene.client.get(url).json())
    assert list(shown) == [spoiler, plain]  # a hide filter of another context only annotates here
    assert [result["filter"]["filter_action"] for result in shown[spoiler]["filtered"]] == ["warn", "hide"]

    scene.filter("hide", [context], "finale")
    answer = scene.client.get(url)
    assert ids(answer) == [plain]
    assert "max_id" in answer["Link"]  # the page's cursors still come from what it read


def test_explore_leaves_out_what_a_public_hide_filter_matches() -> None:
    scene = Scene()
    assert set(ids(scene.client.get("/api/v1/timelines/explore"))) == {str(scene.plain.pk), str(scene.spoiler.pk)}
    scene.filter("hide", ["public"], "finale")
    assert ids(scene.client.get("/api/v1/timelines/explore")) == [str(scene.plain.pk)]


def test_threads_leave_out_hidden_comments_but_a_post_asked_for_is_answered_with_its_filters() -> None:
    scene = Scene()
    commenter = make_user("commenter", with_password=False)
    rude = publishing.publish(commenter, "what a rude remark", [], in_reply_to_id=scene.plain.pk)
    nice = publishing.publish(commenter, "lovely colours", [], in_reply_to_id=scene.plain.pk)
    context_url = f"/api/v1/statuses/{scene.plain.pk}/context"
    assert ids_of(scene.client.get(context_url).json()["descendants"]) == [str(rude.pk), str(nice.pk)]
    hide = scene.filter("hide", ["thread"], "rude")
    assert ids_of(scene.client.get(context_url).json()["descendants"]) == [str(nice.pk)]
    shown = scene.client.get(f"/api/v1/statuses/{rude.pk}").json()
    assert [result["filter"]["id"] for result in shown["filtered"]] == [str(hide.pk)]
    scene.filter("hide", ["thread"], "sunset")
    assert scene.client.get(f"/api/v1/statuses/{rude.pk}/context").json()["ancestors"] == []


def ids_of(statuses: list[dict[str, Any]]) -> list[str]:
    return [status["id"] for status in statuses]


def test_expired_filters_never_apply() -> None:
    scene = Scene()
    lasting = scene.filter("hide", ["public"], "sunset", expires_in=3600)
    assert ids(scene.client.get("/api/v1/timelines/public")) == [str(scene.spoiler.pk)]
    Filter.objects.filter(pk=lasting.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ids(scene.client.get("/api/v1/timelines/public")) == [str(scene.spoiler.pk), str(scene.plain.pk)]
    assert all(status["filtered"] == [] for status in scene.client.get("/api/v1/timelines/public").json())


def test_a_post_filtered_by_itself_and_by_keywords_in_its_alt_text_warning_and_place(settings: Any) -> None:
    scene = Scene()
    by_post = filters.create(scene.viewer, title="this one", contexts=["public"])
    filters.add_status(scene.viewer, by_post.pk, scene.plain.pk)
    described = post(scene.author, "nothing to see", spoiler_text="Heights warning", location="Grand Canyon")
    MediaAttachment.objects.filter(status_link__status=described).update(description="A dizzying cliff edge")
    Status.objects.filter(pk=described.pk).update(revision=described.revision + 1)  # as an alt text change does
    for keyword in ("heights", "canyon", "cliff"):
        scene.filter("warn", ["public"], keyword)
    shown = by_id(scene.client.get("/api/v1/timelines/public").json())
    assert [(r["filter"]["title"], r["status_matches"]) for r in shown[str(scene.plain.pk)]["filtered"]] == [
        ("this one", [str(scene.plain.pk)])
    ]
    assert [r["keyword_matches"] for r in shown[str(described.pk)]["filtered"]] == [
        ["heights"],
        ["canyon"],
        ["cliff"],
    ]


def test_only_the_viewers_own_filters_apply_never_to_their_own_posts_and_anonymous_sees_no_filtered() -> None:
    scene = Scene()
    scene.filter("hide", ["public", "account"], "sunset")
    mine = post(scene.viewer, "My sunset")
    assert ids(scene.client.get("/api/v1/timelines/public")) == [str(mine.pk), str(scene.spoiler.pk)]
    assert scene.client.get(f"/api/v1/statuses/{mine.pk}").json()["filtered"] == []
    someone_else = as_user(make_user("someone", with_password=False))
    assert len(ids(someone_else.get("/api/v1/timelines/public"))) == 3
    anonymous = ApiClient(None).get("/api/v1/timelines/public").json()
    assert len(anonymous) == 3
    assert all("filtered" not in status for status in anonymous)


def test_saved_posts_and_single_posts_are_annotated_never_left_out() -> None:
    scene = Scene()
    scene.client.post(f"/api/v1/statuses/{scene.spoiler.pk}/bookmark")
    everywhere: list[FilterContext] = ["home", "notifications", "public", "thread", "account"]
    scene.filter("hide", everywhere, "finale")
    assert [s["filtered"][0]["filter"]["context"] for s in scene.client.get("/api/v1/bookmarks").json()] == [everywhere]
    liked = scene.client.post(f"/api/v1/statuses/{scene.spoiler.pk}/favourite").json()
    assert liked["favourited"]
    assert liked["filtered"][0]["keyword_matches"] == ["finale"]
