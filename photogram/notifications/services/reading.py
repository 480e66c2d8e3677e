"""Reading one's notifications: pages (plain and grouped), one notification, dismissing, unread counts.

The inbox holds what was allowed when each notification was made; what the recipient did since is applied
here on every read: notifications from accounts blocked either way, or muted with their notifications, are
not shown (nor counted). Whether the account and post are still visible is the renderer's part
(`api/serializers/notifications.py`, through `access`), which skips a notification that lost either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from django.db.models import Q

from photogram.access.querysets import visible_accounts, visible_statuses
from photogram.accounts.models import Block, Mute, User
from photogram.core.window import MAX_ID, CursorWindow
from photogram.markers.services.positions import markers_of
from photogram.notifications.services import causes, unread
from photogram.notifications.stores import InboxEntry, inboxes

# Entries read from the store per round trip while a page is gathered past the ones a selection skips.
SCAN_BATCH = 100
# Most accounts a group names (Mastodon's sample size).
SAMPLE_ACCOUNTS = 8


class NotificationNotFound(LookupError):
    """No such notification among the viewer's own (answered as 404)."""


@dataclass(frozen=True)
class Selection:
    """Which notifications a request asks for (`types[]`, `exclude_types[]`, `account_id`)."""

    types: frozenset[str] = frozenset()
    exclude_types: frozenset[str] = frozenset()
    account_id: int | None = None
    include_filtered: bool = False

    def admits(self, entry: InboxEntry) -> bool:
        """Return whether the selection takes this entry (the hidden accounts aside)."""
        if entry.type in causes.EXTENSION_TYPES and entry.type not in self.types:
            return False  # only for those who ask for Photogram's own types by name
        return (
            (not self.types or entry.type in self.types)
            and entry.type not in self.exclude_types
            and (self.account_id is None or entry.from_account_id == self.account_id)
            and (self.include_filtered or not entry.filtered)
        )


@dataclass
class Group:
    """The notifications of one group key on a page, newest first."""

    key: str
    entries: list[InboxEntry] = field(default_factory=list)


def hidden_accounts(recipient: User) -> set[int]:
    """Return the accounts whose notifications the recipient does not see now: blocks, notification mutes."""
    blocks = Block.objects.filter(Q(blocker=recipient) | Q(blocked=recipient)).values_list("blocker_id", "blocked_id")
    hidden = {account for pair in blocks for account in pair} - {recipient.pk}
    hidden |= set(Mute.objects.filter(muter=recipient, hide_notifications=True).values_list("muted_id", flat=True))
    return hidden


def _keeper(recipient: User, selection: Selection) -> Callable[[InboxEntry], bool]:
    hidden = hidden_accounts(recipient)
    return lambda entry: selection.admits(entry) and entry.from_account_id not in hidden


def walk(recipient: User, window: CursorWindow, keep: Callable[[InboxEntry], bool]) -> Iterator[InboxEntry]:
    """Yield the kept entries inside `window`'s bounds (its limit aside): newest first, or oldest first for a
    `min_id` window (which picks from the oldest end)."""
    probe = replace(window, limit=SCAN_BATCH)
    while True:
        batch = inboxes.default.page(recipient.pk, probe)
        ordered = batch[::-1] if window.oldest_first else batch
        yield from (entry for entry in ordered if keep(entry))
        if len(batch) < SCAN_BATCH:
            return
        if window.oldest_first:
            probe = replace(probe, min_id=batch[0].id, since_id=None)
        else:
            probe = replace(probe, max_id=batch[-1].id)


def page(recipient: User, window: CursorWindow, selection: Selection) -> list[InboxEntry]:
    """Return the recipient's notifications `window` and `selection` pick, newest first."""
    found = []
    for entry in walk(recipient, window, _keeper(recipient, selection)):
        found.append(entry)
        if len(found) == window.limit:
            break
    return found[::-1] if window.oldest_first else found


def effective_key(entry: InboxEntry, grouped_types: frozenset[str]) -> str:
    """Return the group an entry is shown in: its own, unless its type is not grouped on this request."""
    return entry.group_key if entry.type in grouped_types else causes.ungrouped(entry.id)


