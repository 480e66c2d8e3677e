"""`/api/v2/media` and `/api/v1/media/:id`: uploads, processed in the background."""

from __future__ import annotations

from typing import Annotated

from django.db import transaction
from django.http import HttpResponse
from pydantic import Field

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import File, NoParams, Params
from photogram.api.responses import json_response
from photogram.api.serializers.media import serialize_media
from photogram.media.models import MediaAttachment
from photogram.media.services import upload

# Still processing: 202 Accepted for the upload, 206 Partial Content for a look at it (Mastodon's codes).
PROCESSING = {202: "Accepted: the upload is being processed (url is null until it is ready)"}
STILL_PROCESSING = {206: "The upload is still being processed (url is null until it is ready)"}


def _answer(media: MediaAttachment, request: ApiRequest[Params], *, created: bool) -> HttpResponse:
    body = serialize_media(media, request.user)
    if media.state == MediaAttachment.State.FAILED:
        failure: entities.MediaFailure = {"error": media.failure_reason, "media": body}
        return json_response(failure, status=422)
    if media.state == MediaAttachment.State.READY:
        return json_response(body)
    return json_response(body, status=202 if created else 206)


# Mastodon's focal point: "x,y", each from -1.0 to 1.0.
_COORDINATE = r"-?(?:0(?:\.[0-9]{1,8})?|1(?:\.0{1,8})?|\.[0-9]{1,8})"
Focus = Annotated[str, Field(max_length=40, pattern=rf"^{_COORDINATE},{_COORDINATE}$")]
Description = Annotated[str, Field(max_length=upload.DESCRIPTION_MAX)]


class UploadParams(Params):
    file: File
    description: Description = ""
    focus: Focus | None = None


@api_endpoint(
    "POST", "write:media", params=UploadParams, returns=entities.MediaAttachment, statuses=PROCESSING, atomic=False
)
def create(request: ApiRequest[UploadParams]) -> HttpResponse:
    """Upload a photo or video; answer 200 when it is ready at once, 202 while it is processed."""
    params = request.params
    media = upload.accept_upload(
        request.require_user(), params.file, description=params.description, focus=params.focus
    )
    # On the embedded profile processing ran when the upload committed: answer with its outcome.
    media.refresh_from_db()
    return _answer(media, request, created=True)


@api_endpoint("GET", "read:statuses", params=NoParams, returns=entities.MediaAttachment, statuses=STILL_PROCESSING)
def detail(request: ApiRequest[NoParams], media_id: int) -> HttpResponse:
    """Show an upload of the logged-in person (206 while it is processed)."""
    return _answer(upload.get_own(request.require_user(), media_id), request, created=False)


class UpdateParams(Params):
    description: Description | None = None
    focus: Focus | None = None


@api_endpoint("PUT", "write:media", params=UpdateParams, returns=entities.MediaAttachment, atomic=False)
def update(request: ApiRequest[UpdateParams], media_id: int) -> entities.MediaAttachment:
    """Change the description or focus point (`x,y`, each from -1 to 1) of an upload."""
    media = upload.get_own(request.require_user(), media_id)
    with transaction.atomic():
        upload.update_details(media, description=request.params.description, focus=request.params.focus)
    return serialize_media(media, media.owner)
