"""PostgreSQL: full-text search (`simple` configuration, accents folded) and pg_trgm trigrams.

The indexes are expressions over the tables themselves (this app's migrations), so nothing is kept in sync
by hand: a caption is searchable the moment its row commits. `photogram_search_fold(text)` is `unaccent`
then `lower`, declared IMMUTABLE so indexes may use it; the same function folds the query, so both sides
agree on every script `unaccent` knows. The `simple` configuration neither stems nor drops stop words: it
treats every language alike.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from photogram.accounts.models import User
from photogram.posts.models import Status, Tag
from photogram.search.backends.base import SearchBackend
from photogram.search.backends.conditions import Condition
from photogram.search.services.query import MIN_TRIGRAM_LENGTH, Query

# The character above every other in byte order: `prefix ~<~ prefix || TOP` bounds a prefix range.
TOP = "\U0010ffff"
VECTOR = "to_tsvector('simple', photogram_search_fold({0}))"
TSQUERY = "to_tsquery('simple', photogram_search_fold(%s))"


def tsquery(words: tuple[str, ...], *, prefix: bool) -> str:
    """Return a tsquery text: every word, the last also as a prefix if asked (words hold letters and digits)."""
    *whole, last = words
    return " & ".join([*(f"'{word}'" for word in whole), f"'{last}':*" if prefix else f"'{last}'"])


def _text_match(column: str, words: tuple[str, ...], *, prefix: bool) -> Condition:
    return Condition(f"{VECTOR} @@ {TSQUERY}", column, params=(tsquery(words, prefix=prefix),))


def _prefix(expression: str, column: str, prefix: str) -> Condition:
    # Byte-wise range operators: the text_pattern_ops index answers them in generic plans too, where a
    # `LIKE $1` pattern is unknown at planning time.
    return Condition(f"{expression} ~>=~ %s AND {expression} ~<~ %s", column, params=(prefix, prefix + TOP))


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"

    def match_accounts(self, accounts: QuerySet[User], query: Query) -> QuerySet[User]:
        matches = Q(pk__in=[])
        if query.username:
            matches |= Q(_prefix("lower({0})", "username", query.username))
        if query.words:
            matches |= Q(_text_match("display_name", query.words, prefix=True))
        return accounts.filter(matches)

    def similar_accounts(self, accounts: QuerySet[User], query: Query) -> QuerySet[User]:
        if len(query.text) < MIN_TRIGRAM_LENGTH or query.remote:
            return accounts.none()
        # Most of the query's trigrams in a row somewhere in the names: "wonder" in "alicewonderland",
        # "alcie" for "alice".
        return accounts.filter(
            Condition(
                "photogram_search_fold(%s) <%% photogram_search_fold({0} || ' ' || {1})",
                "username",
                "display_name",
                params=(query.text,),
            )
        )

    def match_tags(self, tags: QuerySet[Tag], query: Query) -> QuerySet[Tag]:
        if not query.tag:
            return tags.none()
        return tags.filter(_prefix("{0}", "name", query.tag))

    def similar_tags(self, tags: QuerySet[Tag], query: Query) -> QuerySet[Tag]:
        if not query.tag or len(query.tag) < MIN_TRIGRAM_LENGTH:
            return tags.none()
        return tags.filter(Condition("{0} %% %s", "name", params=(query.tag,)))

    def match_statuses(self, statuses: QuerySet[Status], query: Query) -> QuerySet[Status]:
        if not query.words:
            return statuses.none()
        # Whole words: the planner knows how common a word is from the index's statistics, not a prefix, and
        # guessing wrong walked every post newest first (seconds on a million posts, docs/performance.md).
        return statuses.filter(_text_match("caption", query.words, prefix=False))
