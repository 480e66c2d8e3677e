"""The unread-count cache's protocol, with the race it guards against played out step by step."""

from __future__ import annotations

from photogram.core.ids.generator import IdGenerator
from photogram.notifications.services import unread

_ids = IdGenerator()
QUESTION: tuple[object, ...] = (None, [], [], None, 100, [])


def test_an_answer_is_served_until_the_inbox_changes() -> None:
    recipient = _ids.next_id()
    assert unread.cached(recipient, "v1", QUESTION) is None
    unread.keep(recipient, "v1", QUESTION, 3, unread.stamp(recipient))
    assert unread.cached(recipient, "v1", QUESTION) == 3
    assert unread.cached(recipient, "v1", (*QUESTION[:4], 50, [])) is None  # another question
    assert unread.cached(recipient, "v2", QUESTION) is None
    unread.forget(recipient)
    assert unread.cached(recipient, "v1", QUESTION) is None


def test_a_count_that_raced_a_new_notification_is_never_served() -> None:
    recipient = _ids.next_id()
    taken = unread.stamp(recipient)  # a reader takes the stamp and counts 3 ...
    unread.forget(recipient)  # ... while a fourth notification arrives and is delivered ...
    unread.keep(recipient, "v1", QUESTION, 3, taken)  # ... then it keeps its count of 3
    assert unread.cached(recipient, "v1", QUESTION) is None
    unread.keep(recipient, "v1", QUESTION, 4, unread.stamp(recipient))
    assert unread.cached(recipient, "v1", QUESTION) == 4
