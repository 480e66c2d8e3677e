"""Every encoding of the privacy rules says what the reference (photogram.access.rules) says.

One world of real rows holds every combination: each post visibility by an author in each standing, and
each comment visibility by each author on each of those posts; viewers of every kind relate to all three
authors alike. The reference reads the combination as specified, each encoding reads the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from photogram.access import page_facts, rules
from photogram.access.querysets import (
    AccountNotFound,
    StatusNotFound,
    can_view,
    get_visible_account,
    get_visible_status,
    is_blocked_either_way,
    visible_accounts,
    visible_statuses,
    without_muted,
)
from photogram.accounts.models import Block, Follow, Mute, User
from photogram.feeds.services import audience
from photogram.feeds.services.fanout import FED_VISIBILITIES
from photogram.posts.models import Mention, Status

pytestmark = pytest.mark.django_db

VISIBILITIES = [choice.value for choice in Status.Visibility]
STANDINGS = {
    "active": rules.Standing(),
    "suspended": rules.Standing(suspended=True),
    "deactivated": rules.Standing(active=False),
}


@dataclass(frozen=True)
class Kind:
    """A kind of signed-in viewer: the rows that make one, toward each of the authors."""

    follows: bool = False
    blocks: bool = False  # the viewer blocks the author
    blocked: bool = False  # the author blocks the viewer
    mutes: bool = False
    mentioned: bool = False  # in every post and comment
    standing: rules.Standing = STANDINGS["active"]

    def relation(self) -> rules.Relation:
        return rules.Relation(follows=self.follows, blocked=self.blocks or self.blocked, mutes=self.mutes)


# Blockers and the blocked follow too (a stale row: blocks end follows): the block must beat the follow.
KINDS = {
    "follower": Kind(follows=True),
    "non-follower": Kind(),
    "mentioned": Kind(mentioned=True),
    "blocker": Kind(follows=True, blocks=True),
    "blocked": Kind(follows=True, blocked=True),
    "muter": Kind(follows=True, mutes=True),
    "suspended follower": Kind(follows=True, standing=STANDINGS["suspended"]),
    "deactivated follower": Kind(follows=True, standing=STANDINGS["deactivated"]),
}


@dataclass(frozen=True)
class Spec:
    """A post or comment as specified: its author's standing, its visibility, the post it is on."""

    pk: int
    author: str  # a key of STANDINGS
    visibility: str
    parent: Spec | None


@dataclass
class World:
    authors: dict[str, User]
    viewers: dict[str, User | None]  # "anonymous", "author <standing>" and the KINDS
    statuses: list[Spec]

    def relation(self, viewer: str, author: str) -> rules.Relation:
        if viewer == "anonymous":
            return rules.ANONYMOUS
        if viewer.startswith("author "):
            return rules.Relation(is_self=viewer == f"author {author}")  # authors are nothing to each other
        return KINDS[viewer].relation()

    def post(self, viewer: str, spec: Spec) -> rules.Post:
        """The reference's reading of `spec` for `viewer`."""
        return rules.Post(
            spec.visibility,
            STANDINGS[spec.author],
            self.relation(viewer, spec.author),
            viewer in KINDS and KINDS[viewer].mentioned,
            self.post(viewer, spec.parent) if spec.parent is not None else None,
        )


def _account(username: str, standing: rules.Standing) -> User:
    return User(
        username=username,
        email=f"{username}@example.org",
        suspended_at=timezone.now() if standing.suspended else None,
        is_active=standing.active,
    )


@pytest.fixture
def world() -> World:
    authors = dict(
        zip(
            STANDINGS,
            User.objects.bulk_create(_account(f"author_{name}", s) for name, s in STANDINGS.items()),
            strict=True,
        )
    )
    kinds = User.objects.bulk_create(_account(name.replace(" ", "_"), kind.standing) for name, kind in KINDS.items())
    viewers: dict[str, User | None] = {"anonymous": None}
    viewers.update({f"author {name}": author for name, author in authors.items()})
    viewers.update(zip(KINDS, kinds, strict=True))
    follows, blocks, mutes = [], [], []
    for name, kind in KINDS.items():
        viewer = viewers[name]
        for author in authors.values():
            if kind.follows:
                follows.append(Follow(follower=viewer, followee=author))
            if kind.blocks:
                blocks.append(Block(blocker=viewer, blocked=author))
            if kind.blocked:
                blocks.append(Block(blocker=author, blocked=viewer))
            if kind.mutes:
                mutes.append(Mute(muter=viewer, muted=author))
    Follow.objects.bulk_create(follows)
    Block.objects.bulk_create(blocks)
    Mute.objects.bulk_create(mutes)

    def make(specs: list[tuple[str, str, Spec | None]]) -> list[Spec]:
        rows = Status.objects.bulk_create(
            Status(
                author=authors[author],
                visibility=visibility,
                in_reply_to_id=parent.pk if parent is not None else None,
                in_reply_to_account=authors[parent.author] if parent is not None else None,
            )
            for author, visibility, parent in specs
        )
        return [Spec(row.pk, *spec) for row, spec in zip(rows, specs, strict=True)]

    posts = make([(author, visibility, None) for author in STANDINGS for visibility in VISIBILITIES])
    comments = make(
        [(author, visibility, parent) for parent in posts for author in STANDINGS for visibility in VISIBILITIES]
    )
    statuses = posts + comments
    mentioned = viewers["mentioned"]
    Mention.objects.bulk_create(Mention(status_id=spec.pk, account=mentioned) for spec in statuses)
    return World(authors, viewers, statuses)


