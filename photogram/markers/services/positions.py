"""Reading positions: read them, and move them with optimistic locking (Mastodon answers a lost race 409).

A write reads the markers first, outside any transaction, and then updates each one only where its version
is still the one it read (`UPDATE ... WHERE version = read`). Nothing is locked in between: of two writers
that read the same version, the second one's update matches no row and the whole write is refused with
MarkerConflict, so the app that sent it reads the markers again instead of overwriting a newer position.
Two first writes of one timeline meet at the unique index the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from photogram.accounts.models import User
from photogram.markers.models import Marker


class MarkerConflict(Exception):
    """Another write moved the marker between this write's read and its update."""


def markers_of(account: User, timelines: Iterable[str]) -> dict[str, Marker]:
    """Return the account's markers of `timelines` that exist, by timeline."""
    wanted = set(timelines)
    if not wanted:
        return {}
    return {marker.timeline: marker for marker in Marker.objects.filter(account=account, timeline__in=wanted)}


def save(account: User, positions: Mapping[str, int]) -> dict[str, Marker]:
    """Move the account's markers to `positions` (timeline -> last read id), all or none; return them.

    Raises MarkerConflict when another write changed one of them since it was read here.
    """
    seen = markers_of(account, positions)
    now = timezone.now()
    saved = {}
    with transaction.atomic():
        for timeline, last_read_id in positions.items():
            marker = seen.get(timeline)
            if marker is None:
                saved[timeline] = _create(account, timeline, last_read_id, now)
                continue
            if marker.last_read_id != last_read_id:
                moved = Marker.objects.filter(pk=marker.pk, version=marker.version).update(
                    last_read_id=last_read_id, version=marker.version + 1, updated_at=now
                )
                if not moved:
                    raise MarkerConflict(timeline)
                marker.last_read_id, marker.version, marker.updated_at = last_read_id, marker.version + 1, now
            saved[timeline] = marker
    return saved


def advance(account: User, timeline: str, last_read_id: int) -> None:
    """Move the account's marker of `timeline` up to `last_read_id`, never back (a page showed them the newest).

    A conflicting write from another of their clients at the same moment wins: it moved the marker too.
    """
    marker = markers_of(account, [timeline]).get(timeline)
    if marker is not None and marker.last_read_id >= last_read_id:
        return
    with contextlib.suppress(MarkerConflict):
        save(account, {timeline: last_read_id})


def _create(account: User, timeline: str, last_read_id: int, now: datetime) -> Marker:
    try:
        with transaction.atomic():
            return Marker.objects.create(account=account, timeline=timeline, last_read_id=last_read_id, updated_at=now)
    except IntegrityError:
        raise MarkerConflict(timeline) from None
