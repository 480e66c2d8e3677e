"""Making and changing a person's filters, their keywords and posts (Mastodon's v2 filters, and v1 on top).

A v1 filter is one keyword of a v2 filter, as in Mastodon since 4.0: its id is the keyword's, its phrase the
keyword, its context, expiry and `irreversible` (the hide action) the filter's.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from photogram.access.querysets import get_visible_status
from photogram.accounts.models import User
from photogram.accounts.services.locking import lock_account
from photogram.filters.contexts import FilterContext
from photogram.filters.models import Filter, FilterKeyword, FilterStatus

# Per account: they bound what every page of posts the person reads is matched against.
MAX_FILTERS = 100
MAX_KEYWORDS = 1000  # across all of one's filters
MAX_STATUSES = 1000  # across all of one's filters
MAX_TITLE_LENGTH = 100
MAX_KEYWORD_LENGTH = 100
MAX_EXPIRES_IN = 2**31 - 1  # seconds (68 years)


class FilterNotFound(LookupError):
    """No such filter, keyword or filtered post of this owner (another's look the same: 404)."""


class FilterRefused(ValueError):
    """The filter cannot be made or changed as asked; the message says why (answered as 422)."""


class Keep(enum.Enum):
    """A value an update leaves as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class KeywordChange:
    """One of `keywords_attributes`: a new keyword (no id), or a change to or removal of one (its id)."""

    keyword: str | None = None
    whole_word: bool | None = None
    id: int | None = None
    destroy: bool = False


def _clean(text: str | None, name: str, maximum: int) -> str:
    text = (text or "").strip()
    if not text:
        raise FilterRefused(f"{name} can't be blank")
    if len(text) > maximum:
        raise FilterRefused(f"{name} is too long (maximum is {maximum} characters)")
    return text


def _clean_title(title: str) -> str:
    return _clean(title, "Title", MAX_TITLE_LENGTH)


def _clean_keyword(keyword: str | None) -> str:
    return _clean(keyword, "Keyword", MAX_KEYWORD_LENGTH)


def _set_contexts(target: Filter, contexts: Sequence[FilterContext]) -> None:
    target.contexts = list(contexts)
    if not target.context:
        raise FilterRefused("Context can't be blank")


def _set_expiry(target: Filter, expires_in: int | None) -> None:
    if expires_in is not None and not 1 <= expires_in <= MAX_EXPIRES_IN:
        raise FilterRefused(f"Expires in must be between 1 and {MAX_EXPIRES_IN} seconds")
    target.expires_at = timezone.now() + timedelta(seconds=expires_in) if expires_in is not None else None


def _within_limits(owner: User) -> None:
    keywords = FilterKeyword.objects.filter(filter__owner=owner).count()
    if keywords > MAX_KEYWORDS:
        raise FilterRefused(f"You can have at most {MAX_KEYWORDS} keywords across your filters")
    statuses = FilterStatus.objects.filter(filter__owner=owner).count()
    if statuses > MAX_STATUSES:
        raise FilterRefused(f"You can have at most {MAX_STATUSES} posts across your filters")


def get(owner: User, filter_id: int) -> Filter:
    """Return the owner's filter, or raise FilterNotFound."""
    found = Filter.objects.filter(owner=owner, pk=filter_id).first()
    if found is None:
        raise FilterNotFound(filter_id)
    return found


def create(
    owner: User,
    *,
    title: str,
    contexts: Sequence[FilterContext],
    action: str = Filter.Action.WARN,
    expires_in: int | None = None,
    keywords: Sequence[KeywordChange] = (),
) -> Filter:
    """Make a filter with its first keywords (changes naming an id or asking for removal add nothing)."""
    made = Filter(owner=owner, title=_clean_title(title), action=Filter.Action(action))
    _set_contexts(made, contexts)
    _set_expiry(made, expires_in)
    new = [(_clean_keyword(item.keyword), item.whole_word) for item in keywords if item.id is None and not item.destroy]
    with transaction.atomic():
        lock_account(owner)  # two creations racing past a limit would otherwise both land
        if Filter.objects.filter(owner=owner).count() >= MAX_FILTERS:
            raise FilterRefused(f"You can have at most {MAX_FILTERS} filters")
        made.save()
        FilterKeyword.objects.bulk_create(
            [FilterKeyword(filter=made, keyword=keyword, whole_word=whole is not False) for keyword, whole in new]
        )
        _within_limits(owner)
    return made


def update(
    owner: User,
    filter_id: int,
    *,
    title: str | None = None,
    contexts: Sequence[FilterContext] | None = None,
    action: str | None = None,
    expires_in: int | Keep | None = KEEP,
    keywords: Sequence[KeywordChange] = (),
) -> Filter:
    """Change what is given of a filter; `keywords` adds, changes (by id) and removes (`destroy`) keywords."""
    with transaction.atomic():
        lock_account(owner)
        target = get(owner, filter_id)
        if title is not None:
            target.title = _clean_title(title)
        if contexts is not None:
            _set_contexts(target, contexts)
        if action is not None:
            target.action = Filter.Action(action)
        if expires_in is not KEEP:
            _set_expiry(target, expires_in)
        target.save()
        existing = {row.pk: row for row in FilterKeyword.objects.filter(filter=target)}
        for item in keywords:
            if item.id is None:
                if not item.destroy:
                    whole = item.whole_word is not False
                    FilterKeyword.objects.create(filter=target, keyword=_clean_keyword(item.keyword), whole_word=whole)
                continue
            row = existing.get(item.id)
            if row is None:
                raise FilterNotFound(item.id)  # Mastodon: a keyword id not of this filter is a 404
            if item.destroy:
                row.delete()
                continue
            _change_keyword(row, item.keyword, item.whole_word)
        _within_limits(owner)
    return target


def delete(owner: User, filter_id: int) -> None:
    """Delete a filter with its keywords and posts."""
    get(owner, filter_id).delete()


def get_keyword(owner: User, keyword_id: int) -> FilterKeyword:
    """Return a keyword of one of the owner's filters, or raise FilterNotFound."""
    found = FilterKeyword.objects.filter(filter__owner=owner, pk=keyword_id).select_related("filter").first()
    if found is None:
        raise FilterNotFound(keyword_id)
    return found


def add_keyword(owner: User, filter_id: int, keyword: str, *, whole_word: bool = True) -> FilterKeyword:
    """Add a keyword to one of the owner's filters."""
    with transaction.atomic():
        lock_account(owner)
        made = FilterKeyword.objects.create(
            filter=get(owner, filter_id), keyword=_clean_keyword(keyword), whole_word=whole_word
        )
        _within_limits(owner)
    return made


def _change_keyword(row: FilterKeyword, keyword: str | None, whole_word: bool | None) -> None:
    if keyword is not None:
        row.keyword = _clean_keyword(keyword)
    if whole_word is not None:
        row.whole_word = whole_word
    row.save(update_fields=["keyword", "whole_word"])


def update_keyword(
    owner: User, keyword_id: int, *, keyword: str | None = None, whole_word: bool | None = None
) -> FilterKeyword:
    """Change a keyword's text or whether it matches whole words only."""
    row = get_keyword(owner, keyword_id)
    _change_keyword(row, keyword, whole_word)
    return row


def delete_keyword(owner: User, keyword_id: int) -> None:
    """Take a keyword out of its filter (the filter stays, even with none left)."""
    get_keyword(owner, keyword_id).delete()


def get_status(owner: User, filter_status_id: int) -> FilterStatus:
    """Return a filtered post of one of the owner's filters, or raise FilterNotFound."""
    found = FilterStatus.objects.filter(filter__owner=owner, pk=filter_status_id).first()
    if found is None:
        raise FilterNotFound(filter_status_id)
    return found


def add_status(owner: User, filter_id: int, status_id: int) -> FilterStatus:
    """Filter a post the owner may see by itself; adding it twice answers the first."""
    with transaction.atomic():
        lock_account(owner)
        target = get(owner, filter_id)
        status = get_visible_status(owner, status_id)
        made, _ = FilterStatus.objects.get_or_create(filter=target, status=status)
        _within_limits(owner)
    return made


def remove_status(owner: User, filter_status_id: int) -> None:
    """Take a post out of its filter."""
    get_status(owner, filter_status_id).delete()


def create_v1(
    owner: User,
    *,
    phrase: str,
    contexts: Sequence[FilterContext],
    irreversible: bool = False,
    whole_word: bool = False,
    expires_in: int | None = None,
) -> FilterKeyword:
    """Make a v1 filter: a filter titled by its phrase, holding that one keyword."""
    made = create(
        owner,
        title=phrase,
        contexts=contexts,
        action=Filter.Action.HIDE if irreversible else Filter.Action.WARN,
        expires_in=expires_in,
        keywords=[KeywordChange(keyword=phrase, whole_word=whole_word)],
    )
    return FilterKeyword.objects.select_related("filter").get(filter=made)


def update_v1(
    owner: User,
    keyword_id: int,
    *,
    phrase: str | None = None,
    whole_word: bool | None = None,
    contexts: Sequence[FilterContext] | None = None,
    irreversible: bool | None = None,
    expires_in: int | Keep | None = KEEP,
) -> FilterKeyword:
    """Change a v1 filter; what belongs to its filter changes only while that holds this one keyword."""
    with transaction.atomic():
        lock_account(owner)
        row = get_keyword(owner, keyword_id)
        _change_keyword(row, phrase, whole_word)
        target = row.filter
        before = (target.context, target.action, target.expires_at)
        if contexts is not None:
            _set_contexts(target, contexts)
        if irreversible is not None:
            target.action = Filter.Action.HIDE if irreversible else Filter.Action.WARN
        if expires_in is not KEEP:
            _set_expiry(target, expires_in)
        if (target.context, target.action, target.expires_at) != before:
            if FilterKeyword.objects.filter(filter=target).count() > 1:
                raise FilterRefused(
                    "This filter has several keywords: change its context, action or expiry with /api/v2/filters"
                )
            target.save(update_fields=["context", "action", "expires_at"])
    return row
