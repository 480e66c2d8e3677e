"""The rules (`rules`) as querysets, for what must be filtered in the database: lists, grids, lookups."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from photogram.access.rules import DIRECT, OPEN, PRIVATE
from photogram.accounts.models import Block, Follow, Mute, User
from photogram.posts.models import Mention, Status


class AccountNotFound(LookupError):
    """No such account, or one the viewer may not see (the two are indistinguishable on purpose)."""


class StatusNotFound(LookupError):
    """No such post, or one the viewer may not see (the two are indistinguishable on purpose)."""


def visible_accounts(viewer: User | None) -> QuerySet[User]:
    """Return the accounts `viewer` (None: anonymous) may see (rules.may_see_account)."""
    accounts = User.objects.filter(suspended_at__isnull=True, is_active=True)
    if viewer is None:
        return accounts
    blocked_either_way = Block.objects.filter(
        Q(blocker=viewer, blocked=OuterRef("pk")) | Q(blocker=OuterRef("pk"), blocked=viewer)
    )
    return accounts.exclude(Exists(blocked_either_way))


def get_visible_account(viewer: User | None, account_id: int) -> User:
    """Return the account `account_id` if `viewer` may see it, else raise AccountNotFound."""
    try:
        return visible_accounts(viewer).get(pk=account_id)
    except User.DoesNotExist:
        raise AccountNotFound(account_id) from None


def connections_visible(viewer: User | None, account: User) -> bool:
    """Return whether `viewer` may list whom `account` (one they may see) follows, is followed by and endorses.

    A locked account shows these to itself and its approved followers only; the counts stay public.
    """
    if not account.locked or (viewer is not None and viewer.pk == account.pk):
        return True
    return viewer is not None and Follow.objects.filter(follower=viewer, followee=account).exists()


def grid_visible(viewer: User | None, account: User) -> bool:
    """Return whether `viewer` may browse the grid of posts on the profile of `account` (one they may see).

    As with its connections, a locked account shows its grid to itself and its approved followers only; each
    post's own page still follows `rules` (a public post of a locked account opens from its link).
    """
    return connections_visible(viewer, account)


def shown_to_other_sites(account: User) -> bool:
    """Return whether previews of the account's open posts may be given to other sites (Open Graph, oEmbed).

    A locked account asks search engines not to index it (`noindex`), so its pages give nothing away.
    """
    return not account.locked


def is_blocked_either_way(first: User, second: User) -> bool:
    """Return whether either of two people blocks the other (Relation.blocked)."""
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)).exists()


def blocked_either_way_ids(user_id: int) -> set[int]:
    """Return the ids of the accounts `user_id` blocks or is blocked by (Relation.blocked, for every account)."""
    pairs = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list("blocker_id", "blocked_id")
    return {account for pair in pairs for account in pair} - {user_id}


def _visible_alone(viewer: User | None) -> QuerySet[Status]:
    """The posts whose own visibility and author let the viewer see them (rules.may_see_alone)."""
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
        | (Q(visibility=PRIVATE) & Exists(follows))
        | (Q(visibility=DIRECT) & Exists(mentioned))
    )


def visible_statuses(viewer: User | None) -> QuerySet[Status]:
    """Return the posts and comments `viewer` (None: anonymous) may see (rules.may_see)."""
    # A correlated EXISTS on the one parent row, not `in_reply_to IN (every visible post)`: PostgreSQL plans
    # the IN as a scan of the whole table, and its estimate alone spoils the plan of every query built on this.
    parent_visible = _visible_alone(viewer).filter(pk=OuterRef("in_reply_to_id"))
    return _visible_alone(viewer).filter(Q(in_reply_to__isnull=True) | Exists(parent_visible))


def can_view(viewer: User | None, status: Status) -> bool:
    """Return whether `viewer` may see `status`."""
    return visible_statuses(viewer).filter(pk=status.pk).exists()


def get_visible_status(viewer: User | None, status_id: int) -> Status:
    """Return the post `status_id` if `viewer` may see it, else raise StatusNotFound."""
    status = visible_statuses(viewer).filter(pk=status_id).select_related("author", "in_reply_to").first()
    if status is None:
        raise StatusNotFound(status_id)
    return status


def without_muted(statuses: QuerySet[Status], viewer: User | None) -> QuerySet[Status]:
    """Leave out the posts of accounts the viewer mutes (rules.may_show_unasked, on visible_statuses)."""
    if viewer is None:
        return statuses
    return statuses.exclude(Exists(Mute.objects.filter(muter=viewer, muted=OuterRef("author_id"))))
