"""Who follows, asks to follow, blocks and mutes whom. Each row is one directed edge between two people."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField


class Follow(models.Model):
    """`follower` sees `followee`'s posts (for a locked followee: only after approval)."""

    id = TimeSortableIdField(primary_key=True, shard_from="follower_id")
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_edges")
    followee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower_edges")
    # The follower asked to be notified of each new post (Mastodon's `notify`, the bell on a profile); a
    # database default too, so rows written without it (by hand, by code from before it) are valid.
    notify = models.BooleanField(default=False, db_default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_once"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("followee")), name="follow_not_self"),
        ]
        # Followers of an account, newest first: the paginated followers list and fan-out read this.
        indexes = [models.Index(fields=["followee", "-id"], name="follow_followee_recent")]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followee_id}"


class FollowRequest(models.Model):
    """`requester` asked to follow the locked account `target`, who has not answered yet."""

    id = TimeSortableIdField(primary_key=True, shard_from="target_id")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_requests")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requester", "target"], name="follow_request_once"),
            models.CheckConstraint(condition=~models.Q(requester=models.F("target")), name="follow_request_not_self"),
        ]
        indexes = [models.Index(fields=["target", "-id"], name="follow_request_target_recent")]

    def __str__(self) -> str:
        return f"{self.requester_id} asks to follow {self.target_id}"


class Block(models.Model):
    """`blocker` and `blocked` no longer see each other anywhere."""

    id = TimeSortableIdField(primary_key=True, shard_from="blocker_id")
    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Mute(models.Model):
    """`muter` no longer sees `muted`'s posts (and, if chosen, notifications); `muted` is not told."""

    id = TimeSortableIdField(primary_key=True, shard_from="muter_id")
    muter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_by")
    hide_notifications = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["muter", "muted"], name="mute_once"),
            models.CheckConstraint(condition=~models.Q(muter=models.F("muted")), name="mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.muter_id} mutes {self.muted_id}"
