"""Lists and their members: the relational truth. What a change means for the list feeds is sent to
`services.feed` through the outbox, in the transaction of the change.

Mastodon's rules: a list is its owner's alone (someone else's answers as missing); only accounts the owner
follows can be members, each once; unfollowing (or blocking, which ends the follow) takes the account out of
the owner's lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from photogram.access.querysets import AccountNotFound, visible_accounts
from photogram.accounts.models import Follow, User
from photogram.accounts.services.locking import lock_account
from photogram.feeds.services import outbox
from photogram.lists.models import List, ListMember
from photogram.lists.models.lists import MAX_TITLE_LENGTH

# Mastodon's limit per account.
MAX_LISTS = 50
TASKS = "photogram.lists.tasks"


class ListRefused(ValueError):
    """The list cannot be made or changed as asked; the message says why in Mastodon's words (answered 422)."""


class ListNotFound(LookupError):
    """No such list of this owner."""


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ListRefused("Title can't be blank")
    if len(title) > MAX_TITLE_LENGTH:
        raise ListRefused(f"Title is too long (maximum is {MAX_TITLE_LENGTH} characters)")
    return title


def get(owner: User, list_id: int) -> List:
    """Return the owner's list, or raise ListNotFound (others' lists are never shown)."""
    found = List.objects.filter(owner=owner, pk=list_id).first()
    if found is None:
        raise ListNotFound(list_id)
    return found


def owned(owner: User) -> QuerySet[List]:
    """Return the owner's lists, oldest first."""
    return List.objects.filter(owner=owner)


def holding(owner: User, account_id: int) -> QuerySet[List]:
    """Return the owner's lists that `account_id` is a member of."""
    return owned(owner).filter(members__account_id=account_id)


def create(owner: User, title: str, *, replies_policy: str = List.RepliesPolicy.LIST, exclusive: bool = False) -> List:
    """Make a list."""
    title = _clean_title(title)
    with transaction.atomic():
        lock_account(owner)  # two creations racing past the limit check would otherwise both land
        if owned(owner).count() >= MAX_LISTS:
            raise ListRefused(f"You have reached the maximum number of lists ({MAX_LISTS})")
        return List.objects.create(owner=owner, title=title, replies_policy=replies_policy, exclusive=exclusive)


def update(
    owner: User,
    list_id: int,
    *,
    title: str | None = None,
    replies_policy: str | None = None,
    exclusive: bool | None = None,
) -> List:
    """Change a list's title, replies policy or exclusivity (each only when given)."""
    found = get(owner, list_id)
    if title is not None:
        found.title = _clean_title(title)
    if replies_policy is not None:
        found.replies_policy = replies_policy
    if exclusive is not None:
        found.exclusive = exclusive
    found.save(update_fields=["title", "replies_policy", "exclusive"])
    return found


def delete(owner: User, list_id: int) -> None:
    """Delete a list; its feed is emptied after commit."""
    with transaction.atomic():
        get(owner, list_id).delete()
        outbox.enqueue(f"{TASKS}.clear_list_feed", list_id)


def members(owner: User, list_id: int) -> QuerySet[ListMember]:
    """Return the members of the owner's list that the owner may see, newest added first (as a page reads them)."""
    return ListMember.objects.filter(list=get(owner, list_id), account__in=visible_accounts(owner)).select_related(
        "account"
    )


def add_members(owner: User, list_id: int, account_ids: Sequence[int]) -> None:
    """Add accounts to the owner's list, all or none; each one's recent posts come into the list's feed.

    An account that is unknown or hidden from the owner raises AccountNotFound; one the owner does not follow,
    or one already in the list, ListRefused (Mastodon's 422 and its words).
    """
    wanted = list(dict.fromkeys(account_ids))
    with transaction.atomic():
        found = get(owner, list_id)
        known = set(visible_accounts(owner).filter(pk__in=wanted).values_list("pk", flat=True))
        for account_id in wanted:
            if account_id not in known:
                raise AccountNotFound(account_id)
        followed = set(
            Follow.objects.filter(follower=owner, followee_id__in=wanted).values_list("followee_id", flat=True)
        )
        if followed != set(wanted):
            raise ListRefused("Account must be a followed account")
        if ListMember.objects.filter(list=found, account_id__in=wanted).exists():
            raise ListRefused("Account has already been taken")
        try:
            with transaction.atomic():
                ListMember.objects.bulk_create(ListMember(list=found, account_id=account_id) for account_id in wanted)
        except IntegrityError:
            # A concurrent add of the same account got there first (the unique constraint decides).
            raise ListRefused("Account has already been taken") from None
        for account_id in wanted:
            outbox.enqueue(f"{TASKS}.backfill_member", found.pk, account_id)


def remove_members(owner: User, list_id: int, account_ids: Sequence[int]) -> None:
    """Take accounts out of the owner's list (those not in it are ignored); their posts leave its feed."""
    with transaction.atomic():
        found = get(owner, list_id)
        _remove(ListMember.objects.filter(list=found, account_id__in=account_ids))


def on_unfollowed(follower_id: int, followee_id: int) -> None:
    """Take an account out of the lists of someone who stopped following it (inside the unfollow's transaction)."""
    _remove(ListMember.objects.filter(list__owner_id=follower_id, account_id=followee_id))


def _remove(memberships: QuerySet[ListMember]) -> None:
    pairs = list(memberships.values_list("list_id", "account_id"))
    if not pairs:
        return
    memberships.delete()
    for list_id, account_id in pairs:
        outbox.enqueue(f"{TASKS}.remove_member_posts", list_id, account_id)
