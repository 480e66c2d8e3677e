"""Folding text for SQLite's full-text tables, in Python: the same function for the rows and the queries."""

from __future__ import annotations

import sqlite3
import unicodedata

# Letters with a stroke or ligatures that no Unicode decomposition separates, folded as PostgreSQL's unaccent
# folds them, so the two engines find the same words ("tromso" finds "Tromsø").
UNDECOMPOSED = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "\u0131": "i", "þ": "th", "æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """Return `text` lower-cased without its accents (the combining marks of Latin, Greek and Cyrillic)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not "\u0300" <= char <= "\u036f")
    return unicodedata.normalize("NFKC", bare).casefold().translate(UNDECOMPOSED)


def register_functions(connection: sqlite3.Connection) -> None:
    """Give a SQLite connection the functions the search triggers call."""
    connection.create_function(
        "photogram_search_fold", 1, lambda text: None if text is None else fold(text), deterministic=True
    )
