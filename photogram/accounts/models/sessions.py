"""Signed-in browser sessions, kept with whose they are so that a person can list them and end them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class WebSession(AbstractBaseSession):
    """Django's session row, plus its owner and the browser it was last used from (for the settings page).

    The extra columns are copied from the session's own data whenever it is saved (photogram.accounts.sessions).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="web_sessions"
    )
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_web_session"
