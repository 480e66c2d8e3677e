"""The work behind membership changes on list feeds, done by tasks (`photogram.lists.tasks`) after the change
commits. Posts reach list feeds through the home feed's fan-out (`feeds.services.fanout`), which these
mirror: a new member is backfilled as a new follow is, a removed one leaves as an unfollowed author does.

Each checks the relational truth first, so a task that runs late (or twice) never undoes a later change.
"""

from __future__ import annotations

from photogram.accounts.models import User
from photogram.feeds.services import audience
from photogram.feeds.services.fanout import BACKFILL_POSTS, recent_posts
from photogram.feeds.stores import feeds
from photogram.lists.models import List, ListMember


def backfill_member(list_id: int, account_id: int) -> int:
    """Bring a new member's recent posts into the list's feed, if still a member; return how many."""
    account = User.objects.filter(pk=account_id).first()
    if account is None or not ListMember.objects.filter(list_id=list_id, account_id=account_id).exists():
        return 0
    if audience.pulled_at_read_time(account):
        return 0  # merged into each page when the list is read
    items = recent_posts([account_id], BACKFILL_POSTS)
    feeds["lists"].insert_many(list_id, items)
    return len(items)


def remove_member_posts(list_id: int, account_id: int) -> None:
    """Take a former member's posts out of the list's feed, unless they were added back meanwhile."""
    if not ListMember.objects.filter(list_id=list_id, account_id=account_id).exists():
        feeds["lists"].remove_author(list_id, account_id)


def clear_list_feed(list_id: int) -> None:
    """Empty the feed of a deleted list."""
    if not List.objects.filter(pk=list_id).exists():
        feeds["lists"].clear(list_id)
