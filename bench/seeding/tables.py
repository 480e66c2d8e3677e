"""The rows of each table, in load order, as plans the seed command writes chunk by chunk."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models

from bench.seeding.community import TAGS, VISIBILITIES, Community, instant, words
from photogram.accounts.models import Block, Follow, FollowRequest, Mute, User
from photogram.media.models import MediaAttachment
from photogram.posts.models import Favourite, Status, StatusMedia, StatusTag, Tag

# Every seeded account signs in with this password (the benchmark's clients log in as them).
PASSWORD = "bench-password"  # noqa: S105  (benchmark accounts only, documented)
# (original width, height) and the rendition heights at 1080, 640 and 320 wide: square, portrait, landscape.
ASPECTS = (
    ((3024, 3024), (1080, 640, 320)),
    ((3024, 3780), (1350, 800, 400)),
    ((4000, 2094), (565, 335, 167)),
)
BLURHASHES = ("LEHV6nWB2yk8pyo0adR*.7kCMdnj", "LKO2?U%2Tw=w]~RBVZRi};RPxuwH", "L6PZfSi_.AyE_3t7t7R**0o#DgR4")


@dataclass(frozen=True)
class Plan:
    """One table's share of the load: `total` rows of `columns`, made by `rows()` in a stable order."""

    name: str
    model: type[models.Model]
    columns: Sequence[str]
    total: int
    rows: Callable[[], Iterator[Sequence[Any]]]


def username(index: int) -> str:
    """Return the username of the index-th seeded account."""
    return f"bench{index}"


def _users(community: Community) -> Iterator[Sequence[Any]]:
    # One hash for everybody, with a fixed salt: the same rows for the same seed, and a single Argon2 run.
    password = make_password(PASSWORD, salt="photogrambenchsalt")
    for index, user_id in enumerate(community.user_id):
        yield (
            user_id,
            password,
            username(index),
            f"{username(index)}@bench.invalid",
            instant(user_id),
            f"Bench person {index}",
            bool(community.user_locked[index]),
            community.followers_count[index],
            community.following_count[index],
            community.statuses_count[index],
        )


def _edges(
    ids: Sequence[int], sources: Sequence[int], targets: Sequence[int], community: Community
) -> Callable[[], Iterator[Sequence[Any]]]:
    user_id = community.user_id

    def rows() -> Iterator[Sequence[Any]]:
        for edge_id, source, target in zip(ids, sources, targets, strict=True):
            yield edge_id, user_id[source], user_id[target]

    return rows


def _renditions(owner_id: int, media_id: int, heights: tuple[int, int, int]) -> str:
    entries = []
    for name, width, height in (("1080", 1080, heights[0]), ("640", 640, heights[1]), ("320", 320, heights[2])):
        entries.append(_rendition(owner_id, media_id, name, width, height))
    entries.append(_rendition(owner_id, media_id, "thumbnail", 150, 150))
    return "{" + ", ".join(entries) + "}"


def _rendition(owner_id: int, media_id: int, name: str, width: int, height: int) -> str:
    formats = ", ".join(
        f'"{extension}": {{"path": "renditions/{owner_id}/{media_id}/{name}.{extension}", "width": {width}, '
        f'"height": {height}, "content_type": "image/{extension}"}}'
        for extension in ("webp", "jpeg")
    )
    return f'"{name}": {{{formats}}}'


def _media(community: Community) -> Iterator[Sequence[Any]]:
    for post, post_id in enumerate(community.post_id):
        owner_id = community.user_id[community.post_author[post]]
        posted = instant(post_id)
        for media_id in community.media_id[community.media_start[post] : community.media_start[post + 1]]:
            (width, height), heights = ASPECTS[media_id % len(ASPECTS)]
            uploaded = instant(media_id)
            yield (
                media_id,
                owner_id,
                MediaAttachment.State.READY.value,
                MediaAttachment.Kind.IMAGE.value,
                f"originals/{owner_id}/{media_id}",
                "image/jpeg",
                2_000_000 + media_id % 3_000_000,
                width,
                height,
                BLURHASHES[media_id % len(BLURHASHES)],
                _renditions(owner_id, media_id, heights),
                uploaded,
                uploaded,
                posted,
            )


def _posts(community: Community) -> Iterator[Sequence[Any]]:
    for post, post_id in enumerate(community.post_id):
        yield (
            post_id,
            community.user_id[community.post_author[post]],
            community.caption(post),
            VISIBILITIES[community.post_visibility[post]],
            "en",
            instant(post_id),
            community.replies_count[post],
            community.favourites_count[post],
        )


