"""Lists (Mastodon's): `/api/v1/lists`, their members, `/api/v1/accounts/:id/lists` and the list timeline.

A list is its owner's alone: someone else's answers 404, as one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Literal, cast

from django.http import HttpResponse
from pydantic import Field

from photogram.access.querysets import get_visible_account
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import Page, paginate, paginated_response
from photogram.api.params import NOT_BLANK, CursorParams, Flag, Id, NoParams, Params
from photogram.api.responses import json_response
from photogram.api.serializers.accounts import serialize_accounts
from photogram.api.serializers.statuses import hydrate
from photogram.api.v1.timelines import DEFAULT_LIMIT, MAX_LIMIT
from photogram.feeds.services import timeline
from photogram.lists.models import List
from photogram.lists.models.lists import MAX_TITLE_LENGTH
from photogram.lists.services import lists

RepliesPolicy = Literal["followed", "list", "none"]
Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE_LENGTH, pattern=NOT_BLANK)]
# Members per page, as Mastodon: 40 by default and at most; 0 asks for every member at once.
MEMBERS_LIMIT = 40
MAX_ACCOUNT_IDS = 100


def serialize_list(found: List) -> entities.List:
    return {
        "id": str(found.pk),
        "title": found.title,
        "replies_policy": cast(RepliesPolicy, found.replies_policy),
        "exclusive": found.exclusive,
    }


@api_endpoint("GET", "read:lists", returns=list[entities.List])
def list_index(request: ApiRequest[NoParams]) -> list[entities.List]:
    """List your lists."""
    return [serialize_list(found) for found in lists.owned(request.require_user())]


class CreateParams(Params):
    title: Title
    replies_policy: RepliesPolicy = "list"
    exclusive: Flag = False


@api_endpoint("POST", "write:lists", params=CreateParams, returns=entities.List)
def create_list(request: ApiRequest[CreateParams]) -> entities.List:
    """Make a list (`title`, `replies_policy`, `exclusive`)."""
    params = request.params
    made = lists.create(
        request.require_user(), params.title, replies_policy=params.replies_policy, exclusive=params.exclusive
    )
    return serialize_list(made)


@api_endpoint("GET", "read:lists", returns=entities.List)
def list_detail(request: ApiRequest[NoParams], list_id: int) -> entities.List:
    """Show one of your lists."""
    return serialize_list(lists.get(request.require_user(), list_id))


class UpdateParams(Params):
    title: Title | None = None
    replies_policy: RepliesPolicy | None = None
    exclusive: Flag | None = None


@api_endpoint("PUT", "write:lists", params=UpdateParams, returns=entities.List)
def update_list(request: ApiRequest[UpdateParams], list_id: int) -> entities.List:
    """Change a list's `title`, `replies_policy` or `exclusive` (those given)."""
    params = request.params
    changed = lists.update(
        request.require_user(),
        list_id,
        title=params.title,
        replies_policy=params.replies_policy,
        exclusive=params.exclusive,
    )
    return serialize_list(changed)


@api_endpoint("DELETE", "write:lists", returns=entities.Empty)
def delete_list(request: ApiRequest[NoParams], list_id: int) -> entities.Empty:
    """Delete a list."""
    lists.delete(request.require_user(), list_id)
    return {}


class MembersParams(CursorParams):
    limit: Annotated[int, Field(ge=0, le=2**31)] | None = None


@api_endpoint("GET", "read:lists", params=MembersParams, returns=list[entities.Account], paginated=True)
def list_members(request: ApiRequest[MembersParams], list_id: int) -> HttpResponse:
    """List the accounts in a list, newest added first (`limit=0`: all of them, unpaged)."""
    members = lists.members(request.require_user(), list_id)
    if request.params.limit == 0:
        return json_response(serialize_accounts([member.account for member in members.order_by("-id")]))
    page = paginate(request, members, default_limit=MEMBERS_LIMIT, max_limit=MEMBERS_LIMIT)
    return paginated_response(request, page, serialize_accounts([member.account for member in page.rows]))


class AddMembersParams(Params):
    account_ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_ACCOUNT_IDS)]


@api_endpoint("POST", "write:lists", params=AddMembersParams, returns=entities.Empty)
def add_members(request: ApiRequest[AddMembersParams], list_id: int) -> entities.Empty:
    """Add accounts you follow to a list (`account_ids[]`): all of them, or none with the reason."""
    lists.add_members(request.require_user(), list_id, request.params.account_ids)
    return {}


class RemoveMembersParams(Params):
    account_ids: Annotated[list[Id], Field(max_length=MAX_ACCOUNT_IDS)] = []


@api_endpoint("DELETE", "write:lists", params=RemoveMembersParams, returns=entities.Empty)
def remove_members(request: ApiRequest[RemoveMembersParams], list_id: int) -> entities.Empty:
    """Take accounts out of a list (`account_ids[]`, in the body or the query); others are ignored."""
    lists.remove_members(request.require_user(), list_id, request.params.account_ids)
    return {}


@api_endpoint("GET", "read:lists", returns=list[entities.List])
def account_lists(request: ApiRequest[NoParams], account_id: int) -> list[entities.List]:
    """List those of your lists that hold an account."""
    owner = request.require_user()
    account = get_visible_account(owner, account_id)
    return [serialize_list(found) for found in lists.holding(owner, account.pk)]


@api_endpoint("GET", "read:lists", params=CursorParams, returns=list[entities.Status], paginated=True)
def list_timeline(request: ApiRequest[CursorParams], list_id: int) -> HttpResponse:
    """Show the posts of a list's members, newest first (max_id, since_id, min_id, limit)."""
    reader = request.require_user()
    shown = lists.get(reader, list_id)
    page = timeline.list_page(shown, request.params.window(default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT))
    body = hydrate(page.status_ids, reader, followed_only=True)
    return paginated_response(request, Page(body, page.newest_cursor, page.oldest_cursor), body)
