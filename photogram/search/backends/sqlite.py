"""SQLite: FTS5 tables over captions and display names, kept in sync by triggers.

`search_status_fts` and `search_account_fts` hold the folded text of `posts_status.caption` and
`accounts_user.display_name` by row id, written by triggers on insert, update and delete (this app's
migrations), so no write path can forget them. Folding is `photogram.search.folding.fold`, registered on
every connection as `photogram_search_fold` and applied to the query's words too: FTS5's own
`remove_diacritics` folds Latin letters only, and Greek or Cyrillic accents must fold as well. Usernames
and hashtags are found by a prefix range on their own indexes.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from photogram.accounts.models import User
from photogram.posts.models import Status, Tag
from photogram.search.backends.base import SearchBackend
from photogram.search.backends.conditions import Condition
from photogram.search.folding import fold
from photogram.search.services.query import Query

TOP = "\U0010ffff"


def fts_query(words: tuple[str, ...], *, prefix: bool) -> str | None:
    """Return an FTS5 query: every word, the last also as a prefix if asked; None when no word is left."""
    # A word holds no `"` before folding; compatibility forms could make one after it.
    folded = [kept for word in words if (kept := fold(word).replace('"', ""))]
    if not folded:
        return None
    *whole, last = folded
    return " ".join([*(f'"{word}"' for word in whole), f'"{last}"*' if prefix else f'"{last}"'])


def _fts_match(table: str, words: tuple[str, ...], *, prefix: bool) -> Q:
    text = fts_query(words, prefix=prefix)
    if text is None:
        return Q(pk__in=[])
    return Q(Condition(f"{{0}} IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)", "id", params=(text,)))


class SqliteSearchBackend(SearchBackend):
    vendor = "sqlite"

    def match_accounts(self, accounts: QuerySet[User], query: Query) -> QuerySet[User]:
        matches = Q(pk__in=[])
        if query.username:
            # lower(username): the expression of the case-insensitive unique index, so the range uses it.
            matches |= Q(
                Condition(
                    "lower({0}) >= %s AND lower({0}) < %s", "username", params=(query.username, query.username + TOP)
                )
            )
        if query.words:
            matches |= _fts_match("search_account_fts", query.words, prefix=True)
        return accounts.filter(matches)

    def match_tags(self, tags: QuerySet[Tag], query: Query) -> QuerySet[Tag]:
        if not query.tag:
            return tags.none()
        return tags.filter(Condition("{0} >= %s AND {0} < %s", "name", params=(query.tag, query.tag + TOP)))

    def match_statuses(self, statuses: QuerySet[Status], query: Query) -> QuerySet[Status]:
        if not query.words:
            return statuses.none()
        return statuses.filter(_fts_match("search_status_fts", query.words, prefix=False))
