"""Which of a person's filters match a post: loaded once per page, every keyword in one compiled pattern.

`load(viewer)` reads the viewer's unexpired filters with their keywords and posts in one query. Text is
matched case-insensitively (Unicode case folding) after NFC normalisation, so a keyword typed with a composed
"é" matches a caption written with a combining accent. A whole-word keyword may not touch a letter, digit or
underscore of any script at an end where it has one itself (Mastodon's rule): "cat" is not in "cats" or
"catégorie", "#cat" is in "#cat!". One pattern of every keyword tells first whether anything matches at all,
which for nearly every post is the whole cost; only a post it finds is matched keyword by keyword, to name the
filters and keywords that hit. Patterns are compiled once per process for each set of keywords.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from photogram.accounts.models import User
from photogram.core.rawsql import aware
from photogram.filters.contexts import FilterContext, parse_contexts
from photogram.filters.models import Filter, FilterKeyword, FilterStatus

_FILTER, _KEYWORD, _STATUS = range(3)
_WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class ActiveFilter:
    """One unexpired filter, as much of it as matching and a FilterResult need."""

    id: int
    title: str
    context: str  # comma-separated, as stored
    action: str
    expires_at: datetime | None
    keywords: list[tuple[str, bool]] = field(default_factory=list, compare=False)  # (keyword, whole word)
    status_ids: set[int] = field(default_factory=set, compare=False)

    @property
    def contexts(self) -> list[FilterContext]:
        return parse_contexts(self.context)

    def hides_in(self, context: FilterContext) -> bool:
        """Whether the filter takes what it matches out of lists shown in `context`."""
        return self.action == Filter.Action.HIDE and context in self.contexts


@dataclass(frozen=True)
class FilterMatch:
    """A filter that matched a post: by which of its keywords, and whether by the post itself."""

    filter: ActiveFilter
    keywords: list[str]
    status_ids: list[int]


def fold(text: str) -> str:
    """Return `text` as matching compares it: NFC, case-folded."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def _pattern(keyword: str, whole_word: bool) -> str:
    folded = fold(keyword)
    pattern = re.escape(folded)
    if whole_word and folded:
        if _WORD_CHARACTER.match(folded[0]):
            pattern = rf"(?<!\w){pattern}"
        if _WORD_CHARACTER.match(folded[-1]):
            pattern = rf"{pattern}(?!\w)"
    return pattern


@functools.lru_cache(maxsize=1024)
def _compiled(keywords: tuple[tuple[str, bool], ...]) -> re.Pattern[str]:
    """One pattern matching any of `keywords` (in folded text); cached: a page reuses its reader's set."""
    return re.compile("|".join(_pattern(keyword, whole_word) for keyword, whole_word in keywords))


class ActiveFilters:
    """A viewer's unexpired filters, ready to match posts."""

    def __init__(self, filters: list[ActiveFilter]) -> None:
        self.filters = filters
        keywords = sorted({keyword for active in filters for keyword in active.keywords})
        self._any_keyword = _compiled(tuple(keywords)) if keywords else None
        self._status_ids = {status_id for active in filters for status_id in active.status_ids}

    def __bool__(self) -> bool:
        return bool(self._any_keyword or self._status_ids)

    def match(self, status_id: int, text: str) -> list[FilterMatch]:
        """Return the filters matching the post `status_id`, whose searchable text is `text`."""
        folded = fold(text) if self._any_keyword is not None else ""
        by_keyword = self._any_keyword is not None and self._any_keyword.search(folded) is not None
        if not by_keyword and status_id not in self._status_ids:
            return []
        found = []
        for active in self.filters:
            keywords = (
                [keyword for keyword, whole in active.keywords if _compiled(((keyword, whole),)).search(folded)]
                if by_keyword
                else []
            )
            statuses = [status_id] if status_id in active.status_ids else []
            if keywords or statuses:
                found.append(FilterMatch(active, keywords, statuses))
        return found


NO_FILTERS = ActiveFilters([])


@functools.cache
def _active_sql() -> str:
    filters, keywords, statuses = (model._meta.db_table for model in (Filter, FilterKeyword, FilterStatus))
    active = "f.owner_id = %(owner)s AND (f.expires_at IS NULL OR f.expires_at > %(now)s)"
    # PostgreSQL types a UNION's columns from its first SELECT: its NULLs say what they stand for.
    return f"""
        SELECT {_FILTER}, f.id, f.title, f.context, f.action, f.expires_at,
                CAST(NULL AS BOOLEAN), CAST(NULL AS BIGINT) FROM {filters} f
            WHERE {active}
        UNION ALL SELECT {_KEYWORD}, k.filter_id, k.keyword, NULL, NULL, NULL, k.whole_word, NULL
            FROM {keywords} k JOIN {filters} f ON f.id = k.filter_id WHERE {active}
        UNION ALL SELECT {_STATUS}, s.filter_id, NULL, NULL, NULL, NULL, NULL, s.status_id
            FROM {statuses} s JOIN {filters} f ON f.id = s.filter_id WHERE {active}
        ORDER BY 1, 2
    """


def _moment(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    # SQLite names no type for a column of a compound SELECT: the time may come back as its text.
    moment = parse_datetime(value) if isinstance(value, str) else value
    return aware(moment) if moment is not None else None


def load(viewer: User | None) -> ActiveFilters:
    """Return the viewer's unexpired filters, with their keywords and posts, in one query."""
    if viewer is None:
        return NO_FILTERS
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    found: dict[int, ActiveFilter] = {}
    with connection.cursor() as cursor:
        cursor.execute(_active_sql(), {"owner": viewer.pk, "now": now})
        for kind, filter_id, text, context, action, expires_at, whole_word, status_id in cursor.fetchall():
            if kind == _FILTER:
                found[filter_id] = ActiveFilter(filter_id, text, context, action, _moment(expires_at))
            elif kind == _KEYWORD:
                found[filter_id].keywords.append((text, bool(whole_word)))
            else:
                found[filter_id].status_ids.add(status_id)
    return ActiveFilters(list(found.values()))
