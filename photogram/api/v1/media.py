"""`/api/v2/media` and `/api/v1/media/:id`: uploads, processed in the background."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse, JsonResponse

from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError, not_found
from photogram.api.serializers.media import serialize_media
from photogram.media.models import MediaAttachment
from photogram.media.processing.types import MediaRefused
from photogram.media.services import upload


def _answer(media: MediaAttachment, request: ApiRequest, *, created: bool) -> HttpResponse:
    body = serialize_media(media, request.user)
    if media.state == MediaAttachment.State.FAILED:
        return JsonResponse({"error": media.failure_reason, "media": body}, status=422)
    if media.state == MediaAttachment.State.READY:
        return JsonResponse(body, status=200)
    # Still processing: 202 Accepted for the upload, 206 Partial Content for a look at it (Mastodon's codes).
    return JsonResponse(body, status=202 if created else 206)


@api_endpoint({"POST": "write:media"}, atomic=False)
def create(request: ApiRequest) -> HttpResponse:
    """Upload a photo or video; answer 200 when it is ready at once, 202 while it is processed."""
    owner = request.require_user()
    file = request.params.files.get("file")
    if file is None:
        raise ApiError(422, "Validation failed: File can't be blank")
    try:
        media = upload.accept_upload(
            owner,
            file,
            description=request.params.text("description", "") or "",
            focus=request.params.text("focus"),
        )
    except MediaRefused as refused:
        raise ApiError(422, f"Validation failed: {refused.reason}") from None
    # On the embedded profile processing ran when the upload committed: answer with its outcome.
    media.refresh_from_db()
    return _answer(media, request, created=True)


@api_endpoint({"GET": "read:statuses", "PUT": "write:media"})
def detail(request: ApiRequest, media_id: int) -> HttpResponse:
    """Show an upload of the logged-in person (206 while processing), or change its description and focus."""
    owner = request.require_user()
    media = MediaAttachment.objects.filter(pk=media_id, owner=owner).first()
    if media is None:
        raise not_found()
    if request.http.method == "PUT":
        try:
            with transaction.atomic():
                upload.update_details(
                    media, description=request.params.text("description"), focus=request.params.text("focus")
                )
        except MediaRefused as refused:
            raise ApiError(422, f"Validation failed: {refused.reason}") from None
        return JsonResponse(serialize_media(media, owner))
    return _answer(media, request, created=False)
