"""Notifications: `/api/v1/notifications` (one by one) and Mastodon 4.3's `/api/v2/notifications` (grouped),
their unread counts, and the notification policy (`/api/v2/notifications/policy`)."""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated, Literal

from django.http import HttpResponse
from pydantic import Field, field_validator

from photogram.access.querysets import visible_accounts
from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import Page, paginated_response
from photogram.api.params import BatchParams, CursorParams, Flag, Id, NoParams, Params
from photogram.api.serializers.accounts import serialize_accounts
from photogram.api.serializers.notifications import serialize_groups, serialize_notifications
from photogram.api.serializers.status_bodies import timestamp
from photogram.api.serializers.statuses import hydrate
from photogram.core.window import MAX_ID
from photogram.notifications.models import NotificationPolicy
from photogram.notifications.services import causes, policy, reading, requests
from photogram.notifications.services.reading import Selection

DEFAULT_LIMIT = 40
MAX_LIMIT = 80
# A type name as long as any Mastodon has; unknown ones are taken and match nothing, as Mastodon does.
TypeName = Annotated[str, Field(max_length=40)]
# Tusky asks a fresh account's notifications with min_id=0 ("everything"), so 0 is a cursor here.
Cursor = Annotated[int, Field(ge=0, le=MAX_ID)]


class NotificationsParams(CursorParams):
    max_id: Cursor | None = None
    since_id: Cursor | None = None
    min_id: Cursor | None = None
    types: Annotated[list[TypeName], Field(max_length=40)] = []
    exclude_types: Annotated[list[TypeName], Field(max_length=40)] = []
    account_id: Id | None = None

    def selection(self, *, include_filtered: bool = False) -> Selection:
        return Selection(
            types=frozenset(self.types),
            exclude_types=frozenset(self.exclude_types),
            account_id=self.account_id,
            include_filtered=include_filtered,
        )


class GroupedParams(NotificationsParams):
    grouped_types: Annotated[list[TypeName], Field(max_length=40)] | None = None
    expand_accounts: Literal["full", "partial_avatars"] = "full"
    include_filtered: Flag = False

    def grouping(self) -> frozenset[str]:
        return frozenset(self.grouped_types if self.grouped_types is not None else causes.GROUPABLE_TYPES)


class UnreadCountParams(Params):
    types: Annotated[list[TypeName], Field(max_length=40)] = []
    exclude_types: Annotated[list[TypeName], Field(max_length=40)] = []
    account_id: Id | None = None
    limit: Annotated[int, Field(ge=1, le=2**31)] = 100
    grouped_types: Annotated[list[TypeName], Field(max_length=40)] | None = None

    def selection(self) -> Selection:
        return Selection(frozenset(self.types), frozenset(self.exclude_types), self.account_id)