def _comments(community: Community) -> Iterator[Sequence[Any]]:
    for comment, comment_id in enumerate(community.comment_id):
        post = community.comment_post[comment]
        yield (
            comment_id,
            community.user_id[community.comment_author[comment]],
            words(comment_id),
            VISIBILITIES[community.post_visibility[post]],
            "en",
            instant(comment_id),
            community.post_id[post],
            community.user_id[community.post_author[post]],
        )


def _status_media(community: Community) -> Iterator[Sequence[Any]]:
    for post, post_id in enumerate(community.post_id):
        start, end = community.media_start[post], community.media_start[post + 1]
        for position, media_id in enumerate(community.media_id[start:end]):
            yield post_id, media_id, position


def _likes(community: Community) -> Iterator[Sequence[Any]]:
    user_id, post_id = community.user_id, community.post_id
    for like_id, account, post in zip(community.like_id, community.like_account, community.like_post, strict=True):
        yield like_id, user_id[account], post_id[post]


def _status_tags(community: Community, tag_ids: dict[str, int]) -> Callable[[], Iterator[Sequence[Any]]]:
    def rows() -> Iterator[Sequence[Any]]:
        first, second = community.post_tags
        for post, post_id in enumerate(community.post_id):
            tags = {first[post], second[post]} - {-1}
            for tag in sorted(tags):
                yield post_id, tag_ids[TAGS[tag]]

    return rows


def ensure_tags() -> dict[str, int]:
    """Create the hashtags the captions use (ids are the database's) and return their ids by name."""
    Tag.objects.bulk_create([Tag(name=name) for name in TAGS], ignore_conflicts=True)
    return dict(Tag.objects.filter(name__in=TAGS).values_list("name", "pk"))


def plans(community: Community, tag_ids: dict[str, int]) -> list[Plan]:
    """Return every table's plan, parents before children."""
    tagged = sum(len({a, b} - {-1}) for a, b in zip(*community.post_tags, strict=True))
    return [
        Plan(
            "users",
            User,
            [
                "id",
                "password",
                "username",
                "email",
                "date_joined",
                "display_name",
                "locked",
                "followers_count",
                "following_count",
                "statuses_count",
            ],
            len(community.user_id),
            lambda: _users(community),
        ),
        Plan(
            "follows",
            Follow,
            ["id", "follower_id", "followee_id"],
            len(community.follow_id),
            _edges(community.follow_id, community.follow_follower, community.follow_followee, community),
        ),
        Plan(
            "follow_requests",
            FollowRequest,
            ["id", "requester_id", "target_id"],
            len(community.request_id),
            _edges(community.request_id, community.request_requester, community.request_target, community),
        ),
        Plan(
            "blocks",
            Block,
            ["id", "blocker_id", "blocked_id"],
            len(community.block_id),
            _edges(community.block_id, community.block_blocker, community.block_blocked, community),
        ),
        Plan(
            "mutes",
            Mute,
            ["id", "muter_id", "muted_id"],
            len(community.mute_id),
            _edges(community.mute_id, community.mute_muter, community.mute_muted, community),
        ),
        Plan(
            "media",
            MediaAttachment,
            [
                "id",
                "owner_id",
                "state",
                "kind",
                "original",
                "original_content_type",
                "original_size",
                "width",
                "height",
                "blurhash",
                "renditions",
                "created_at",
                "processed_at",
                "attached_at",
            ],
            len(community.media_id),
            lambda: _media(community),
        ),
        Plan(
            "posts",
            Status,
            [
                "id",
                "author_id",
                "caption",
                "visibility",
                "language",
                "created_at",
                "replies_count",
                "favourites_count",
            ],
            len(community.post_id),
            lambda: _posts(community),
        ),
        Plan(
            "comments",
            Status,
            [
                "id",
                "author_id",
                "caption",
                "visibility",
                "language",
                "created_at",
                "in_reply_to_id",
                "in_reply_to_account_id",
            ],
            len(community.comment_id),
            lambda: _comments(community),
        ),
        Plan(
            "post_media",
            StatusMedia,
            ["status_id", "media_id", "position"],
            len(community.media_id),
            lambda: _status_media(community),
        ),
        Plan("post_tags", StatusTag, ["status_id", "tag_id"], tagged, _status_tags(community, tag_ids)),
        Plan("likes", Favourite, ["id", "account_id", "status_id"], len(community.like_id), lambda: _likes(community)),
    ]
