from __future__ import annotations

from django.db import models
from oauth2_provider.models import Application


class AppRegistration(models.Model):
    """What a Mastodon client told us about itself in `POST /api/v1/apps`, beside the OAuth application."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="registration")
    scopes = models.CharField(max_length=1000, default="read")
    website = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.application.name} ({self.scopes})"
