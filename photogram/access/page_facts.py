"""The rules (`rules`) on one page of posts: what the page needs from the database for one viewer, beside
the posts' cached bodies.

Two queries for the whole page, whatever its length: one for the posts' visibility, revision and parent,
the viewer's relations to their authors, the viewer's mentions, likes and saves, and the pins; one for the
rows of the authors, with their standing. Plain SQL: building them with the ORM cost more than running
them. The SQL only gathers facts: `PageFacts.may_see` and `follows_author` hand them to the functions of
`rules` themselves. The viewer's likes, saves and pins ride in the same round trip, and whether the viewer has
filters at all (most have none, and so skip the query that reads them).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

from photogram.access import rules
from photogram.accounts.models import Block, Follow, Mute, User
from photogram.core.rawsql import aware
from photogram.filters.models import Filter
from photogram.posts.models import Bookmark, Favourite, Mention, Pin, Status

# What of an author's row their Account entity shows (in AuthorRow's order).
AUTHOR_COLUMNS = ("id", "username", "display_name", "note", "avatar", "header", "locked", "date_joined", "website")

_POST, _FOLLOWED, _BLOCKED, _MUTED, _MENTIONED, _LIKED, _SAVED, _PINNED, _FILTER = range(9)


@dataclass(frozen=True)
class PostFacts:
    author_id: int
    visibility: str
    in_reply_to_id: int | None
    revision: int
    parent_author_id: int | None  # None for a post, and for a comment whose post is gone
    parent_visibility: str | None


@dataclass(frozen=True)
class AuthorRow:
    """An author's row as the Account entity reads it; equal rows serialize the same."""

    id: int
    username: str
    display_name: str
    note: str
    avatar: str
    header: str
    locked: bool
    date_joined: datetime
    website: str

    def as_user(self) -> User:
        return User(
            id=self.id,
            username=self.username,
            display_name=self.display_name,
            note=self.note,
            avatar=self.avatar,
            header=self.header,
            locked=self.locked,
            date_joined=self.date_joined,
            website=self.website,
        )


@dataclass
class PageFacts:
    viewer_id: int | None
    posts: dict[int, PostFacts] = field(default_factory=dict)
    authors: dict[int, AuthorRow] = field(default_factory=dict)  # of posts and parents; may_see says who is seen
    standing: dict[int, rules.Standing] = field(default_factory=dict)
    followed: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)  # either way
    muted: set[int] = field(default_factory=set)
    mentioned: set[int] = field(default_factory=set)  # posts (and parents) naming the viewer
    liked: set[int] = field(default_factory=set)
    saved: set[int] = field(default_factory=set)
    pinned: set[int] = field(default_factory=set)
    filters: set[int] = field(default_factory=set)  # the viewer's filters, expired ones too
    _relations: dict[int, rules.Relation] = field(default_factory=dict, repr=False)  # made once per author

    def may_see(self, status_id: int) -> bool:
        """Whether the viewer may see the post or comment (rules.may_see)."""
        post = self.posts.get(status_id)
        if post is None:
            return False
        parent = None
        if post.in_reply_to_id is not None:
            parent = rules.GONE
            if post.parent_author_id is not None and post.parent_visibility is not None:
                parent = self._seen(post.in_reply_to_id, post.parent_author_id, post.parent_visibility, None)
        return rules.may_see(self._seen(status_id, post.author_id, post.visibility, parent))

    def by_author_in_good_standing(self, status_id: int) -> bool:
        """Whether the post exists and its author is in good standing (rules.in_good_standing)."""
        post = self.posts.get(status_id)
        return post is not None and rules.in_good_standing(self.standing.get(post.author_id))

    def follows_author(self, status_id: int) -> bool:
        """Whether the post belongs in the viewer's home feed by its author (rules.follows_author)."""
        return rules.follows_author(self.relation(self.posts[status_id].author_id))

    def relation(self, account_id: int) -> rules.Relation:
        """The viewer's relation to `account_id` (an anonymous viewer's sets are empty: rules.ANONYMOUS)."""
        relation = self._relations.get(account_id)
        if relation is None:
            relation = self._relations[account_id] = rules.Relation(
                account_id == self.viewer_id,
                account_id in self.followed,
                account_id in self.blocked,
                account_id in self.muted,
            )
        return relation

    def _seen(self, status_id: int, author_id: int, visibility: str, parent: rules.Post | None) -> rules.Post:
        return rules.Post(
            visibility, self.standing.get(author_id), self.relation(author_id), status_id in self.mentioned, parent
        )


def _in(vendor: str, column: str, parameter: str) -> str:
    """`column` is one of the ids in `parameter`, spelt so the statement's text never changes with the count.

    PostgreSQL then plans it once per connection (a prepared statement); SQLite reads a JSON array.
    """
    if vendor == "postgresql":
        return f"{column} = ANY(%({parameter})s::bigint[])"
    return f"{column} IN (SELECT value FROM json_each(%({parameter})s))"


