"""Where a filter applies (Mastodon's filter contexts); plain Python, so the API's entities can name them too."""

from __future__ import annotations

from typing import Literal, get_args

FilterContext = Literal["home", "notifications", "public", "thread", "account"]
CONTEXTS: tuple[FilterContext, ...] = get_args(FilterContext)


def parse_contexts(stored: str) -> list[FilterContext]:
    """Return the contexts of a filter's stored `context` (comma-separated), in CONTEXTS' order."""
    names = stored.split(",")
    return [name for name in CONTEXTS if name in names]


def join_contexts(names: list[FilterContext]) -> str:
    """Return `names` as a filter stores them: comma-separated, in CONTEXTS' order, each once."""
    return ",".join(name for name in CONTEXTS if name in names)
