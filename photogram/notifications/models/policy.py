"""Whom one takes notifications from (Mastodon 4.3's notification policy)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationPolicy(models.Model):
    """What happens to notifications from each kind of stranger: shown, kept aside (filtered), or dropped.

    Someone without a row has the defaults, which are Mastodon's.
    """

    class Action(models.TextChoices):
        ACCEPT = "accept"
        FILTER = "filter"
        DROP = "drop"

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="notification_policy"
    )
    # From accounts the owner does not follow.
    for_not_following = models.CharField(max_length=8, choices=Action.choices, default=Action.ACCEPT)
    # From accounts that do not follow the owner.
    for_not_followers = models.CharField(max_length=8, choices=Action.choices, default=Action.ACCEPT)
    # From accounts younger than 30 days.
    for_new_accounts = models.CharField(max_length=8, choices=Action.choices, default=Action.ACCEPT)
    # Mentions in direct posts from accounts the owner does not follow.
    for_private_mentions = models.CharField(max_length=8, choices=Action.choices, default=Action.FILTER)
    # From accounts moderators limited (none yet: suspension hides an account entirely).
    for_limited_accounts = models.CharField(max_length=8, choices=Action.choices, default=Action.FILTER)

    def __str__(self) -> str:
        return f"notification policy of {self.owner_id}"


class NotificationPermission(models.Model):
    """The owner accepted an account's notification request: its notifications pass the policy from now on."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "account"], name="notification_permission_once")]

    def __str__(self) -> str:
        return f"{self.owner_id} takes notifications from {self.account_id}"
