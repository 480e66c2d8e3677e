"""Filters: `/api/v2/filters` (with their keywords and posts) and the older `/api/v1/filters` over them.

Every filter is its owner's alone: another person's filter, keyword or filtered post answers 404.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NOT_BLANK, Flag, Id, NoParams, Params
from photogram.api.serializers.filters import (
    serialize_filter,
    serialize_filter_status,
    serialize_filters,
    serialize_keyword,
    serialize_v1,
)
from photogram.filters.contexts import FilterContext
from photogram.filters.models import Filter, FilterKeyword, FilterStatus
from photogram.filters.services import filters
from photogram.filters.services.filters import KEEP, Keep, KeywordChange


def _blank_is_none(value: object) -> object:
    return None if value == "" else value  # a form's `expires_in=`: never expires


def _rails_items(value: object) -> object:
    """Rails' indexed form (`name[0][key]`, `name[1][key]`) as a list, in the indexes' order."""
    if isinstance(value, dict) and value and all(isinstance(key, str) and key.isdigit() for key in value):
        return [value[key] for key in sorted(value, key=int)]
    return value


Title = Annotated[str, Field(min_length=1, max_length=filters.MAX_TITLE_LENGTH, pattern=NOT_BLANK)]
Keyword = Annotated[str, Field(min_length=1, max_length=filters.MAX_KEYWORD_LENGTH, pattern=NOT_BLANK)]
Contexts = Annotated[list[FilterContext], Field(min_length=1)]
FilterAction = Literal["warn", "hide", "blur"]
# Seconds from now; null or empty: never.
ExpiresIn = Annotated[Annotated[int, Field(ge=1, le=filters.MAX_EXPIRES_IN)] | None, BeforeValidator(_blank_is_none)]


class NewKeyword(Params):
    keyword: Keyword
    whole_word: Flag = True
    destroy: Flag = Field(False, alias="_destroy")


class ChangedKeyword(Params):
    id: Id
    keyword: Keyword | None = None
    whole_word: Flag | None = None
    destroy: Flag = Field(False, alias="_destroy")


NewKeywords = Annotated[list[NewKeyword], BeforeValidator(_rails_items)]
KeywordChanges = Annotated[
    list[Annotated[ChangedKeyword | NewKeyword, Field(union_mode="left_to_right")]], BeforeValidator(_rails_items)
]


def _changes(items: list[ChangedKeyword | NewKeyword]) -> list[KeywordChange]:
    return [
        KeywordChange(
            keyword=item.keyword,
            whole_word=item.whole_word,
            id=item.id if isinstance(item, ChangedKeyword) else None,
            destroy=item.destroy,
        )
        for item in items
    ]


def _expiry(params: Params, expires_in: int | None) -> int | Keep | None:
    return expires_in if "expires_in" in params.model_fields_set else KEEP


@api_endpoint("GET", "read:filters", returns=list[entities.Filter])
def filter_list(request: ApiRequest[NoParams]) -> list[entities.Filter]:
    """List your filters, with their keywords and posts (expired ones too)."""
    return serialize_filters(list(Filter.objects.filter(owner=request.require_user())))


class CreateFilterParams(Params):
    title: Title
    context: Contexts
    filter_action: FilterAction = "warn"
    expires_in: ExpiresIn = None
    keywords_attributes: NewKeywords = []


@api_endpoint("POST", "write:filters", params=CreateFilterParams, returns=entities.Filter)
def create_filter(request: ApiRequest[CreateFilterParams]) -> entities.Filter:
    """Make a filter (title, context[], filter_action, expires_in, keywords_attributes[])."""
    params = request.params
    made = filters.create(
        request.require_user(),
        title=params.title,
        contexts=params.context,
        action=params.filter_action,
        expires_in=params.expires_in,
        keywords=_changes(list(params.keywords_attributes)),
    )
    return serialize_filter(made)


@api_endpoint("GET", "read:filters", returns=entities.Filter)
def filter_detail(request: ApiRequest[NoParams], filter_id: int) -> entities.Filter:
    """Show one of your filters."""
    return serialize_filter(filters.get(request.require_user(), filter_id))


class UpdateFilterParams(Params):
    """What an update changes; a parameter left out stays as it is."""

    title: Title | None = None
    context: Contexts | None = None
    filter_action: FilterAction | None = None
    expires_in: ExpiresIn = None
    keywords_attributes: KeywordChanges = []


@api_endpoint("PUT", "write:filters", params=UpdateFilterParams, returns=entities.Filter)
def update_filter(request: ApiRequest[UpdateFilterParams], filter_id: int) -> entities.Filter:
    """Change a filter; keywords_attributes[] adds keywords, or changes or (with _destroy) removes one by id."""
    params = request.params
    changed = filters.update(
        request.require_user(),
        filter_id,
        title=params.title,
        contexts=params.context,
        action=params.filter_action,
        expires_in=_expiry(params, params.expires_in),
        keywords=_changes(list(params.keywords_attributes)),
    )
    return serialize_filter(changed)


@api_endpoint("DELETE", "write:filters", returns=entities.Empty)
def delete_filter(request: ApiRequest[NoParams], filter_id: int) -> entities.Empty:
    """Delete a filter with its keywords and posts."""
    filters.delete(request.require_user(), filter_id)
    return {}


@api_endpoint("GET", "read:filters", returns=list[entities.FilterKeyword])
def keyword_list(request: ApiRequest[NoParams], filter_id: int) -> list[entities.FilterKeyword]:
    """List a filter's keywords."""
    found = filters.get(request.require_user(), filter_id)
    return [serialize_keyword(row) for row in FilterKeyword.objects.filter(filter=found)]


class AddKeywordParams(Params):
    keyword: Keyword
    whole_word: Flag = True


