"""How many notifications one has not read yet: counted above the `notifications` marker, and kept in the
cache (for a minute at most) until a notification arrives or leaves; a moved marker is another question."""

from __future__ import annotations

from django.core.cache import cache

# Short: a block or a post turned invisible changes what is counted without touching the inbox.
TTL_SECONDS = 60
VARIANTS = ("v1", "v2")


def _key(recipient_id: int, variant: str) -> str:
    return f"notifications:unread:{variant}:{recipient_id}"


def cached(recipient_id: int, variant: str, question: tuple[object, ...]) -> int | None:
    """Return the count kept for exactly this question (marker, filters, limit), None if there is none."""
    kept = cache.get(_key(recipient_id, variant))
    if isinstance(kept, list) and len(kept) == 2 and kept[0] == list(question):
        count: int = kept[1]
        return count
    return None


def keep(recipient_id: int, variant: str, question: tuple[object, ...], count: int) -> None:
    """Keep the answer to one question until the inbox changes."""
    cache.set(_key(recipient_id, variant), [list(question), count], TTL_SECONDS)


def forget(recipient_id: int) -> None:
    """Drop the kept counts of one recipient: their inbox changed."""
    cache.delete_many([_key(recipient_id, variant) for variant in VARIANTS])
