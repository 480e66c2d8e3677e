"""`/api/v1/statuses` and an account's posts: publishing, reading, deleting, and the comments under a post."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpResponse

from photogram.accounts.models import User
from photogram.accounts.services.visibility import AccountNotFound, get_visible_account, visible_accounts
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError, not_found
from photogram.api.pagination import paginate, paginated_response
from photogram.api.serializers.accounts import serialize_accounts
from photogram.api.serializers.statuses import hydrate, serialize_version, serialize_versions
from photogram.posts.models import Favourite, Pin, Status, StatusEdit, StatusMedia
from photogram.posts.services import editing, interactions, pins, publishing
from photogram.posts.services.visibility import StatusNotFound, get_visible_status, visible_statuses


def _visible(request: ApiRequest, status_id: int) -> Status:
    """Return the post if the caller may see it; 404 otherwise (unknown and hidden look the same)."""
    try:
        return get_visible_status(request.user, status_id)
    except StatusNotFound:
        raise not_found() from None


def _one(request: ApiRequest, status_id: int) -> dict[str, Any]:
    hydrated = hydrate([status_id], request.user)
    if not hydrated:
        raise not_found()
    return hydrated[0]


@api_endpoint({"POST": "write:statuses"})
def create(request: ApiRequest) -> dict[str, Any]:
    """Publish a post (1 to 20 photos or videos) or, with in_reply_to_id, a comment."""
    author = request.require_user()
    params = request.params
    try:
        status = publishing.publish(
            author,
            caption=params.text("status", "") or "",
            media_ids=params.id_list("media_ids"),
            visibility=params.text("visibility", Status.Visibility.PUBLIC) or Status.Visibility.PUBLIC,
            sensitive=bool(params.flag("sensitive", False)),
            spoiler_text=params.text("spoiler_text", "") or "",
            language=params.text("language", "") or "",
            in_reply_to_id=params.integer("in_reply_to_id"),
            location=params.text("location", "") or "",
            idempotency_key=request.http.headers.get("Idempotency-Key") or None,
            comments_enabled=bool(params.flag("comments_enabled", True)),
        )
    except StatusNotFound:
        raise not_found() from None
    except publishing.PublishRefused as refused:
        raise ApiError(422, f"Validation failed: {refused}") from None
    return _one(request, status.pk)


def _changes(request: ApiRequest) -> editing.Changes:
    params = request.params
    return editing.Changes(
        caption=params.text("status"),
        media_ids=params.id_list("media_ids") if "media_ids" in params else None,
        spoiler_text=params.text("spoiler_text"),
        sensitive=params.flag("sensitive"),
        language=params.text("language"),
        location=params.text("location"),
        comments_enabled=params.flag("comments_enabled"),
    )


@api_endpoint({"GET": "read:statuses", "PUT": "write:statuses", "DELETE": "write:statuses"}, auth="optional")
def detail(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Show a post or comment; edit one's own; or delete one's own (or a comment under one's post)."""
    if request.http.method == "PUT":
        actor = request.require_user()
        try:
            editing.edit(actor, status_id, _changes(request))
        except StatusNotFound:
            raise not_found() from None
        except editing.EditRefused:
            raise ApiError(403, "You can only edit your own posts") from None
        except publishing.PublishRefused as refused:
            raise ApiError(422, f"Validation failed: {refused}") from None
        return _one(request, status_id)
    if request.http.method == "DELETE":
        actor = request.require_user()
        # Not filtered by visibility: a post's author removes a comment even from someone they have blocked.
        status = Status.objects.select_related("author", "in_reply_to").filter(pk=status_id).first()
        if status is None or not publishing.may_delete(actor, status):
            raise not_found()
        body = hydrate([status_id], actor) or [{"id": str(status_id)}]
        publishing.delete(actor, status)
        return body[0]
    return _one(request, status_id)


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def context(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Show the post a comment is under (ancestors) or the comments under a post (descendants), oldest first."""
    status = _visible(request, status_id)
    if status.in_reply_to_id is not None:
        return {"ancestors": hydrate([status.in_reply_to_id], request.user), "descendants": []}
    replies = visible_statuses(request.user).filter(in_reply_to_id=status.pk).order_by("id")
    return {"ancestors": [], "descendants": hydrate(list(replies.values_list("pk", flat=True)), request.user)}


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def history(request: ApiRequest, status_id: int) -> list[dict[str, Any]]:
    """List every version of a post, oldest first (only the current one if it was never edited)."""
    status = _visible(request, status_id)
    current = _one(request, status_id)
    versions = list(StatusEdit.objects.filter(status=status))
    if not versions:
        return [serialize_version(current, None)]
    return serialize_versions(current, versions, request.user)


@api_endpoint({"GET": "read:statuses"})
def source(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Show a post's caption as written, for editing."""
    status = _visible(request, status_id)
    return {
        "id": str(status.pk),
        "text": status.caption,
        "spoiler_text": status.spoiler_text,
        "location": status.location or None,
    }


def _acting(action: Callable[[User, int], object], request: ApiRequest, status_id: int) -> dict[str, Any]:
    try:
        action(request.require_user(), status_id)
    except StatusNotFound:
        raise not_found() from None
    except pins.PinRefused as refused:
        raise ApiError(422, f"Validation failed: {refused}") from None
    return _one(request, status_id)


@api_endpoint({"POST": "write:favourites"})
def favourite(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Like a post or comment (again: no change)."""
    return _acting(interactions.favourite, request, status_id)


@api_endpoint({"POST": "write:favourites"})
def unfavourite(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Take a like back."""
    return _acting(interactions.unfavourite, request, status_id)


@api_endpoint({"POST": "write:bookmarks"})
def bookmark(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Save a post (again: no change)."""
    return _acting(interactions.bookmark, request, status_id)


@api_endpoint({"POST": "write:bookmarks"})
def unbookmark(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Unsave a post (it leaves your collections too)."""
    return _acting(interactions.unbookmark, request, status_id)


@api_endpoint({"POST": "write:accounts"})
def pin(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Pin one of your posts to the top of your profile."""
    return _acting(pins.pin, request, status_id)


@api_endpoint({"POST": "write:accounts"})
def unpin(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Unpin one of your posts."""
    return _acting(pins.unpin, request, status_id)


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def favourited_by(request: ApiRequest, status_id: int) -> HttpResponse:
    """List who liked a post, newest like first (accounts the viewer may see)."""
    status = _visible(request, status_id)
    likes = Favourite.objects.filter(status=status, account__in=visible_accounts(request.user))
    page = paginate(request, likes.select_related("account"))
    return paginated_response(request, page, serialize_accounts([row.account for row in page.rows]))


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def reblogged_by(request: ApiRequest, status_id: int) -> HttpResponse:
    """List who boosted a post: nobody, as Photogram has no boosts (answered for Mastodon clients)."""
    _visible(request, status_id)
    return HttpResponse("[]", content_type="application/json")


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def account_statuses(request: ApiRequest, account_id: int) -> HttpResponse:
    """List an account's posts the viewer may see, newest first (only_media, exclude_replies)."""
    try:
        account = get_visible_account(request.user, account_id)
    except AccountNotFound:
        raise not_found() from None
    statuses = visible_statuses(request.user).filter(author=account)
    if request.params.flag("exclude_replies", False):
        statuses = statuses.filter(in_reply_to__isnull=True)
    if request.params.flag("only_media", False):
        statuses = statuses.filter(Exists(StatusMedia.objects.filter(status=OuterRef("pk"))))
    if request.params.flag("pinned", False):
        statuses = statuses.filter(Exists(Pin.objects.filter(status=OuterRef("pk"))))
    page = paginate(request, statuses.only("id"))
    return paginated_response(request, page, hydrate([row.pk for row in page.rows], request.user))