def _ids(ids: Sequence[int]) -> list[int] | str:
    return list(ids) if connection.vendor == "postgresql" else json.dumps(list(ids))


@functools.cache
def _facts_sql(vendor: str) -> str:
    status, follow, block, mute, mention, like, save, pin, filters = (
        model._meta.db_table for model in (Status, Follow, Block, Mute, Mention, Favourite, Bookmark, Pin, Filter)
    )
    return f"""
        WITH page AS (
            SELECT s.id, s.author_id, s.visibility, s.in_reply_to_id, s.revision,
                   p.author_id AS parent_author_id, p.visibility AS parent_visibility
            FROM {status} s LEFT JOIN {status} p ON p.id = s.in_reply_to_id
            WHERE {_in(vendor, "s.id", "ids")}
        ), authors AS (
            SELECT author_id AS id FROM page
            UNION SELECT parent_author_id FROM page WHERE parent_author_id IS NOT NULL
        )
        SELECT {_POST}, id, author_id, in_reply_to_id, revision, parent_author_id, visibility, parent_visibility
            FROM page
        UNION ALL SELECT {_FOLLOWED}, followee_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {follow}
            WHERE follower_id = %(viewer)s AND followee_id IN (SELECT id FROM authors)
        UNION ALL SELECT {_BLOCKED}, blocked_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {block}
            WHERE blocker_id = %(viewer)s AND blocked_id IN (SELECT id FROM authors)
        UNION ALL SELECT {_BLOCKED}, blocker_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {block}
            WHERE blocked_id = %(viewer)s AND blocker_id IN (SELECT id FROM authors)
        UNION ALL SELECT {_MUTED}, muted_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {mute}
            WHERE muter_id = %(viewer)s AND muted_id IN (SELECT id FROM authors)
        UNION ALL SELECT {_MENTIONED}, status_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {mention}
            WHERE account_id = %(viewer)s
            AND ({_in(vendor, "status_id", "ids")} OR status_id IN (SELECT in_reply_to_id FROM page))
        UNION ALL SELECT {_LIKED}, status_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {like}
            WHERE account_id = %(viewer)s AND {_in(vendor, "status_id", "ids")}
        UNION ALL SELECT {_SAVED}, status_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {save}
            WHERE account_id = %(viewer)s AND {_in(vendor, "status_id", "ids")}
        UNION ALL SELECT {_PINNED}, status_id, NULL, NULL, NULL, NULL, NULL, NULL FROM {pin}
            WHERE {_in(vendor, "status_id", "ids")}
        UNION ALL SELECT {_FILTER}, id, NULL, NULL, NULL, NULL, NULL, NULL FROM {filters}
            WHERE owner_id = %(viewer)s
    """


@functools.cache
def _authors_sql(vendor: str) -> str:
    column_of = {field.name: field.column for field in User._meta.concrete_fields}
    columns = ", ".join(column_of[name] for name in (*AUTHOR_COLUMNS, "suspended_at", "is_active"))
    return f"SELECT {columns} FROM {User._meta.db_table} WHERE {_in(vendor, 'id', 'authors')}"


def load(viewer: User | None, status_ids: Sequence[int]) -> PageFacts:
    """Return the facts of the page `status_ids` for `viewer` (None: anonymous) in two queries."""
    viewer_id = viewer.pk if viewer is not None else None
    facts = PageFacts(viewer_id)
    ids = list(dict.fromkeys(status_ids))
    if not ids:
        return facts
    sets = {
        _FOLLOWED: facts.followed,
        _BLOCKED: facts.blocked,
        _MUTED: facts.muted,
        _MENTIONED: facts.mentioned,
        _LIKED: facts.liked,
        _SAVED: facts.saved,
        _PINNED: facts.pinned,
        _FILTER: facts.filters,
    }
    with connection.cursor() as cursor:
        # Id 0 is nobody's: an anonymous viewer follows, blocks, mutes, likes and saves nothing.
        cursor.execute(_facts_sql(connection.vendor), {"ids": _ids(ids), "viewer": viewer_id or 0})
        for kind, key, author, parent, revision, parent_author, visibility, parent_visibility in cursor.fetchall():
            if kind == _POST:
                facts.posts[key] = PostFacts(author, visibility, parent, revision, parent_author, parent_visibility)
            else:
                sets[kind].add(key)
        authors = {post.author_id for post in facts.posts.values()}
        authors |= {post.parent_author_id for post in facts.posts.values() if post.parent_author_id is not None}
        if authors:
            cursor.execute(_authors_sql(connection.vendor), {"authors": _ids(sorted(authors))})
            for *row, suspended_at, is_active in cursor.fetchall():
                author_id, username, display_name, note, avatar, header, locked, joined, website = row
                facts.authors[author_id] = AuthorRow(
                    author_id, username, display_name, note, avatar, header, bool(locked), aware(joined), website
                )
                facts.standing[author_id] = rules.Standing(suspended_at is not None, bool(is_active))
    return facts
