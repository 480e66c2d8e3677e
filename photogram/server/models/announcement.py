from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Announcement(models.Model):
    """A notice the admins show every signed-in person while it is published and current."""

    text = models.TextField(help_text="Shown as written; line breaks become paragraphs.")
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Shown from then on (empty: at once).")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Hidden from then on (empty: until withdrawn).")
    all_day = models.BooleanField(default=False, help_text="An event of whole days: clients show dates, not times.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-published_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="announcement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Published when the flag is first set; withdrawing it and publishing again is a new publication.
        if self.published and self.published_at is None:
            self.published_at = timezone.now()
        elif not self.published:
            self.published_at = None
        super().save(*args, **kwargs)


class AnnouncementDismissal(models.Model):
    """One person has read an announcement."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="dismissals")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "announcement"], name="announcement_read_once")]

    def __str__(self) -> str:
        return f"announcement {self.announcement_id} read by {self.account_id}"


class AnnouncementReaction(models.Model):
    """One person's reaction to an announcement: a Unicode emoji, or a custom emoji by its shortcode."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reactions")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=64)
    # Set for a custom emoji, so that deleting the emoji takes its reactions with it.
    custom_emoji = models.ForeignKey("server.CustomEmoji", null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "announcement", "name"], name="announcement_reaction_once")
        ]
        indexes = [models.Index(fields=["announcement", "name"], name="announcement_reaction_name")]

    def __str__(self) -> str:
        return f"{self.name} on announcement {self.announcement_id} by {self.account_id}"
