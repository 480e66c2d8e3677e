"""Which posts a viewer may see.

Public and unlisted posts: everyone. Private posts: their author and approved followers. Direct posts: their
author and the accounts they mention. Never a post of a suspended account, nor across a block either way;
and a comment only where its post is visible too.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from photogram.accounts.models import Block, Follow, Mute, User
from photogram.posts.models import Mention, Status

OPEN = (Status.Visibility.PUBLIC, Status.Visibility.UNLISTED)


def _own_rules(viewer: User | None) -> QuerySet[Status]:
    """The posts whose own visibility and author let the viewer see them (ignoring the post commented on)."""
    statuses = Status.objects.filter(author__suspended_at__isnull=True, author__is_active=True)
    if viewer is None:
        return statuses.filter(visibility__in=OPEN)
    blocked_either_way = Block.objects.filter(
        Q(blocker=viewer, blocked=OuterRef("author_id")) | Q(blocker=OuterRef("author_id"), blocked=viewer)
    )
    follows = Follow.objects.filter(follower=viewer, followee=OuterRef("author_id"))
    mentioned = Mention.objects.filter(status=OuterRef("pk"), account=viewer)
    return statuses.exclude(Exists(blocked_either_way)).filter(
        Q(visibility__in=OPEN)
        | Q(author=viewer)
        | (Q(visibility=Status.Visibility.PRIVATE) & Exists(follows))
        | (Q(visibility=Status.Visibility.DIRECT) & Exists(mentioned))
    )


def visible_statuses(viewer: User | None) -> QuerySet[Status]:
    """Return the posts and comments `viewer` (None: anonymous) may see."""
    # A correlated EXISTS on the one parent row, not `in_reply_to IN (every visible post)`: PostgreSQL plans
    # the IN as a scan of the whole table, and its estimate alone spoils the plan of every query built on this.
    parent_visible = _own_rules(viewer).filter(pk=OuterRef("in_reply_to_id"))
    return _own_rules(viewer).filter(Q(in_reply_to__isnull=True) | Exists(parent_visible))


def can_view(viewer: User | None, status: Status) -> bool:
    """Return whether `viewer` may see `status`."""
    return visible_statuses(viewer).filter(pk=status.pk).exists()


def without_muted(statuses: QuerySet[Status], viewer: User | None) -> QuerySet[Status]:
    """Leave out the posts of accounts the viewer mutes (for lists the viewer did not ask for by author)."""
    if viewer is None:
        return statuses
    return statuses.exclude(Exists(Mute.objects.filter(muter=viewer, muted=OuterRef("author_id"))))


class StatusNotFound(LookupError):
    """No such post, or one the viewer may not see (the two are indistinguishable on purpose)."""


def get_visible_status(viewer: User | None, status_id: int) -> Status:
    """Return the post `status_id` if `viewer` may see it, else raise StatusNotFound."""
    status = visible_statuses(viewer).filter(pk=status_id).select_related("author", "in_reply_to").first()
    if status is None:
        raise StatusNotFound(status_id)
    return status
