"""Search for one viewer: what matches (the configured engine), what they may see (photogram.access), in what
order, and which slice of it. The same on every engine: the engines only match.

- Accounts: the username starts with the query, or the display name holds its words (on PostgreSQL also a
  name inside a username, or spelt closely: trigrams). Ranked: the exact username first, then accounts the
  viewer follows, then by followers. Never a suspended or deactivated account, nor one on either side of a
  block with the viewer.
- Hashtags: the name starts with the query (on PostgreSQL, also close spellings), the exact name first, then
  by how many posts use them.
- Posts and comments: the caption holds every word, newest first, and only those the viewer may see; people
  who are not logged in get none (as on Mastodon). Muted accounts are not left out: a search is asked for.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Coalesce

from photogram.access.querysets import visible_accounts, visible_statuses
from photogram.accounts.models import Follow, User
from photogram.posts.models import Tag
from photogram.search.backends import search_backends
from photogram.search.services.query import Query


def accounts(viewer: User | None, query: Query, *, limit: int, offset: int = 0, following: bool = False) -> list[User]:
    """Return the accounts matching `query` that `viewer` may see, best first (only those they follow)."""
    if query.empty or query.remote or (following and viewer is None):
        return []
    found = search_backends.default.match_accounts(visible_accounts(viewer), query)
    exact = ExpressionWrapper(Q(username__iexact=query.username or ""), output_field=BooleanField())
    found = found.annotate(exact=exact)
    if viewer is None:
        ranked = found.order_by("-exact", "-followers_count", "id")
    else:
        followed = Exists(Follow.objects.filter(follower=viewer, followee=OuterRef("pk")))
        found = found.annotate(followed=followed)
        if following:
            found = found.filter(followed=True)
        ranked = found.order_by("-exact", "-followed", "-followers_count", "id")
    return list(ranked[offset : offset + limit])


def hashtags(query: Query, *, limit: int, offset: int = 0) -> list[Tag]:
    """Return the hashtags matching `query`: the exact name first, then the most used."""
    if query.tag is None:
        return []
    found = search_backends.default.match_tags(Tag.objects.all(), query)
    exact = ExpressionWrapper(Q(name=query.tag), output_field=BooleanField())
    ranked = found.annotate(exact=exact, uses=Coalesce("use__uses", 0)).order_by("-exact", "-uses", "name")
    return list(ranked[offset : offset + limit])


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
