"""Search for one viewer: what matches (the configured engine), what they may see (photogram.access), in what
order, and which slice of it. The same on every engine: the engines only match.

- Accounts: the username starts with the query, or the display name holds its words. Ranked: the exact
  username first, then accounts the viewer follows, then by followers. When those do not fill the page, the
  engine's close matches follow (PostgreSQL: trigrams). Never a suspended or deactivated account, nor one on
  either side of a block with the viewer.
- Hashtags: the name starts with the query, the exact name first, then by how many posts use them; close
  spellings after them, as for accounts.
- Posts and comments: the caption holds every word (whole words), newest first, and only those the viewer
  may see; people who are not logged in get none (as on Mastodon). Muted accounts are not left out: a search
  is asked for.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Model, OuterRef, Q, QuerySet

from photogram.access.querysets import visible_accounts, visible_statuses
from photogram.accounts.models import Follow, User
from photogram.posts.models import Tag
from photogram.search.backends import search_backends
from photogram.search.services.query import Query

M = TypeVar("M", bound=Model)


def _page_then_similar(matches: QuerySet[M], similar: QuerySet[M], *, limit: int, offset: int) -> list[M]:
    """Return the page of `matches` (ranked), then of `similar` (ranked alike) when the matches run out."""
    page = list(matches[offset : offset + limit])
    if len(page) == limit:
        return page
    # How many matches there are is known only when this page is their last: count them then.
    skip = max(0, offset - matches.count()) if not page else 0
    shown = {row.pk for row in page}
    more = [row for row in similar[skip : skip + limit + len(shown)] if row.pk not in shown]
    return page + more[: limit - len(page)]


def accounts(viewer: User | None, query: Query, *, limit: int, offset: int = 0, following: bool = False) -> list[User]:
    """Return the accounts matching `query` that `viewer` may see, best first (only those they follow)."""
    if query.empty or query.remote or (following and viewer is None):
        return []
    engine = search_backends.default
    candidates = visible_accounts(viewer)
    if viewer is not None and following:
        candidates = candidates.filter(Exists(Follow.objects.filter(follower=viewer, followee=OuterRef("pk"))))
    return _page_then_similar(
        _rank_accounts(engine.match_accounts(candidates, query), viewer, query),
        _rank_accounts(
            engine.similar_accounts(candidates, query).exclude(pk__in=engine.match_accounts(candidates, query)),
            viewer,
            query,
        ),
        limit=limit,
        offset=offset,
    )


def _rank_accounts(found: QuerySet[User], viewer: User | None, query: Query) -> QuerySet[User]:
    exact = ExpressionWrapper(Q(username__iexact=query.username or ""), output_field=BooleanField())
    found = found.annotate(exact=exact)
    if viewer is None:
        return found.order_by("-exact", "-followers_count", "id")
    followed = Exists(Follow.objects.filter(follower=viewer, followee=OuterRef("pk")))
    return found.annotate(followed=followed).order_by("-exact", "-followed", "-followers_count", "id")


def hashtags(query: Query, *, limit: int, offset: int = 0) -> list[Tag]:
    """Return the hashtags matching `query`: the exact name first, then the most used; close spellings after."""
    if query.tag is None:
        return []
    engine = search_backends.default
    matches = engine.match_tags(Tag.objects.all(), query)
    return _page_then_similar(
        _rank_tags(matches, query),
        _rank_tags(engine.similar_tags(Tag.objects.all(), query).exclude(pk__in=matches), query),
        limit=limit,
        offset=offset,
    )


def _rank_tags(found: QuerySet[Tag], query: Query) -> QuerySet[Tag]:
    exact = ExpressionWrapper(Q(name=query.tag), output_field=BooleanField())
    # A hashtag only ever followed has no uses row: last, not first (PostgreSQL sorts NULL above all).
    return found.annotate(exact=exact).order_by("-exact", F("use__uses").desc(nulls_last=True), "name")


def statuses(
    viewer: User | None,
    query: Query,
    *,
    limit: int,
    offset: int = 0,
    max_id: int | None = None,
    min_id: int | None = None,
    account_id: int | None = None,
) -> list[int]:
    """Return the ids of the posts and comments matching `query` that `viewer` may see, newest first.

    max_id: only older than it; min_id: the ones just newer than it (still shown newest first).
    """
    if viewer is None or not query.words:
        return []
    found = search_backends.default.match_statuses(visible_statuses(viewer), query)
    if account_id is not None:
        found = found.filter(author_id=account_id)
    if max_id is not None:
        found = found.filter(id__lt=max_id)
    if min_id is not None:
        ids = found.filter(id__gt=min_id).order_by("id").values_list("id", flat=True)[offset : offset + limit]
        return list(ids)[::-1]
    return list(found.order_by("-id").values_list("id", flat=True)[offset : offset + limit])
