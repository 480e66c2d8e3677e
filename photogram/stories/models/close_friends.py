"""Close friends: the accounts an author lets see the stories they share with close friends only."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CloseFriend(models.Model):
    """`friend` is on `owner`'s close-friends list; only `owner` knows (nobody is told they were added)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="close_friends")
    friend = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="close_friend_of")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "friend"], name="close_friend_once"),
            models.CheckConstraint(condition=~models.Q(owner=models.F("friend")), name="close_friend_not_self"),
        ]
        # The story rule asks "whose lists is this viewer on" for the authors of a tray.
        indexes = [models.Index(fields=["friend", "owner"], name="close_friend_by_friend")]

    def __str__(self) -> str:
        return f"{self.friend_id} is a close friend of {self.owner_id}"