@api_endpoint(
    "GET", "read:notifications", params=NotificationsParams, returns=list[entities.Notification], paginated=True
)
def notification_list(request: ApiRequest[NotificationsParams]) -> HttpResponse:
    """List your notifications, newest first (types[], exclude_types[], account_id, and the cursors)."""
    recipient = request.require_user()
    window = request.params.window(default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
    entries = reading.page(recipient, window, request.params.selection())
    page = Page(entries, entries[0].id, entries[-1].id) if entries else Page([], None, None)
    return paginated_response(request, page, serialize_notifications(entries, recipient))


@api_endpoint("GET", "read:notifications", returns=entities.Notification)
def notification_detail(request: ApiRequest[NoParams], notification_id: int) -> entities.Notification:
    """Show one of your notifications."""
    recipient = request.require_user()
    shown = serialize_notifications([reading.get(recipient, notification_id)], recipient)
    if not shown:
        raise reading.NotificationNotFound(notification_id)  # its account or post is no longer visible
    return shown[0]


@api_endpoint("POST", "write:notifications", returns=entities.Empty)
def dismiss(request: ApiRequest[NoParams], notification_id: int) -> entities.Empty:
    """Dismiss one of your notifications."""
    reading.dismiss(request.require_user(), notification_id)
    return {}


@api_endpoint("POST", "write:notifications", returns=entities.Empty)
def clear(request: ApiRequest[NoParams]) -> entities.Empty:
    """Dismiss all your notifications."""
    reading.clear(request.require_user())
    return {}


@api_endpoint("GET", "read:notifications", params=UnreadCountParams, returns=entities.UnreadCount)
def unread_count(request: ApiRequest[UnreadCountParams]) -> entities.UnreadCount:
    """Count your notifications newer than your `notifications` marker, up to `limit` (100; at most 1000)."""
    params = request.params
    count = reading.unread_count(request.require_user(), params.selection(), limit=min(params.limit, 1000))
    return {"count": count}


@api_endpoint(
    "GET", "read:notifications", params=GroupedParams, returns=entities.GroupedNotificationsResults, paginated=True
)
def grouped_list(request: ApiRequest[GroupedParams]) -> HttpResponse:
    """List your notifications in groups, newest group first (grouped_types[], types[], exclude_types[],
    account_id, expand_accounts, include_filtered, and the cursors; limit counts groups)."""
    recipient = request.require_user()
    params = request.params
    window = params.window(default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
    groups, covered = reading.grouped_page(
        recipient, window, params.selection(include_filtered=params.include_filtered), params.grouping()
    )
    page = Page(covered, covered[0].id, covered[-1].id) if covered else Page([], None, None)
    return paginated_response(request, page, serialize_groups(groups, recipient))


@api_endpoint("GET", "read:notifications", returns=entities.GroupedNotificationsResults)
def group_detail(request: ApiRequest[NoParams], group_key: str) -> entities.GroupedNotificationsResults:
    """Show one group of your notifications."""
    recipient = request.require_user()
    shown = serialize_groups([reading.group(recipient, group_key)], recipient)
    if not shown["notification_groups"]:
        raise reading.NotificationNotFound(group_key)
    return shown


@api_endpoint("POST", "write:notifications", returns=entities.Empty)
def dismiss_group(request: ApiRequest[NoParams], group_key: str) -> entities.Empty:
    """Dismiss every notification of one group."""
    reading.dismiss_group(request.require_user(), group_key)
    return {}


@api_endpoint("GET", "read:notifications", returns=list[entities.Account])
def group_accounts(request: ApiRequest[NoParams], group_key: str) -> list[entities.Account]:
    """List the accounts of one group of your notifications, newest first."""
    recipient = request.require_user()
    ordered = list(dict.fromkeys(entry.from_account_id for entry in reading.group(recipient, group_key).entries))
    found = visible_accounts(recipient).in_bulk(ordered)
    return serialize_accounts([found[account_id] for account_id in ordered if account_id in found])


@api_endpoint("GET", "read:notifications", params=UnreadCountParams, returns=entities.UnreadCount)
def grouped_unread_count(request: ApiRequest[UnreadCountParams]) -> entities.UnreadCount:
    """Count your notification groups newer than your `notifications` marker, up to `limit` (100; at most
    1000; grouped_types[] as for the list)."""
    params = request.params
    grouping = frozenset(params.grouped_types if params.grouped_types is not None else causes.GROUPABLE_TYPES)
    count = reading.unread_count(
        request.require_user(), params.selection(), limit=min(params.limit, 1000), grouped_types=grouping
    )
    return {"count": count}


PolicyValue = Literal["accept", "filter", "drop"]


class PolicyParams(Params):
    for_not_following: PolicyValue | None = None
    for_not_followers: PolicyValue | None = None
    for_new_accounts: PolicyValue | None = None
    for_private_mentions: PolicyValue | None = None
    for_limited_accounts: PolicyValue | None = None


def _policy(found: NotificationPolicy) -> entities.NotificationPolicy:
    pending = requests.pending(found.owner)
    return {
        "for_not_following": found.for_not_following,  # type: ignore[typeddict-item]
        "for_not_followers": found.for_not_followers,  # type: ignore[typeddict-item]
        "for_new_accounts": found.for_new_accounts,  # type: ignore[typeddict-item]
        "for_private_mentions": found.for_private_mentions,  # type: ignore[typeddict-item]
        "for_limited_accounts": found.for_limited_accounts,  # type: ignore[typeddict-item]
        "summary": {
            "pending_requests_count": len(pending),
            "pending_notifications_count": sum(len(held.entries) for held in pending),
        },
    }


@api_endpoint("GET", "read:notifications", returns=entities.NotificationPolicy)
def policy_detail(request: ApiRequest[NoParams]) -> entities.NotificationPolicy:
    """Show whom you take notifications from, and how many are held back for you to review."""
    return _policy(policy.policy_of(request.require_user()))


@api_endpoint("PATCH", "write:notifications", params=PolicyParams, returns=entities.NotificationPolicy)
def update_policy(request: ApiRequest[PolicyParams]) -> entities.NotificationPolicy:
    """Choose what happens to notifications from each kind of stranger: accept, filter (kept aside) or drop."""
    changes = {name: value for name, value in request.params.model_dump().items() if value is not None}
    return _policy(policy.update(request.require_user(), changes))


def _requests(found: list[requests.Request], viewer: User) -> list[entities.NotificationRequest]:
    """Return the NotificationRequest entities of the requests whose account (and last post) the viewer may see."""
    accounts = visible_accounts(viewer).in_bulk([request.account_id for request in found])
    newest_posts = [request.entries[0].status_id for request in found if request.entries[0].status_id]
    statuses = {int(status["id"]): status for status in hydrate(newest_posts, viewer)}
    entities_by_account = {int(account["id"]): account for account in serialize_accounts(list(accounts.values()))}
    shown: list[entities.NotificationRequest] = []
    for request in found:
        account = entities_by_account.get(request.account_id)
        if account is None:
            continue
        rendered: entities.NotificationRequest = {
            "id": str(request.id),
            "created_at": timestamp(request.entries[-1].created_at) or "",
            "updated_at": timestamp(request.entries[0].created_at) or "",
            "account": account,
            "notifications_count": str(len(request.entries)),
        }
        status_id = request.entries[0].status_id
        if status_id is not None and status_id in statuses:
            rendered["last_status"] = statuses[status_id]
        shown.append(rendered)
    return shown


@api_endpoint(
    "GET", "read:notifications", params=CursorParams, returns=list[entities.NotificationRequest], paginated=True
)
def request_list(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the notifications your policy held back, one request per account, newest first."""
    recipient = request.require_user()
    window = request.params.window(default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
    by_id = {held.id: held for held in requests.pending(recipient)}
    found = [by_id[request_id] for request_id in window.select(by_id)]
    page = Page(found, found[0].id, found[-1].id) if found else Page([], None, None)
    return paginated_response(request, page, _requests(found, recipient))


@api_endpoint("GET", "read:notifications", returns=entities.NotificationRequest)
def request_detail(request: ApiRequest[NoParams], request_id: int) -> entities.NotificationRequest:
    """Show one notification request."""
    recipient = request.require_user()
    shown = _requests([requests.find(recipient, request_id)], recipient)
    if not shown:
        raise requests.RequestNotFound(request_id)
    return shown[0]


@api_endpoint("POST", "write:notifications", returns=entities.Empty)
def accept_request(request: ApiRequest[NoParams], request_id: int) -> entities.Empty:
    """Accept a notification request: its notifications join your list, and that account's pass from now on."""
    requests.accept(request.require_user(), request_id)
    return {}


@api_endpoint("POST", "write:notifications", returns=entities.Empty)
def dismiss_request(request: ApiRequest[NoParams], request_id: int) -> entities.Empty:
    """Dismiss a notification request: its notifications are deleted."""
    requests.dismiss(request.require_user(), request_id)
    return {}


class RequestIds(BatchParams):
    @field_validator("id", mode="before")
    @classmethod
    def _no_flags(cls, value: object) -> object:
        # pydantic would read JSON's true as 1: these are ids, never flags.
        if (
            value is True
            or value is False
            or (isinstance(value, list) and any(isinstance(item, bool) for item in value))
        ):
            raise ValueError("must be ids")
        return value


@api_endpoint("POST", "write:notifications", params=RequestIds, returns=entities.Empty)
def accept_requests(request: ApiRequest[RequestIds]) -> entities.Empty:
    """Accept several notification requests (id[]); unknown ones are skipped."""
    recipient = request.require_user()
    for request_id in request.params.id:
        with suppress(requests.RequestNotFound):
            requests.accept(recipient, request_id)
    return {}


@api_endpoint("POST", "write:notifications", params=RequestIds, returns=entities.Empty)
def dismiss_requests(request: ApiRequest[RequestIds]) -> entities.Empty:
    """Dismiss several notification requests (id[]); unknown ones are skipped."""
    recipient = request.require_user()
    for request_id in request.params.id:
        with suppress(requests.RequestNotFound):
            requests.dismiss(recipient, request_id)
    return {}


@api_endpoint("GET", "read:notifications", returns=entities.Merged)
def requests_merged(request: ApiRequest[NoParams]) -> entities.Merged:
    """Say whether accepted requests have joined the list: always, at once."""
    return {"merged": True}
