"""Rules for what a person may choose as a username, email and password, with Mastodon's error codes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_]{1,30}$")

# Names that would read as the instance speaking, or collide with a path of the web UI.
RESERVED_USERNAMES = frozenset(
    """
    about abuse account accounts admin administrator api app apps auth billing blog contact explore feed help
    home info login logout mail media moderator news noreply oauth official photogram postmaster privacy
    register root search security settings signup static status statuses stories support system tags terms
    webmaster www
    """.split()
)


@dataclass
class FieldErrors(Exception):
    """Validation failed: for each field, Mastodon error codes (ERR_TAKEN, ...) with a sentence each."""

    errors: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, name: str, code: str, description: str) -> None:
        self.errors.setdefault(name, []).append((code, description))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        """Return one sentence naming every problem, as Mastodon's `error` string does."""
        parts = [
            f"{name.capitalize()} {description}" for name, items in self.errors.items() for _, description in items
        ]
        return "Validation failed: " + ", ".join(parts)


def username_problems(username: str) -> list[tuple[str, str]]:
    """Return what is wrong with a username as a new account's name, apart from being taken."""
    if not username:
        return [("ERR_BLANK", "can't be blank")]
    if len(username) > 30:
        return [("ERR_TOO_LONG", "is too long (maximum is 30 characters)")]
    if not USERNAME_PATTERN.match(username):
        return [("ERR_INVALID", "may only contain letters, numbers and underscores")]
    if username.lower() in RESERVED_USERNAMES:
        return [("ERR_RESERVED", "is reserved")]
    return []
