"""How many notifications one has not read yet: counted above the `notifications` marker, and kept in the
cache until one's inbox changes (a moved marker is another question, so another answer).

Each inbox has a stamp (a random token in the cache) that every change replaces after it is made. A reader
takes the stamp before it counts and files its answer under it, and an answer counts only while its stamp is
the inbox's: a count that raced a new notification is filed under a stamp nobody holds any more, so it is
never served (the protocol of the home feed's head cache).
"""

from __future__ import annotations

import uuid

from django.core.cache import cache

# Short: a block, or a post turned invisible, changes what is counted without touching the inbox.
ANSWER_SECONDS = 60
STAMP_SECONDS = 86400
VARIANTS = ("v1", "v2")


def _answer_key(recipient_id: int, variant: str) -> str:
    return f"notifications:unread:{variant}:{recipient_id}"


def _stamp_key(recipient_id: int) -> str:
    return f"notifications:unread:stamp:{recipient_id}"


def stamp(recipient_id: int) -> str:
    """Return the inbox's current stamp (making one if it has none); take it before counting."""
    key = _stamp_key(recipient_id)
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, STAMP_SECONDS)
        current = cache.get(key)
    return str(current)


def cached(recipient_id: int, variant: str, question: tuple[object, ...]) -> int | None:
    """Return the count kept for exactly this question under the inbox's current stamp, None otherwise."""
    answer_key, stamp_key = _answer_key(recipient_id, variant), _stamp_key(recipient_id)
    found = cache.get_many([answer_key, stamp_key])  # one round trip
    kept = found.get(answer_key)
    if isinstance(kept, list) and len(kept) == 3 and kept[1] == list(question) and kept[0] == found.get(stamp_key):
        count: int = kept[2]
        return count
    return None


def keep(recipient_id: int, variant: str, question: tuple[object, ...], count: int, taken_stamp: str) -> None:
    """Keep the answer to one question, counted after `taken_stamp` was taken."""
    cache.set(_answer_key(recipient_id, variant), [taken_stamp, list(question), count], ANSWER_SECONDS)


def forget(recipient_id: int) -> None:
    """Give the inbox a new stamp, after a change to it: every count kept so far stops counting."""
    cache.set(_stamp_key(recipient_id), uuid.uuid4().hex, STAMP_SECONDS)
