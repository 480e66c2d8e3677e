"""Filters as Mastodon's entities: Filter (v2), FilterKeyword, FilterStatus, FilterResult and V1::Filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, cast

from photogram.api import entities
from photogram.api.serializers.status_bodies import timestamp
from photogram.filters.models import Filter, FilterKeyword, FilterStatus
from photogram.filters.services.matching import ActiveFilter, FilterMatch

Action = Literal["warn", "hide", "blur"]


def serialize_keyword(keyword: FilterKeyword) -> entities.FilterKeyword:
    return {"id": str(keyword.pk), "keyword": keyword.keyword, "whole_word": keyword.whole_word}


def serialize_filter_status(row: FilterStatus) -> entities.FilterStatus:
    return {"id": str(row.pk), "status_id": str(row.status_id)}


def _summary(found: Filter | ActiveFilter) -> entities.FilterSummary:
    return {
        "id": str(found.id),
        "title": found.title,
        "context": found.contexts,
        "expires_at": timestamp(found.expires_at),
        "filter_action": cast(Action, found.action),
    }


def serialize_filters(found: Sequence[Filter]) -> list[entities.Filter]:
    """Return the Filter entities of `found`, their keywords and posts read in two queries in all."""
    keywords: dict[int, list[entities.FilterKeyword]] = {row.pk: [] for row in found}
    statuses: dict[int, list[entities.FilterStatus]] = {row.pk: [] for row in found}
    for keyword in FilterKeyword.objects.filter(filter__in=found):
        keywords[keyword.filter_id].append(serialize_keyword(keyword))
    for status in FilterStatus.objects.filter(filter__in=found):
        statuses[status.filter_id].append(serialize_filter_status(status))
    return [{**_summary(row), "keywords": keywords[row.pk], "statuses": statuses[row.pk]} for row in found]


def serialize_filter(found: Filter) -> entities.Filter:
    return serialize_filters([found])[0]


def serialize_result(match: FilterMatch) -> entities.FilterResult:
    return {
        "filter": _summary(match.filter),
        "keyword_matches": match.keywords or None,
        "status_matches": [str(status_id) for status_id in match.status_ids] or None,
    }


def serialize_v1(keyword: FilterKeyword) -> entities.V1Filter:
    """Return the V1::Filter of a keyword (its filter read with it)."""
    found = keyword.filter
    return {
        "id": str(keyword.pk),
        "phrase": keyword.keyword,
        "context": found.contexts,
        "expires_at": timestamp(found.expires_at),
        "irreversible": found.action == Filter.Action.HIDE,
        "whole_word": keyword.whole_word,
    }