def test_the_world_holds_every_combination(world: World) -> None:
    assert len(world.statuses) == 12 + 12 * 12
    assert (
        len({(s.author, s.visibility, s.parent and (s.parent.author, s.parent.visibility)) for s in world.statuses})
        == 156
    )
    # Every viewer sees something and misses something, but for those on either side of a block.
    for viewer in world.viewers:
        seen = [rules.may_see(world.post(viewer, spec)) for spec in world.statuses]
        assert any(seen) is (viewer not in {"blocker", "blocked"}), viewer
        assert not all(seen), viewer


def test_querysets_agree_with_the_reference(world: World) -> None:
    ids = [spec.pk for spec in world.statuses]
    wrong: list[tuple[str, str, object]] = []
    for name, viewer in world.viewers.items():
        visible = set(visible_statuses(viewer).filter(pk__in=ids).values_list("pk", flat=True))
        unasked = set(without_muted(visible_statuses(viewer), viewer).filter(pk__in=ids).values_list("pk", flat=True))
        for spec in world.statuses:
            post = world.post(name, spec)
            if (spec.pk in visible) is not rules.may_see(post):
                wrong.append(("visible_statuses", name, spec))
            if (spec.pk in unasked) is not rules.may_show_unasked(post):
                wrong.append(("without_muted", name, spec))
        accounts = set(visible_accounts(viewer).values_list("pk", flat=True))
        for standing, author in world.authors.items():
            relation = world.relation(name, standing)
            expected = rules.may_see_account(STANDINGS[standing], relation)
            if (author.pk in accounts) is not expected:
                wrong.append(("visible_accounts", name, standing))
            try:
                found = get_visible_account(viewer, author.pk) == author
            except AccountNotFound:
                found = False
            if found is not expected:
                wrong.append(("get_visible_account", name, standing))
            if viewer is not None and is_blocked_either_way(viewer, author) is not relation.blocked:
                wrong.append(("is_blocked_either_way", name, standing))
    assert wrong == []


def test_single_post_lookups_agree_with_the_reference(world: World) -> None:
    """They are visible_statuses narrowed to one row: one post each viewer sees and one it does not will do."""
    statuses = {status.pk: status for status in Status.objects.filter(pk__in=[spec.pk for spec in world.statuses])}
    wrong = []
    for name, viewer in world.viewers.items():
        seen = {rules.may_see(world.post(name, spec)): spec for spec in world.statuses}
        for expected, spec in seen.items():
            try:
                found = get_visible_status(viewer, spec.pk).pk == spec.pk
            except StatusNotFound:
                found = False
            if found is not expected or can_view(viewer, statuses[spec.pk]) is not expected:
                wrong.append((name, spec))
    assert wrong == []


def test_page_facts_agree_with_the_reference(world: World) -> None:
    ids = [spec.pk for spec in world.statuses]
    wrong: list[tuple[str, str, Spec]] = []
    for name, viewer in world.viewers.items():
        facts = page_facts.load(viewer, ids)
        for spec in world.statuses:
            post = world.post(name, spec)
            if facts.may_see(spec.pk) is not rules.may_see(post):
                wrong.append(("may_see", name, spec))
            if facts.follows_author(spec.pk) is not rules.follows_author(post.viewer):
                wrong.append(("follows_author", name, spec))
    assert wrong == []


def test_fan_out_agrees_with_the_reference(world: World) -> None:
    wrong = []
    for standing, author in world.authors.items():
        (first, last), *more = audience.follow_id_ranges(author.pk, chunk_size=1000)
        assert more == []
        readers = set(audience.recipients(author.pk, first, last))
        for name, kind in KINDS.items():
            reader = world.viewers[name]
            assert reader is not None
            if (reader.pk in readers) is not rules.fanned_out_to(kind.standing, kind.relation()):
                wrong.append((name, standing))
    assert wrong == []


def test_fan_out_misses_nothing_a_home_feed_would_show() -> None:
    """The reference's fan-out reads the reader's side only; the post's side must never make it miss one."""
    for kind in KINDS.values():
        for standing in STANDINGS.values():
            for visibility in FED_VISIBILITIES:
                post = rules.Post(visibility, standing, kind.relation(), kind.mentioned)
                shown = rules.in_good_standing(kind.standing) and rules.may_see(post)
                if shown and rules.follows_author(post.viewer):
                    assert rules.fanned_out_to(kind.standing, post.viewer), (kind, standing, visibility)
