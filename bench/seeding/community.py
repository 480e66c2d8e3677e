"""A synthetic community, the same for the same seed: who joined when, who follows whom, who posted what.

The shape follows what photo platforms show: followers by a power law (a few accounts hold a large share of
all follows, most have few), activity by a log-normal (a few people post a lot), posts denser towards the
present, likes and comments drawn towards the posts of popular accounts, a few private accounts, blocks,
mutes and pending follow requests. Everything is generated in memory first (compact arrays), so the counts
written on each row are exactly the rows that count them, and a resumed load regenerates the same rows.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime

from photogram.core.ids.layout import PHOTOGRAM_EPOCH_MS, SEQUENCE_BITS, SEQUENCE_MODULUS, SHARD_BITS, SHARD_COUNT

# Every seeded object was made between these two instants, both in the past: ids a live server makes later
# are newer than every seeded id, so the two can never collide.
START = datetime(2026, 1, 2, tzinfo=UTC)
END = datetime(2026, 11, 30, tzinfo=UTC)
START_MS = int(START.timestamp() * 1000) - PHOTOGRAM_EPOCH_MS
END_MS = int(END.timestamp() * 1000) - PHOTOGRAM_EPOCH_MS

# Followers by rank r get a share proportional to r^-FOLLOWER_EXPONENT (Zipf-like), capped at everybody.
FOLLOWER_EXPONENT = 1.1
PRIVATE_SHARE = 0.06
UNLISTED_SHARE = 0.04
FOLLOWERS_ONLY_SHARE = 0.08
CAROUSEL_SHARE = 0.15
TAGGED_SHARE = 0.2

PUBLIC, UNLISTED, PRIVATE = 0, 1, 2
VISIBILITIES = ("public", "unlisted", "private")

TAGS = (
    "sunset sea mountains city food coffee travel nature portrait street architecture flowers dog cat beach "
    "night snow autumn spring summer winter friends family art film bw minimal urban hiking garden music"
).split()
WORDS = (
    "golden hour light over the harbour morning walk quiet streets old town first snow on the ridge lunch "
    "with friends after the rain a long weekend back home slow sunday market colours late train window view "
    "shadows and lines somewhere new favourite corner waiting for spring blue hour again"
).split()


class ScaleError(ValueError):
    """The requested community cannot exist (e.g. more follows than pairs of accounts)."""


@dataclass(frozen=True)
class Scale:
    """How big the community is, and the seed that makes it."""

    users: int
    follows: int
    posts: int
    comments: int
    likes: int
    seed: int

    @property
    def blocks(self) -> int:
        return self.users // 5

    @property
    def mutes(self) -> int:
        return min(self.users // 2, self.follows)

    @property
    def follow_requests(self) -> int:
        return self.users // 10

    def check(self) -> None:
        """Raise ScaleError unless a community of this size can be made."""
        if self.users < 10:
            raise ScaleError("at least 10 users are needed")
        if self.follows > self.users * (self.users - 1) // 2:
            raise ScaleError(f"{self.users} users can hold at most {self.users * (self.users - 1) // 2} follows here")
        if self.posts < 1:
            raise ScaleError("at least one post is needed")
        if self.comments < 0 or self.likes < 0:
            raise ScaleError("comments and likes cannot be negative")
        if self.likes > self.posts * (self.users - 1) // 4:
            raise ScaleError("too many likes for this many posts and users")

    def as_dict(self) -> dict[str, int]:
        return {
            "users": self.users,
            "follows": self.follows,
            "posts": self.posts,
            "comments": self.comments,
            "likes": self.likes,
            "seed": self.seed,
        }


class _IdMaker:
    """Make unique ids in Photogram's layout at given instants (a second object in the same millisecond and
    shard takes the next sequence number, as `photogram_next_id()` would)."""

    def __init__(self) -> None:
        self._taken: set[int] = set()

    def make(self, elapsed_ms: int, shard: int) -> int:
        while True:
            base = (elapsed_ms << (SHARD_BITS + SEQUENCE_BITS)) | (shard << SEQUENCE_BITS)
            for sequence in range(SEQUENCE_MODULUS):
                if base | sequence not in self._taken:
                    self._taken.add(base | sequence)
                    return base | sequence
            elapsed_ms += 1


def _shard(user_id: int) -> int:
    return user_id % SHARD_COUNT


@dataclass
class Community:
    """The whole community as parallel arrays; index i of a `user_*` array is the i-th user."""

    scale: Scale
    user_id: array[int] = field(default_factory=lambda: array("q"))
    user_joined_ms: array[int] = field(default_factory=lambda: array("q"))
    user_locked: array[int] = field(default_factory=lambda: array("b"))
    followers_count: array[int] = field(default_factory=lambda: array("i"))
    following_count: array[int] = field(default_factory=lambda: array("i"))
    statuses_count: array[int] = field(default_factory=lambda: array("i"))
    follow_id: array[int] = field(default_factory=lambda: array("q"))
    follow_follower: array[int] = field(default_factory=lambda: array("i"))
    follow_followee: array[int] = field(default_factory=lambda: array("i"))
    request_id: array[int] = field(default_factory=lambda: array("q"))
    request_requester: array[int] = field(default_factory=lambda: array("i"))
    request_target: array[int] = field(default_factory=lambda: array("i"))
    block_id: array[int] = field(default_factory=lambda: array("q"))
    block_blocker: array[int] = field(default_factory=lambda: array("i"))
    block_blocked: array[int] = field(default_factory=lambda: array("i"))
    mute_id: array[int] = field(default_factory=lambda: array("q"))
    mute_muter: array[int] = field(default_factory=lambda: array("i"))
    mute_muted: array[int] = field(default_factory=lambda: array("i"))
    post_id: array[int] = field(default_factory=lambda: array("q"))
    post_author: array[int] = field(default_factory=lambda: array("i"))
    post_visibility: array[int] = field(default_factory=lambda: array("b"))
    # Indexes into TAGS, -1 for none: up to two hashtags a post.
    post_tags: tuple[array[int], array[int]] = field(default_factory=lambda: (array("b"), array("b")))
    replies_count: array[int] = field(default_factory=lambda: array("i"))
    favourites_count: array[int] = field(default_factory=lambda: array("i"))
    # Media of post i: media_id[media_start[i]:media_start[i + 1]], in carousel order.
    media_id: array[int] = field(default_factory=lambda: array("q"))
    media_start: array[int] = field(default_factory=lambda: array("q", [0]))
    comment_id: array[int] = field(default_factory=lambda: array("q"))
    comment_post: array[int] = field(default_factory=lambda: array("i"))
    comment_author: array[int] = field(default_factory=lambda: array("i"))
    like_id: array[int] = field(default_factory=lambda: array("q"))
    like_account: array[int] = field(default_factory=lambda: array("i"))
    like_post: array[int] = field(default_factory=lambda: array("i"))

    def caption(self, post: int) -> str:
        """Return post `post`'s caption: a few words and its hashtags."""
        tags = [f"#{TAGS[tag]}" for tag in (self.post_tags[0][post], self.post_tags[1][post]) if tag >= 0]
        return " ".join([words(post), *tags])


