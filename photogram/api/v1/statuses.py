"""`/api/v1/statuses` and an account's posts: publishing, reading, deleting, and the comments under a post."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpResponse

from photogram.accounts.services.visibility import AccountNotFound, get_visible_account
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError, not_found
from photogram.api.pagination import paginate, paginated_response
from photogram.api.serializers.statuses import hydrate
from photogram.posts.models import Status, StatusMedia
from photogram.posts.services import publishing
from photogram.posts.services.visibility import StatusNotFound, get_visible_status, visible_statuses


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
            idempotency_key=request.http.headers.get("Idempotency-Key") or None,
            comments_enabled=bool(params.flag("comments_enabled", True)),
        )
    except StatusNotFound:
        raise not_found() from None
    except publishing.PublishRefused as refused:
        raise ApiError(422, f"Validation failed: {refused}") from None
    return _one(request, status.pk)


@api_endpoint({"GET": "read:statuses", "DELETE": "write:statuses"}, auth="optional")
def detail(request: ApiRequest, status_id: int) -> dict[str, Any]:
    """Show a post or comment; or delete one's own (or a comment under one's post), answering it as it was."""
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
    try:
        status = get_visible_status(request.user, status_id)
    except StatusNotFound:
        raise not_found() from None
    if status.in_reply_to_id is not None:
        return {"ancestors": hydrate([status.in_reply_to_id], request.user), "descendants": []}
    replies = visible_statuses(request.user).filter(in_reply_to_id=status.pk).order_by("id")
    return {"ancestors": [], "descendants": hydrate(list(replies.values_list("pk", flat=True)), request.user)}


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
    page = paginate(request, statuses.only("id"))
    return paginated_response(request, page, hydrate([row.pk for row in page.rows], request.user))
