"""Which list feeds an author's post reaches, and whose home feeds it skips (exclusive lists).

Read by the home feed's fan-out, rebuild and read path (photogram.feeds.services), so it imports none of them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from photogram.access.audience import receiving_follows
from photogram.lists.models import ListMember


def receiving_lists(author_id: int, first_follow_id: int, last_follow_id: int) -> list[tuple[int, int, bool]]:
    """Return (list, owner, exclusive) for the lists holding `author_id` whose owners are in one chunk of
    the author's followers and may be written the author's posts (the privacy rules of `receiving_follows`).

    Unlike home feeds, lists of owners who have not read lately are written too: lists are few beside
    followers, and a list feed is never rebuilt.
    """
    owners = receiving_follows(author_id).filter(id__gte=first_follow_id, id__lte=last_follow_id)
    memberships = ListMember.objects.filter(account_id=author_id, list__owner_id__in=owners.values("follower_id"))
    return list(memberships.values_list("list_id", "list__owner_id", "list__exclusive"))


def lists_holding(author_id: int) -> list[int]:
    """Return the ids of every list that `author_id` is a member of."""
    return list(ListMember.objects.filter(account_id=author_id).values_list("list_id", flat=True))


def exclusive_members(owner_id: int) -> QuerySet[ListMember]:
    """Return the memberships of the owner's exclusive lists: accounts whose posts stay out of their home feed."""
    return ListMember.objects.filter(list__owner_id=owner_id, list__exclusive=True)
