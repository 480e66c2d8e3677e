"""Photogram's OAuth2 rules on top of django-oauth-toolkit's validator."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from photogram.accounts.services.login import LoginRefused, check_credentials

# Every Mastodon client registers once and then uses whichever of these it needs.
ALLOWED_GRANT_TYPES = frozenset({"authorization_code", "client_credentials", "password", "refresh_token"})


class PhotogramOAuth2Validator(OAuth2Validator):  # type: ignore[misc]
    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        # The password grant stays for first-party tools and Mastodon clients that log in with it; it goes
        # through the same throttled credential check as the web log-in.
        return grant_type in ALLOWED_GRANT_TYPES

    def validate_user(self, username: str, password: str, client: Any, request: Any, *args: Any, **kwargs: Any) -> bool:
        client_ip = str(request.headers.get("REMOTE_ADDR", "")) if request.headers else ""
        try:
            request.user = check_credentials(username, password, client_ip=client_ip)
        except LoginRefused:
            return False
        return True
