"""`/api/v1/statuses` and an account's posts: publishing, reading, deleting, and the comments under a post."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, OuterRef
from django.http import HttpResponse

from photogram.access.querysets import (
    StatusNotFound,
    get_visible_account,
    get_visible_status,
    visible_accounts,
    visible_statuses,
)
from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import paginate, paginated_response
from photogram.api.params import BatchParams, CursorParams, Flag, Id, NoParams, Params
from photogram.api.serializers.accounts import serialize_accounts
from photogram.api.serializers.statuses import hydrate, serialize_version, serialize_versions
from photogram.posts.models import Favourite, Pin, Status, StatusEdit, StatusMedia
from photogram.posts.services import editing, interactions, pins, publishing

Visibility = entities.Visibility


def _one(request: ApiRequest[Params], status_id: int) -> entities.Status:
    hydrated = hydrate([status_id], request.user)
    if not hydrated:
        raise StatusNotFound(status_id)
    return hydrated[0]


class PublishParams(Params):
    status: str = ""
    media_ids: list[Id] = []
    visibility: Visibility = "public"
    sensitive: Flag = False
    spoiler_text: str = ""
    language: str = ""
    in_reply_to_id: Id | None = None
    location: str = ""
    comments_enabled: Flag = True


@api_endpoint("POST", "write:statuses", params=PublishParams, returns=entities.Status)
def create(request: ApiRequest[PublishParams]) -> entities.Status:
    """Publish a post (1 to 20 photos or videos) or, with in_reply_to_id, a comment."""
    params = request.params
    status = publishing.publish(
        request.require_user(),
        caption=params.status,
        media_ids=params.media_ids,
        visibility=params.visibility,
        sensitive=params.sensitive,
        spoiler_text=params.spoiler_text,
        language=params.language,
        in_reply_to_id=params.in_reply_to_id,
        location=params.location,
        idempotency_key=request.http.headers.get("Idempotency-Key") or None,
        comments_enabled=params.comments_enabled,
    )
    return _one(request, status.pk)


class EditParams(Params):
    """What an edit changes; a parameter left out stays as it is."""

    status: str | None = None
    media_ids: list[Id] | None = None
    spoiler_text: str | None = None
    sensitive: Flag | None = None
    language: str | None = None
    location: str | None = None
    comments_enabled: Flag | None = None


@api_endpoint("GET", "read:statuses", auth="optional", params=BatchParams, returns=list[entities.Status])
def batch(request: ApiRequest[BatchParams]) -> list[entities.Status]:
    """Show several posts (`id[]`, at most 40) in the order asked; those one may not see are left out."""
    return hydrate(request.params.id, request.user)


@api_endpoint("GET", "read:statuses", auth="optional", returns=entities.Status)
def show(request: ApiRequest[NoParams], status_id: int) -> entities.Status:
    """Show a post or comment."""
    return _one(request, status_id)


@api_endpoint("PUT", "write:statuses", params=EditParams, returns=entities.Status)
def edit(request: ApiRequest[EditParams], status_id: int) -> entities.Status:
    """Edit one's own post or comment (a new version; the old ones stay in its history)."""
    params = request.params
    changes = editing.Changes(
        caption=params.status,
        media_ids=params.media_ids,
        spoiler_text=params.spoiler_text,
        sensitive=params.sensitive,
        language=params.language,
        location=params.location,
        comments_enabled=params.comments_enabled,
    )
    editing.edit(request.require_user(), status_id, changes)
    return _one(request, status_id)


@api_endpoint("DELETE", "write:statuses", returns=entities.Status | entities.Empty)
def delete(request: ApiRequest[NoParams], status_id: int) -> entities.Status | entities.Empty:
    """Delete one's own post or comment, or a comment under one's post; answer it as it was."""
    actor = request.require_user()
    # Not filtered by visibility: a post's author removes a comment even from someone they have blocked.
    status = Status.objects.select_related("author", "in_reply_to").filter(pk=status_id).first()
    if status is None:
        raise StatusNotFound(status_id)
    # As the actor saw it; a comment from someone the actor blocked is answered as its author saw it.
    body = hydrate([status_id], actor) or hydrate([status_id], status.author)
    publishing.delete(actor, status)
    nothing: entities.Empty = {}
    return body[0] if body else nothing


