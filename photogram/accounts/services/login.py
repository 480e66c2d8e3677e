"""Checking a person's credentials, for the web log-in and the OAuth password grant alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate

from photogram.accounts.models import User
from photogram.core.ratelimit import rate_limits

# Failed log-ins allowed per window, per account (guessing one person's password) and per address
# (guessing many people's); a success clears the account's count.
FAILED_LOGINS_PER_ACCOUNT = 5
FAILED_LOGINS_PER_IP = 20
FAILED_LOGIN_WINDOW_SECONDS = 300


@dataclass
class LoginRefused(Exception):
    """The credentials were not accepted, or too many attempts failed: say so without saying which."""

    message: str
    retry_after: int = 0


def check_credentials(identifier: str, password: str, *, client_ip: str) -> User:
    """Return the user whose username or email and password these are, or raise LoginRefused."""
    store = rate_limits.default
    # Keyed on the account, not on what was typed, so its username and email share one budget.
    field = "email__iexact" if "@" in identifier else "username__iexact"
    account_id = User.objects.filter(**{field: identifier.strip()}).values_list("id", flat=True).first()
    account_key = f"failed-login:account:{account_id if account_id is not None else identifier.strip().lower()}"
    ip_key = f"failed-login:ip:{client_ip}"
    for key, limit in ((account_key, FAILED_LOGINS_PER_ACCOUNT), (ip_key, FAILED_LOGINS_PER_IP)):
        state = store.peek(key, limit, FAILED_LOGIN_WINDOW_SECONDS)
        if state.remaining <= 0:
            raise LoginRefused("Too many failed log-in attempts. Try again later.", state.retry_after)
    user = authenticate(None, username=identifier, password=password)
    if not isinstance(user, User):
        store.hit(account_key, FAILED_LOGINS_PER_ACCOUNT, FAILED_LOGIN_WINDOW_SECONDS)
        store.hit(ip_key, FAILED_LOGINS_PER_IP, FAILED_LOGIN_WINDOW_SECONDS)
        raise LoginRefused("Invalid username, email or password.")
    store.reset(account_key)
    return user
