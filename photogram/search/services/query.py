"""What a search asks for, read once from the text a person typed: its words, and what it names.

Engines never see the raw text: only the words (runs of letters and digits in any script), a username
(letters, digits and underscores) and a hashtag name, each bounded, so no query can make an engine scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

# Longer text answers 422 at the API; the words are bounded too, so an engine's query stays small.
MAX_QUERY_LENGTH = 500
MAX_WORDS = 12
MAX_WORD_LENGTH = 64
# Trigram matching needs at least one whole trigram to use its index.
MIN_TRIGRAM_LENGTH = 3

WORD = re.compile(r"[^\W_]+")
# `name`, `@name` or `@name@domain`: how clients send a mention they want completed or resolved.
ADDRESS = re.compile(r"^@?([A-Za-z0-9_]{1,30})(?:@([A-Za-z0-9.:-]+))?$")
TAG_PREFIX = re.compile(r"^#?(\w{1,200})$")


@dataclass(frozen=True)
class Query:
    """One search, read: `words` lower-cased in order; `username` and `tag` None when the text cannot be one."""

    text: str
    words: tuple[str, ...]
    username: str | None
    tag: str | None
    # `@name@elsewhere`: an account of another server, which this one (no federation) never holds.
    remote: bool = False

    @property
    def empty(self) -> bool:
        return not self.words and self.username is None and self.tag is None


def read_query(text: str) -> Query:
    """Return what `text` asks for (text beyond MAX_QUERY_LENGTH is cut; the API refuses it before)."""
    text = text.strip()[:MAX_QUERY_LENGTH]
    words = tuple(dict.fromkeys(word.lower()[:MAX_WORD_LENGTH] for word in WORD.findall(text)))[:MAX_WORDS]
    username = None
    remote = False
    if address := ADDRESS.match(text):
        domain = address.group(2)
        remote = domain is not None and domain.lower() != settings.INSTANCE_DOMAIN.lower()
        username = address.group(1).lower()
    tag_match = TAG_PREFIX.match(text)
    tag = tag_match.group(1).lower() if tag_match else None
    return Query(text=text, words=words, username=username, tag=tag, remote=remote)