def words(key: int) -> str:
    """Return a few words, a cheap function of `key` (captions are not stored while generating)."""
    mixed = (key * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    return " ".join(WORDS[(mixed >> (5 + 6 * k)) % len(WORDS)] for k in range(3 + mixed % 8))


def _in_degrees(rng: random.Random, users: int, follows: int) -> list[int]:
    """Return each user's follower count: a power law over a random ranking, capped at everybody else."""
    cap = users - 1
    ranks = list(range(1, users + 1))
    rng.shuffle(ranks)
    weights = [rank**-FOLLOWER_EXPONENT for rank in ranks]
    # Find the scale c for which sum(min(cap, c * w)) reaches `follows` (the capped accounts are followed
    # by everybody, the rest keep their power-law share).
    low, high = 0.0, cap / min(weights)
    for _ in range(100):
        middle = (low + high) / 2
        if sum(min(cap, middle * weight) for weight in weights) < follows:
            low = middle
        else:
            high = middle
    counts = [int(min(cap, low * weight)) for weight in weights]
    by_weight = sorted(range(users), key=lambda user: ranks[user])
    missing = follows - sum(counts)
    for user in itertools.cycle(by_weight):
        if missing <= 0:
            break
        if counts[user] < cap:
            counts[user] += 1
            missing -= 1
    return counts


def _spread(rng: random.Random, since_ms: int) -> int:
    """Return an instant after `since_ms`, denser towards the present (the platform grows)."""
    return since_ms + int((END_MS - since_ms) * math.sqrt(rng.random()))


def _make_users(community: Community, rng: random.Random) -> None:
    ids = _IdMaker()
    users = community.scale.users
    # People join over the first half of the period, in order; their ids are spread over every shard.
    joined = sorted(START_MS + int((END_MS - START_MS) * 0.5 * rng.random()) for _ in range(users))
    for index, joined_ms in enumerate(joined):
        community.user_id.append(ids.make(joined_ms, index % SHARD_COUNT))
        community.user_joined_ms.append(joined_ms)
        community.user_locked.append(rng.random() < PRIVATE_SHARE)


def _make_follows(community: Community, rng: random.Random) -> None:
    users = community.scale.users
    ids = _IdMaker()
    in_degrees = _in_degrees(rng, users, community.scale.follows)
    following = [0] * users
    joined = community.user_joined_ms
    for followee, count in enumerate(in_degrees):
        for pick in rng.sample(range(users - 1), count):
            follower = pick + (pick >= followee)
            since = max(joined[follower], joined[followee])
            community.follow_id.append(ids.make(_spread(rng, since), _shard(community.user_id[follower])))
            community.follow_follower.append(follower)
            community.follow_followee.append(followee)
            following[follower] += 1
    community.followers_count = array("i", in_degrees)
    community.following_count = array("i", following)


def _make_edges(community: Community, rng: random.Random) -> None:
    """Blocks (between people who don't follow each other), mutes (of people one follows), follow requests
    (to private accounts, from people not following them yet)."""
    users = community.scale.users
    follows = {f * users + e for f, e in zip(community.follow_follower, community.follow_followee, strict=True)}
    joined = community.user_joined_ms
    blocked: set[int] = set()
    ids = _IdMaker()
    while len(community.block_id) < community.scale.blocks:
        blocker, target = rng.randrange(users), rng.randrange(users)
        key = blocker * users + target
        if blocker == target or key in blocked or key in follows or target * users + blocker in follows:
            continue
        blocked.add(key)
        blocked.add(target * users + blocker)
        since = max(joined[blocker], joined[target])
        community.block_id.append(ids.make(_spread(rng, since), _shard(community.user_id[blocker])))
        community.block_blocker.append(blocker)
        community.block_blocked.append(target)
    muted: set[int] = set()
    ids = _IdMaker()
    while len(community.mute_id) < community.scale.mutes:
        edge = rng.randrange(len(community.follow_id))
        muter, target = community.follow_follower[edge], community.follow_followee[edge]
        if edge in muted:
            continue
        muted.add(edge)
        since = max(joined[muter], joined[target])
        community.mute_id.append(ids.make(_spread(rng, since), _shard(community.user_id[muter])))
        community.mute_muter.append(muter)
        community.mute_muted.append(target)
    private = [user for user in range(users) if community.user_locked[user]]
    asked: set[int] = set()
    ids = _IdMaker()
    attempts = 0
    while private and len(community.request_id) < community.scale.follow_requests and attempts < users * 20:
        attempts += 1
        requester, target = rng.randrange(users), rng.choice(private)
        key = requester * users + target
        if requester == target or key in asked or key in follows or key in blocked:
            continue
        asked.add(key)
        since = max(joined[requester], joined[target])
        community.request_id.append(ids.make(_spread(rng, since), _shard(community.user_id[target])))
        community.request_requester.append(requester)
        community.request_target.append(target)


def _make_posts(community: Community, rng: random.Random, status_ids: _IdMaker) -> None:
    users, posts = community.scale.users, community.scale.posts
    activity = list(itertools.accumulate(rng.lognormvariate(0, 1.0) for _ in range(users)))
    authors = rng.choices(range(users), cum_weights=activity, k=posts)
    statuses = [0] * users
    media_ids = _IdMaker()
    for author in authors:
        created = _spread(rng, community.user_joined_ms[author])
        shard = _shard(community.user_id[author])
        community.post_id.append(status_ids.make(created, shard))
        community.post_author.append(author)
        statuses[author] += 1
        chance = rng.random()
        if community.user_locked[author] or chance < FOLLOWERS_ONLY_SHARE:
            community.post_visibility.append(PRIVATE)
        elif chance < FOLLOWERS_ONLY_SHARE + UNLISTED_SHARE:
            community.post_visibility.append(UNLISTED)
        else:
            community.post_visibility.append(PUBLIC)
        tagged = rng.random() < TAGGED_SHARE
        community.post_tags[0].append(rng.randrange(len(TAGS)) if tagged else -1)
        community.post_tags[1].append(rng.randrange(len(TAGS)) if tagged and rng.random() < 0.4 else -1)
        # Uploads come shortly before the post that takes them.
        attachments = rng.randint(2, 6) if rng.random() < CAROUSEL_SHARE else 1
        for _ in range(attachments):
            community.media_id.append(media_ids.make(max(created - rng.randint(1_000, 120_000), 0), shard))
        community.media_start.append(len(community.media_id))
    community.statuses_count = array("i", statuses)
    community.replies_count = array("i", bytes(4 * posts))
    community.favourites_count = array("i", bytes(4 * posts))


def _popular_open_posts(community: Community) -> tuple[list[int], list[float]]:
    """Return the public and unlisted posts, with cumulative weights favouring popular authors."""
    candidates = [post for post, visibility in enumerate(community.post_visibility) if visibility != PRIVATE]
    weights = itertools.accumulate(community.followers_count[community.post_author[post]] + 1.0 for post in candidates)
    return candidates, list(weights)


def _make_comments(community: Community, rng: random.Random, status_ids: _IdMaker) -> None:
    candidates, weights = _popular_open_posts(community)
    if not candidates:
        return
    users = community.scale.users
    for _ in range(community.scale.comments):
        post = candidates[bisect.bisect(weights, rng.random() * weights[-1])]
        author = community.post_author[post]
        commenter = rng.randrange(users - 1)
        commenter += commenter >= author
        # Most comments come within hours of the post.
        posted_ms = community.post_id[post] >> (SHARD_BITS + SEQUENCE_BITS)
        created = min(posted_ms + int(rng.expovariate(1 / 21_600_000)), END_MS)
        community.comment_id.append(status_ids.make(created, _shard(community.user_id[commenter])))
        community.comment_post.append(post)
        community.comment_author.append(commenter)
        community.replies_count[post] += 1


def _make_likes(community: Community, rng: random.Random) -> None:
    candidates, weights = _popular_open_posts(community)
    if not candidates:
        return
    users = community.scale.users
    liked: set[int] = set()
    ids = _IdMaker()
    while len(community.like_id) < community.scale.likes:
        post = candidates[bisect.bisect(weights, rng.random() * weights[-1])]
        account = rng.randrange(users)
        key = post * users + account
        if key in liked or account == community.post_author[post]:
            continue
        liked.add(key)
        posted_ms = community.post_id[post] >> (SHARD_BITS + SEQUENCE_BITS)
        created = min(posted_ms + int(rng.expovariate(1 / 43_200_000)), END_MS)
        community.like_id.append(ids.make(created, _shard(community.user_id[account])))
        community.like_account.append(account)
        community.like_post.append(post)
        community.favourites_count[post] += 1


def generate(scale: Scale) -> Community:
    """Return the community of this scale and seed (the same one every time)."""
    scale.check()
    rng = random.Random(scale.seed)  # noqa: S311  (reproducible data, not secrets)
    community = Community(scale)
    _make_users(community, rng)
    _make_follows(community, rng)
    _make_edges(community, rng)
    status_ids = _IdMaker()
    _make_posts(community, rng, status_ids)
    _make_comments(community, rng, status_ids)
    _make_likes(community, rng)
    return community


def instant(object_id: int) -> datetime:
    """Return when the object with this (seeded) id was made."""
    return datetime.fromtimestamp((PHOTOGRAM_EPOCH_MS + (object_id >> (SHARD_BITS + SEQUENCE_BITS))) / 1000, tz=UTC)
