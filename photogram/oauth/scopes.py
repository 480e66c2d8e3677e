"""Mastodon's OAuth scopes: `read`, `write`, `follow`, `push`, `profile` and their sub-scopes.

A token with a top-level scope holds all of its sub-scopes (`read` covers `read:accounts`); the deprecated
`follow` scope covers reading and writing follows, blocks and mutes, as Mastodon still honours it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from oauth2_provider.scopes import BaseScopes

READ_SUBSCOPES = (
    "accounts blocks bookmarks favourites filters follows lists mutes notifications search statuses"
).split()
WRITE_SUBSCOPES = (
    "accounts blocks bookmarks conversations favourites filters follows lists media mutes notifications "
    "reports statuses"
).split()
TOP_LEVEL = ("read", "write", "follow", "push", "profile")
FOLLOW_COVERS = frozenset({"read:blocks", "read:follows", "read:mutes", "write:blocks", "write:follows", "write:mutes"})

DESCRIPTIONS: dict[str, str] = {
    "read": "read all your account's data",
    "write": "change all your account's data",
    "follow": "manage whom you follow, block and mute",
    "push": "receive push notifications",
    "profile": "read only your profile's basic information",
    **{f"read:{name}": f"read your {name}" for name in READ_SUBSCOPES},
    **{f"write:{name}": f"change your {name}" for name in WRITE_SUBSCOPES},
}
ALL_SCOPES = frozenset(DESCRIPTIONS)


def covered_by(held: Iterable[str]) -> frozenset[str]:
    """Return every scope that the held scopes grant, sub-scopes included."""
    granted = set(held) & ALL_SCOPES
    for scope in list(granted):
        if scope == "read":
            granted.update(f"read:{name}" for name in READ_SUBSCOPES)
        elif scope == "write":
            granted.update(f"write:{name}" for name in WRITE_SUBSCOPES)
        elif scope == "follow":
            granted.update(FOLLOW_COVERS)
    return frozenset(granted)


def grants(held: Iterable[str], required: str) -> bool:
    """Return whether holding `held` is enough for an endpoint that needs `required`."""
    return required in covered_by(held)


def parse(text: str) -> list[str]:
    """Return the scopes of a space- or plus-separated scope string, in order, without repeats."""
    return list(dict.fromkeys(part for part in text.replace("+", " ").split() if part))


class ApplicationScopes(BaseScopes):  # type: ignore[misc]
    """An application may ask for the scopes it registered with (and their sub-scopes), nothing more."""

    def get_all_scopes(self) -> dict[str, str]:
        return DESCRIPTIONS

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        registration = getattr(application, "registration", None) if application is not None else None
        if registration is None:
            return sorted(ALL_SCOPES)
        return sorted(covered_by(parse(registration.scopes)))

    def get_default_scopes(self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any) -> list[str]:
        return ["read"]
