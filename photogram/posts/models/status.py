from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField


class Status(models.Model):
    """A post (no in_reply_to) or a comment on one (in_reply_to: always a top-level post)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public"
        UNLISTED = "unlisted"
        PRIVATE = "private"
        DIRECT = "direct"

    id = TimeSortableIdField(primary_key=True, shard_from="author_id")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statuses")
    caption = models.TextField(
        blank=True, validators=[MaxLengthValidator(settings.CONTENT_LIMITS["max_caption_characters"])]
    )
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    sensitive = models.BooleanField(default=False)
    spoiler_text = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=16, blank=True)
    in_reply_to = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="replies")
    # Whom a comment answers: the post's author, or the author of the comment it replied to.
    in_reply_to_account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comments_enabled = models.BooleanField(default=True)
    # A named place the author tagged (an extension); free text, as people name places their own way.
    location = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True)
    # Denormalised, moved only through photogram.core.counters.tracked in the transaction that writes the
    # rows they count; counts_version orders the snapshots the counter store keeps.
    replies_count = models.PositiveIntegerField(default=0)
    favourites_count = models.PositiveIntegerField(default=0)
    saves_count = models.PositiveIntegerField(default=0)
    counts_version = models.PositiveBigIntegerField(default=0)
    # Moves whenever what the post shows changes (an edit; its media's renditions, alt text or focus):
    # cached bodies are keyed by it, so a stale one is never read, whatever happened to the cache.
    revision = models.PositiveIntegerField(default=0)
    # The client's Idempotency-Key: a retried post returns the first one. NULL, not "", for posts sent
    # without one, so that the unique constraint leaves them alone.
    idempotency_key = models.CharField(max_length=200, null=True)  # noqa: DJ001

    COUNTER_FIELDS = ("replies_count", "favourites_count", "saves_count")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "idempotency_key"], name="status_idempotency_once"),
        ]
        indexes = [models.Index(fields=["author", "-id"], name="status_author_newest")]

    def __str__(self) -> str:
        return f"status {self.pk} by {self.author_id}"


class StatusMedia(models.Model):
    """One attachment of a post, at its place in the carousel."""

    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="media_links")
    media = models.OneToOneField("media.MediaAttachment", on_delete=models.CASCADE, related_name="status_link")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["status", "position"], name="status_media_position_once")]

    def __str__(self) -> str:
        return f"media {self.media_id} of {self.status_id} at {self.position}"


class Mention(models.Model):
    """An account a post names (and, for a direct post, its audience)."""

    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="mentions")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentioned_in")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["status", "account"], name="mention_once")]

    def __str__(self) -> str:
        return f"{self.status_id} mentions {self.account_id}"
