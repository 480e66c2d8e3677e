from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from photogram.core.ids.fields import TimeSortableIdField


class User(AbstractUser):
    """A person with an account on this instance: their log-in, their profile and their exact counts."""

    id = TimeSortableIdField(primary_key=True)
    display_name = models.CharField(max_length=30, blank=True)
    note = models.TextField("bio, as written", max_length=500, blank=True)
    website = models.URLField(max_length=200, blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    header = models.ImageField(upload_to="headers/", blank=True)
    locked = models.BooleanField(default=False, help_text="Followers must be approved (a private account).")
    suspended_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Denormalised, moved only through photogram.core.counters.tracked in the transaction that writes the
    # rows they count; counts_version orders the snapshots the counter store keeps.
    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    statuses_count = models.PositiveIntegerField(default=0)
    counts_version = models.PositiveBigIntegerField(default=0)

    COUNTER_FIELDS = ("followers_count", "following_count", "statuses_count")

    class Meta:
        db_table = "accounts_user"
        swappable = "AUTH_USER_MODEL"
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            # "Alice" and "alice" are the same person to everybody reading a mention.
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]
        # The accounts above the pull threshold, looked up on every home-feed read: without it, a scan of
        # every account, whose cost grows with the number of accounts (docs/performance.md).
        indexes = [models.Index(fields=["followers_count"], name="user_followers_count")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The counts move only by atomic F() updates (services/graph.py). A full save of an instance read
        # earlier would write its stale counts back over concurrent changes, so it leaves them out.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in {*self.COUNTER_FIELDS, "counts_version"}
            ]
        super().save(*args, **kwargs)

    @property
    def is_suspended(self) -> bool:
        """Return whether moderators suspended this account (it can neither log in nor be seen)."""
        return self.suspended_at is not None
