"""Familiar followers: which of the people one follows follow a given account."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, OuterRef

from photogram.access.querysets import connections_visible, visible_accounts
from photogram.accounts.models import Follow, User


def familiar_followers(viewer: User, account_ids: Sequence[int]) -> list[tuple[User, list[User]]]:
    """Return, for each account the viewer may see (in the order asked), the followers the viewer follows.

    An account whose followers the viewer may not list (locked, not followed) shows none.
    """
    found = visible_accounts(viewer).in_bulk(list(dict.fromkeys(account_ids)))
    targets = [found[account_id] for account_id in dict.fromkeys(account_ids) if account_id in found]
    listed = [target.pk for target in targets if connections_visible(viewer, target)]
    followed = visible_accounts(viewer).filter(Exists(Follow.objects.filter(follower=viewer, followee=OuterRef("pk"))))
    edges = (
        Follow.objects.filter(followee_id__in=listed, follower__in=followed).select_related("follower").order_by("-id")
    )
    by_target: dict[int, list[User]] = {}
    for edge in edges:
        by_target.setdefault(edge.followee_id, []).append(edge.follower)
    return [(target, by_target.get(target.pk, [])) for target in targets]
