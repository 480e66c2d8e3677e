"""Rebuilding a home feed from the follow graph and the posts, for a reader back from inactivity (whom the
fan-out skipped) or a feed lost with its store; and filling many feeds at once, for seeding benchmarks."""

from __future__ import annotations

from collections.abc import Iterable

from photogram.accounts.models import User
from photogram.feeds.services import audience
from photogram.feeds.services.fanout import recent_posts
from photogram.feeds.stores import feeds
from photogram.lists.services.audience import exclusive_members


def rebuild(owner_id: int) -> int:
    """Refill a reader's feed with the newest posts of the people they follow and their own; return how many.

    Accounts pulled at read time are left out (their posts are merged when the feed is read), and so are
    the people the reader mutes and the members of the reader's exclusive lists.
    """
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None:
        return 0
    store = feeds.default
    authors = list(
        User.objects.filter(follower_edges__follower_id=owner_id, followers_count__lte=audience.pull_threshold())
        .exclude(muted_by__muter_id=owner_id)
        .exclude(pk__in=exclusive_members(owner_id).values("account_id"))
        .values_list("id", flat=True)
    )
    items = recent_posts([owner_id, *authors], store.max_length)
    store.clear(owner_id)
    store.insert_many(owner_id, items)
    return len(items)


def rebuild_many(owner_ids: Iterable[int]) -> int:
    """Rebuild each feed in turn (benchmark seeding, a store restored empty); return the posts written."""
    return sum(rebuild(owner_id) for owner_id in owner_ids)
