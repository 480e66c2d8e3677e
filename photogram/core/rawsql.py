"""What plain SQL hands back differs by database where the ORM would have smoothed it over."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone


def aware(moment: datetime) -> datetime:
    """Return a datetime column's value with its zone: SQLite gives the UTC time it stores without one."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)
