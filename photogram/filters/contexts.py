"""Where a filter applies (Mastodon's filter contexts); plain Python, so the API's entities can name them too."""

from __future__ import annotations

from typing import Literal, get_args

FilterContext = Literal["home", "notifications", "public", "thread", "account"]
CONTEXTS: tuple[FilterContext, ...] = get_args(FilterContext)