@api_endpoint("GET", "read:statuses", auth="optional", returns=entities.Context)
def context(request: ApiRequest[NoParams], status_id: int) -> entities.Context:
    """Show the post a comment is under (ancestors) or the comments under a post (descendants), oldest first."""
    status = get_visible_status(request.user, status_id)
    if status.in_reply_to_id is not None:
        return {"ancestors": hydrate([status.in_reply_to_id], request.user, context="thread"), "descendants": []}
    replies = visible_statuses(request.user).filter(in_reply_to_id=status.pk).order_by("id")
    replies_ids = list(replies.values_list("pk", flat=True))
    return {"ancestors": [], "descendants": hydrate(replies_ids, request.user, context="thread")}


@api_endpoint("GET", "read:statuses", auth="optional", returns=list[entities.StatusEdit])
def history(request: ApiRequest[NoParams], status_id: int) -> list[entities.StatusEdit]:
    """List every version of a post, oldest first (only the current one if it was never edited)."""
    status = get_visible_status(request.user, status_id)
    current = _one(request, status_id)
    versions = list(StatusEdit.objects.filter(status=status))
    if not versions:
        return [serialize_version(current, None)]
    return serialize_versions(current, versions, request.user)


@api_endpoint("GET", "read:statuses", returns=entities.StatusSource)
def source(request: ApiRequest[NoParams], status_id: int) -> entities.StatusSource:
    """Show a post's caption as written, for editing."""
    status = get_visible_status(request.user, status_id)
    return {
        "id": str(status.pk),
        "text": status.caption,
        "spoiler_text": status.spoiler_text,
        "location": status.location or None,
    }


def _acting(action: Callable[[User, int], object]) -> Callable[[ApiRequest[NoParams], int], entities.Status]:
    def act(request: ApiRequest[NoParams], status_id: int) -> entities.Status:
        action(request.require_user(), status_id)
        return _one(request, status_id)

    act.__doc__ = action.__doc__
    return act


favourite = api_endpoint("POST", "write:favourites", returns=entities.Status)(_acting(interactions.favourite))
unfavourite = api_endpoint("POST", "write:favourites", returns=entities.Status)(_acting(interactions.unfavourite))
bookmark = api_endpoint("POST", "write:bookmarks", returns=entities.Status)(_acting(interactions.bookmark))
unbookmark = api_endpoint("POST", "write:bookmarks", returns=entities.Status)(_acting(interactions.unbookmark))
pin = api_endpoint("POST", "write:accounts", returns=entities.Status)(_acting(pins.pin))
unpin = api_endpoint("POST", "write:accounts", returns=entities.Status)(_acting(pins.unpin))


@api_endpoint(
    "GET", "read:statuses", auth="optional", params=CursorParams, returns=list[entities.Account], paginated=True
)
def favourited_by(request: ApiRequest[CursorParams], status_id: int) -> HttpResponse:
    """List who liked a post, newest like first (accounts the viewer may see)."""
    status = get_visible_status(request.user, status_id)
    likes = Favourite.objects.filter(status=status, account__in=visible_accounts(request.user))
    page = paginate(request, likes.select_related("account"))
    return paginated_response(request, page, serialize_accounts([row.account for row in page.rows]))


@api_endpoint(
    "GET", "read:statuses", auth="optional", params=CursorParams, returns=list[entities.Account], paginated=True
)
def reblogged_by(request: ApiRequest[CursorParams], status_id: int) -> list[entities.Account]:
    """List who boosted a post: nobody, as Photogram has no boosts (answered for Mastodon clients)."""
    get_visible_status(request.user, status_id)
    return []


class AccountStatusesParams(CursorParams):
    only_media: Flag = False
    exclude_replies: Flag = False
    pinned: Flag = False


@api_endpoint(
    "GET",
    "read:statuses",
    auth="optional",
    params=AccountStatusesParams,
    returns=list[entities.Status],
    paginated=True,
)
def account_statuses(request: ApiRequest[AccountStatusesParams], account_id: int) -> HttpResponse:
    """List an account's posts the viewer may see, newest first (only_media, exclude_replies, pinned)."""
    account = get_visible_account(request.user, account_id)
    statuses = visible_statuses(request.user).filter(author=account)
    if request.params.exclude_replies:
        statuses = statuses.filter(in_reply_to__isnull=True)
    if request.params.only_media:
        statuses = statuses.filter(Exists(StatusMedia.objects.filter(status=OuterRef("pk"))))
    if request.params.pinned:
        statuses = statuses.filter(Exists(Pin.objects.filter(status=OuterRef("pk"))))
    page = paginate(request, statuses.only("id"))
    return paginated_response(request, page, hydrate([row.pk for row in page.rows], request.user, context="account"))
