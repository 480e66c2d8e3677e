"""Page facts in Python say what visible_statuses says in SQL, for every viewer of a random small community."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from photogram.access import page_facts
from photogram.access.querysets import visible_statuses, without_muted
from photogram.accounts.models import Follow, Mute, User
from photogram.accounts.services import graph
from photogram.api.serializers.statuses import hydrate
from photogram.posts.models import Status
from photogram.posts.services import publishing
from tests.posts.helpers import post
from tests.support.api import make_user

pytestmark = pytest.mark.django_db

PEOPLE = 8
VISIBILITIES = [choice.value for choice in Status.Visibility]


@dataclass
class Community:
    people: list[User]
    page: list[int]  # every post and comment made, shuffled, with repeats and ids of rows that are gone
    gone: set[int]


def _community(seed: int) -> Community:
    """Build follows, requests, blocks, mutes, posts and comments at random; then suspend, deactivate, delete."""
    rng = random.Random(seed)  # noqa: S311 - seeded, so every run builds the same communities
    people = [make_user(f"p{n}", with_password=False, locked=rng.random() < 0.25) for n in range(PEOPLE)]
    for follower in people:
        for followee in people:
            if follower != followee and rng.random() < 0.45:
                graph.follow(follower, followee)  # a request only, when the followee is locked
    for owner in people:
        for request in list(owner.follow_requests.all()):
            if rng.random() < 0.5:
                graph.authorize_follow_request(owner, request.requester_id)
    for muter in people:
        for muted in rng.sample([person for person in people if person != muter], 2):
            graph.mute(muter, muted)
    ids: list[int] = []
    for author in people:
        for visibility in VISIBILITIES:
            named = rng.sample([person.username for person in people if person != author], rng.randint(0, 2))
            caption = " ".join(["a post for", *(f"@{name}" for name in named)])
            ids.append(post(author, caption, visibility=visibility).pk)
    for _ in range(3 * PEOPLE):
        commenter = rng.choice(people)
        # Only on posts the commenter sees (publish refuses others), some of which others do not see.
        seen = list(
            visible_statuses(commenter).filter(pk__in=ids, in_reply_to__isnull=True).values_list("pk", flat=True)
        )
        parent = rng.choice(sorted(seen))
        addressee = rng.choice([person.username for person in people])
        visibility = rng.choice(VISIBILITIES)
        ids.append(
            post(commenter, f"a comment for @{addressee}", photos=0, in_reply_to_id=parent, visibility=visibility).pk
        )
    # Blocks made after the comments, each way round across the community.
    for _ in range(PEOPLE // 2):
        blocker, blocked = rng.sample(people, 2)
        graph.block(blocker, blocked)
    suspended, deactivated = rng.sample(people, 2)
    User.objects.filter(pk=suspended.pk).update(suspended_at=timezone.now())
    User.objects.filter(pk=deactivated.pk).update(is_active=False)
    # A post deleted with its comments, whose ids a stale list (a feed, a page) still names.
    commented = Status.objects.filter(in_reply_to__isnull=False).values_list("in_reply_to_id", flat=True)
    doomed = Status.objects.select_related("author").get(pk=rng.choice(sorted(set(commented))))
    gone = {doomed.pk, *Status.objects.filter(in_reply_to=doomed).values_list("pk", flat=True)}
    publishing.delete(doomed.author, doomed)
    page = ids + rng.sample(ids, 5) + [12345]
    rng.shuffle(page)
    return Community(people, page, gone)


def _viewers(community: Community) -> list[User | None]:
    return [*community.people, None]


def _expected(viewer: User | None, page: list[int], *, followed_only: bool) -> list[int]:
    """The page's posts visible_statuses lets the viewer see, in the page's order, each once."""
    visible = visible_statuses(viewer).filter(pk__in=page)
    if followed_only:
        if viewer is None:
            return []
        followed = Follow.objects.filter(follower=viewer).values("followee_id")
        visible = without_muted(visible, viewer).filter(Q(author=viewer) | Q(author__in=followed))
    allowed = set(visible.values_list("pk", flat=True))
    return [status_id for status_id in dict.fromkeys(page) if status_id in allowed]


@pytest.mark.parametrize("seed", range(4))
def test_hydrate_shows_exactly_what_visible_statuses_allows_to_every_viewer(seed: int) -> None:
    community = _community(seed)
    seen_by: dict[str, list[int]] = {}
    for viewer in _viewers(community):
        name = viewer.username if viewer is not None else "anonymous"
        expected = _expected(viewer, community.page, followed_only=False)
        assert [int(item["id"]) for item in hydrate(community.page, viewer)] == expected, name
        seen_by[name] = expected
    everything = [status_id for status_id in dict.fromkeys(community.page) if status_id in _existing(community)]
    # The community shows each viewer something different, and hides something from everyone.
    assert len({tuple(ids) for ids in seen_by.values()}) > PEOPLE // 2
    assert all(0 < len(ids) < len(everything) for ids in seen_by.values())
    assert not community.gone & {status_id for ids in seen_by.values() for status_id in ids}


@pytest.mark.parametrize("seed", range(4))
def test_followed_only_keeps_the_viewers_own_posts_and_those_of_followed_unmuted_authors(seed: int) -> None:
    community = _community(seed + 100)
    lengths = []
    for viewer in _viewers(community):
        name = viewer.username if viewer is not None else "anonymous"
        expected = _expected(viewer, community.page, followed_only=True)
        hydrated = hydrate(community.page, viewer, followed_only=True)
        assert [int(item["id"]) for item in hydrated] == expected, name
        if viewer is not None:
            lengths.append((len(expected), len(_expected(viewer, community.page, followed_only=False))))
    # Following and muting leave out something for most viewers, and not everything.
    assert sum(1 for followed, visible in lengths if 0 < followed < visible) >= PEOPLE // 2


@pytest.mark.parametrize("seed", range(2))
def test_may_see_and_follows_author_agree_with_the_orm_post_by_post(seed: int) -> None:
    community = _community(seed + 200)
    for viewer in _viewers(community):
        facts = page_facts.load(viewer, community.page)
        visible = set(visible_statuses(viewer).filter(pk__in=community.page).values_list("pk", flat=True))
        assert {status_id for status_id in community.page if facts.may_see(status_id)} == visible
        assert set(facts.posts) == _existing(community)
        if viewer is None:
            continue
        muted = set(Mute.objects.filter(muter=viewer).values_list("muted_id", flat=True))
        followed = set(Follow.objects.filter(follower=viewer).values_list("followee_id", flat=True))
        for status_id, post_facts in facts.posts.items():
            by_followed = post_facts.author_id in followed - muted
            assert facts.follows_author(status_id) is (post_facts.author_id == viewer.pk or by_followed)


def _existing(community: Community) -> set[int]:
    return set(Status.objects.filter(pk__in=community.page).values_list("pk", flat=True))


def test_a_comment_whose_post_row_is_gone_is_hidden_as_the_orm_hides_it() -> None:
    author, commenter, viewer = (make_user(name, with_password=False) for name in ("author", "commenter", "viewer"))
    parent = post(author)
    comment = post(commenter, "a comment", photos=0, in_reply_to_id=parent.pk)
    page = [comment.pk, parent.pk]
    assert [int(item["id"]) for item in hydrate(page, viewer)] == page
    # The post's row deleted under its comment: foreign keys are checked at commit (deferred on both
    # databases), and this savepoint is rolled back before then.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Status._meta.db_table} WHERE id = %s", [parent.pk])
        for someone in (author, commenter, viewer, None):
            assert not visible_statuses(someone).filter(pk__in=page).exists()
            assert hydrate(page, someone) == []
        transaction.set_rollback(True)


def test_a_page_of_nothing_but_missing_ids_is_empty() -> None:
    viewer = make_user("viewer", with_password=False)
    assert hydrate([1, 2, 3], viewer) == []
    assert hydrate([], None) == []
    assert page_facts.load(viewer, []).posts == {}