@api_endpoint("POST", "write:filters", params=AddKeywordParams, returns=entities.FilterKeyword)
def add_keyword(request: ApiRequest[AddKeywordParams], filter_id: int) -> entities.FilterKeyword:
    """Add a keyword to a filter (keyword, whole_word)."""
    params = request.params
    made = filters.add_keyword(request.require_user(), filter_id, params.keyword, whole_word=params.whole_word)
    return serialize_keyword(made)


@api_endpoint("GET", "read:filters", returns=entities.FilterKeyword)
def keyword_detail(request: ApiRequest[NoParams], keyword_id: int) -> entities.FilterKeyword:
    """Show a keyword of one of your filters."""
    return serialize_keyword(filters.get_keyword(request.require_user(), keyword_id))


class UpdateKeywordParams(Params):
    keyword: Keyword | None = None
    whole_word: Flag | None = None


@api_endpoint("PUT", "write:filters", params=UpdateKeywordParams, returns=entities.FilterKeyword)
def update_keyword(request: ApiRequest[UpdateKeywordParams], keyword_id: int) -> entities.FilterKeyword:
    """Change a keyword (keyword, whole_word)."""
    params = request.params
    changed = filters.update_keyword(
        request.require_user(), keyword_id, keyword=params.keyword, whole_word=params.whole_word
    )
    return serialize_keyword(changed)


@api_endpoint("DELETE", "write:filters", returns=entities.Empty)
def delete_keyword(request: ApiRequest[NoParams], keyword_id: int) -> entities.Empty:
    """Take a keyword out of its filter."""
    filters.delete_keyword(request.require_user(), keyword_id)
    return {}


@api_endpoint("GET", "read:filters", returns=list[entities.FilterStatus])
def status_list(request: ApiRequest[NoParams], filter_id: int) -> list[entities.FilterStatus]:
    """List the posts a filter matches by themselves."""
    found = filters.get(request.require_user(), filter_id)
    return [serialize_filter_status(row) for row in FilterStatus.objects.filter(filter=found)]


class AddStatusParams(Params):
    status_id: Id


@api_endpoint("POST", "write:filters", params=AddStatusParams, returns=entities.FilterStatus)
def add_status(request: ApiRequest[AddStatusParams], filter_id: int) -> entities.FilterStatus:
    """Add a post you can see to a filter (status_id); adding it again answers the first."""
    return serialize_filter_status(filters.add_status(request.require_user(), filter_id, request.params.status_id))


@api_endpoint("GET", "read:filters", returns=entities.FilterStatus)
def status_detail(request: ApiRequest[NoParams], filter_status_id: int) -> entities.FilterStatus:
    """Show a filtered post of one of your filters."""
    return serialize_filter_status(filters.get_status(request.require_user(), filter_status_id))


@api_endpoint("DELETE", "write:filters", returns=entities.Empty)
def remove_status(request: ApiRequest[NoParams], filter_status_id: int) -> entities.Empty:
    """Take a post out of its filter."""
    filters.remove_status(request.require_user(), filter_status_id)
    return {}


@api_endpoint("GET", "read:filters", returns=list[entities.V1Filter])
def v1_list(request: ApiRequest[NoParams]) -> list[entities.V1Filter]:
    """List your filters the v1 way: one for each keyword of your filters."""
    keywords = FilterKeyword.objects.filter(filter__owner=request.require_user()).select_related("filter")
    return [serialize_v1(row) for row in keywords]


class CreateV1Params(Params):
    phrase: Keyword
    context: Contexts
    irreversible: Flag = False
    whole_word: Flag = False
    expires_in: ExpiresIn = None


@api_endpoint("POST", "write:filters", params=CreateV1Params, returns=entities.V1Filter)
def v1_create(request: ApiRequest[CreateV1Params]) -> entities.V1Filter:
    """Make a v1 filter (phrase, context[], irreversible, whole_word, expires_in): a filter of one keyword."""
    params = request.params
    made = filters.create_v1(
        request.require_user(),
        phrase=params.phrase,
        contexts=params.context,
        irreversible=params.irreversible,
        whole_word=params.whole_word,
        expires_in=params.expires_in,
    )
    return serialize_v1(made)


@api_endpoint("GET", "read:filters", returns=entities.V1Filter)
def v1_detail(request: ApiRequest[NoParams], keyword_id: int) -> entities.V1Filter:
    """Show a v1 filter."""
    return serialize_v1(filters.get_keyword(request.require_user(), keyword_id))


class UpdateV1Params(Params):
    """What an update changes; a parameter left out stays as it is."""

    phrase: Keyword | None = None
    context: Contexts | None = None
    irreversible: Flag | None = None
    whole_word: Flag | None = None
    expires_in: ExpiresIn = None


@api_endpoint("PUT", "write:filters", params=UpdateV1Params, returns=entities.V1Filter)
def v1_update(request: ApiRequest[UpdateV1Params], keyword_id: int) -> entities.V1Filter:
    """Change a v1 filter; its context, irreversible and expires_in only while its filter has no other keyword."""
    params = request.params
    changed = filters.update_v1(
        request.require_user(),
        keyword_id,
        phrase=params.phrase,
        whole_word=params.whole_word,
        contexts=params.context,
        irreversible=params.irreversible,
        expires_in=_expiry(params, params.expires_in),
    )
    return serialize_v1(changed)


@api_endpoint("DELETE", "write:filters", returns=entities.Empty)
def v1_delete(request: ApiRequest[NoParams], keyword_id: int) -> entities.Empty:
    """Delete a v1 filter: its keyword (the v2 filter holding it stays)."""
    filters.delete_keyword(request.require_user(), keyword_id)
    return {}
