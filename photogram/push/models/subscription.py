from __future__ import annotations

from django.conf import settings
from django.db import models

# The kinds of notification an app can ask to be pushed (Mastodon's `data[alerts][...]`).
ALERT_TYPES = (
    "mention",
    "status",
    "reblog",
    "follow",
    "follow_request",
    "favourite",
    "poll",
    "update",
    "admin.sign_up",
    "admin.report",
    # Photogram: a direct message arrived (in a thread of the inbox that is not muted).
    "direct_message",
)


class PushSubscription(models.Model):
    """Where one app wants a person's notifications pushed (Web Push, RFC 8030), and which of them.

    It belongs to the access token the app subscribed with: one per token, gone with the token (a revoked
    token, a log-out), so an app that is no longer allowed in is no longer told anything either.
    """

    class Policy(models.TextChoices):
        ALL = "all"
        FOLLOWED = "followed"  # only from accounts the person follows
        FOLLOWER = "follower"  # only from the person's followers
        NONE = "none"

    access_token = models.OneToOneField(
        settings.OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL, on_delete=models.CASCADE, related_name="push_subscription"
    )
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = models.URLField(max_length=2048)
    # The app's ECDH public key (an uncompressed P-256 point) and auth secret, URL-safe base64 without padding.
    key_p256dh = models.CharField(max_length=88)
    key_auth = models.CharField(max_length=24)
    # RFC 8291's aes128gcm when the app says it takes it; else the draft's aesgcm, which Mastodon's own apps and
    # those written before Mastodon 4.4 decrypt.
    standard = models.BooleanField(default=False)
    alerts = models.JSONField(default=list)  # the ALERT_TYPES pushed, in that order
    policy = models.CharField(max_length=8, choices=Policy.choices, default=Policy.ALL)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"push subscription {self.pk} of {self.account_id}"