def grouped_page(
    recipient: User, window: CursorWindow, selection: Selection, grouped_types: frozenset[str]
) -> tuple[list[Group], list[InboxEntry]]:
    """Return at most `window.limit` groups of the notifications the window and selection pick (newest group
    first), and the entries the page covers (newest first, for its cursors)."""
    groups: dict[str, Group] = {}
    covered = []
    for entry in walk(recipient, window, _keeper(recipient, selection)):
        key = effective_key(entry, grouped_types)
        if key not in groups:
            if len(groups) == window.limit:
                break
            groups[key] = Group(key)
        groups[key].entries.append(entry)
        covered.append(entry)
    for group in groups.values():
        group.entries.sort(key=lambda entry: entry.id, reverse=True)
    ordered = sorted(groups.values(), key=lambda group: group.entries[0].id, reverse=True)
    return ordered, sorted(covered, key=lambda entry: entry.id, reverse=True)


def get(recipient: User, notification_id: int) -> InboxEntry:
    """Return one of the recipient's notifications (NotificationNotFound if it is not theirs, or hidden)."""
    entry = inboxes.default.get(recipient.pk, notification_id)
    if entry is None or entry.from_account_id in hidden_accounts(recipient):
        raise NotificationNotFound(notification_id)
    return entry


def _single(group_key: str) -> int | None:
    """Return the notification id of an `ungrouped-<id>` key, None for any other key."""
    number = group_key.removeprefix("ungrouped-")
    if number == group_key or not (number.isascii() and number.isdigit() and len(number) <= 19):
        return None
    return int(number) if 0 < int(number) <= MAX_ID else None


def group(recipient: User, group_key: str) -> Group:
    """Return every notification of one group (NotificationNotFound if there are none to show)."""
    if (single := _single(group_key)) is not None:
        return Group(group_key, [get(recipient, single)])
    keep = _keeper(recipient, Selection())
    found = [entry for entry in walk(recipient, CursorWindow(), keep) if entry.group_key == group_key]
    if not found:
        raise NotificationNotFound(group_key)
    return Group(group_key, found)


def dismiss(recipient: User, notification_id: int) -> None:
    """Take one notification out of the recipient's inbox (NotificationNotFound if it is not theirs)."""
    entry = inboxes.default.get(recipient.pk, notification_id)
    if entry is None:
        raise NotificationNotFound(notification_id)
    inboxes.default.remove(recipient.pk, [entry])
    unread.forget(recipient.pk)


def dismiss_group(recipient: User, group_key: str) -> None:
    """Take every notification of one group out of the recipient's inbox."""
    if (single := _single(group_key)) is not None:
        removed = inboxes.default.remove_where(recipient.pk, lambda entry: entry.id == single)
    else:
        removed = inboxes.default.remove_where(recipient.pk, lambda entry: entry.group_key == group_key)
    if not removed:
        raise NotificationNotFound(group_key)
    unread.forget(recipient.pk)


def clear(recipient: User) -> None:
    """Empty the recipient's inbox."""
    inboxes.default.clear(recipient.pk)
    unread.forget(recipient.pk)


def unread_count(
    recipient: User, selection: Selection, *, limit: int, grouped_types: frozenset[str] | None = None
) -> int:
    """Return how many notifications (or, with `grouped_types`, groups) are newer than the recipient's
    `notifications` marker, counting at most `limit`; kept in the cache until the inbox changes."""
    marker = markers_of(recipient, ["notifications"]).get("notifications")
    last_read = marker.last_read_id if marker is not None else None
    variant = "v1" if grouped_types is None else "v2"
    question = (
        last_read,
        sorted(selection.types),
        sorted(selection.exclude_types),
        selection.account_id,
        limit,
        sorted(grouped_types or ()),
    )
    count = unread.cached(recipient.pk, variant, question)
    if count is not None:
        return count
    taken_stamp = unread.stamp(recipient.pk)
    newer = []
    for entry in walk(recipient, CursorWindow(since_id=last_read), _keeper(recipient, selection)):
        newer.append(entry)
        if len(newer) >= limit * 2:  # room for the ones left out below
            break
    shown = _still_visible(recipient, newer)
    if grouped_types is None:
        count = min(len(shown), limit)
    else:
        count = min(len({effective_key(entry, grouped_types) for entry in shown}), limit)
    unread.keep(recipient.pk, variant, question, count, taken_stamp)
    return count


def _still_visible(recipient: User, entries: list[InboxEntry]) -> list[InboxEntry]:
    """Return the entries whose account and post the recipient may still see (two queries)."""
    accounts = set(
        visible_accounts(recipient)
        .filter(pk__in={entry.from_account_id for entry in entries})
        .values_list("pk", flat=True)
    )
    status_ids = {entry.status_id for entry in entries if entry.status_id is not None}
    statuses = set(visible_statuses(recipient).filter(pk__in=status_ids).values_list("pk", flat=True))
    return [
        entry
        for entry in entries
        if entry.from_account_id in accounts and (entry.status_id is None or entry.status_id in statuses)
    ]
