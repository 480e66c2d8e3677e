"""The layout of Photogram's 64-bit, time-sortable ids (Instagram's scheme).

    | 41 bits: milliseconds since PHOTOGRAM_EPOCH | 13 bits: logical shard | 10 bits: sequence |

Sorting ids sorts objects by creation time, an id names the logical shard its row belongs to (the seam for
splitting PostgreSQL later), and 1,024 ids per millisecond per shard can be made without coordination.
PostgreSQL computes the same layout in `photogram_next_id()` (see `sql.py`); the two must never disagree.
Ids stay positive in a signed 64-bit column until 2060 (2^40 ms after the epoch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PHOTOGRAM_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
PHOTOGRAM_EPOCH_MS = int(PHOTOGRAM_EPOCH.timestamp() * 1000)

TIME_BITS = 41
SHARD_BITS = 13
SEQUENCE_BITS = 10

SHARD_COUNT = 1 << SHARD_BITS
SEQUENCE_MODULUS = 1 << SEQUENCE_BITS
MAX_ELAPSED_MS = (1 << TIME_BITS) - 1


@dataclass(frozen=True, slots=True)
class DecodedId:
    """What an id says about the object it names."""

    created_at: datetime
    shard: int
    sequence: int


def compose(elapsed_ms: int, shard: int, sequence: int) -> int:
    """Return the id made of milliseconds since the epoch, a logical shard and a sequence number."""
    if not 0 <= elapsed_ms <= MAX_ELAPSED_MS:
        raise ValueError(f"time {elapsed_ms} ms is outside the {TIME_BITS}-bit range of ids")
    if not 0 <= shard < SHARD_COUNT:
        raise ValueError(f"shard {shard} is outside 0..{SHARD_COUNT - 1}")
    if not 0 <= sequence < SEQUENCE_MODULUS:
        raise ValueError(f"sequence {sequence} is outside 0..{SEQUENCE_MODULUS - 1}")
    return (elapsed_ms << (SHARD_BITS + SEQUENCE_BITS)) | (shard << SEQUENCE_BITS) | sequence


def decode(object_id: int) -> DecodedId:
    """Return the creation time, shard and sequence number packed into an id."""
    if object_id < 0 or object_id >> (TIME_BITS + SHARD_BITS + SEQUENCE_BITS):
        raise ValueError(f"{object_id} is not a 64-bit Photogram id")
    elapsed_ms = object_id >> (SHARD_BITS + SEQUENCE_BITS)
    return DecodedId(
        created_at=datetime.fromtimestamp((PHOTOGRAM_EPOCH_MS + elapsed_ms) / 1000, tz=UTC),
        shard=(object_id >> SEQUENCE_BITS) & (SHARD_COUNT - 1),
        sequence=object_id & (SEQUENCE_MODULUS - 1),
    )


def shard_for_owner(owner_id: int) -> int:
    """Return the logical shard of objects owned by `owner_id`, so one person's rows live together."""
    return owner_id % SHARD_COUNT


def lowest_id_at(moment: datetime) -> int:
    """Return the smallest id that can have been made at `moment`: a cursor for "created since" queries."""
    return compose(max(0, int(moment.timestamp() * 1000) - PHOTOGRAM_EPOCH_MS), 0, 0)
