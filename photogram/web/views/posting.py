"""The compose page: upload photos and videos, order and describe them, write a caption, choose who sees it.

One form does it all without JavaScript: files sent with it are uploaded and listed back (each with its
place, state and description field; move and remove are submit buttons), and "Share" publishes what is
listed. With JavaScript (static/photogram/compose.js) each file is uploaded as soon as it is chosen, with
its progress, to `upload`, which answers the same list item the form draws; `upload_state` answers that
item's picture and state while it is processed; `suggest` completes hashtags and names in the caption.
The post is published only when every upload is ready, through one service call keyed by the form's key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from photogram.accounts.models import User
from photogram.api.serializers.media import serialize_media
from photogram.core.window import MAX_ID
from photogram.media.models import MediaAttachment
from photogram.media.processing.types import MediaRefused
from photogram.media.services import upload
from photogram.posts.services.composing import publish_uploads
from photogram.posts.services.publishing import PublishRefused
from photogram.search.services import search as search_service
from photogram.search.services.query import MAX_QUERY_LENGTH, read_query
from photogram.web.forms import NewPostForm
from photogram.web.views.pages import signed_in

SUGGESTIONS = 8
MAX_KEY_LENGTH = 64


@dataclass(frozen=True)
class UploadItem:
    """One upload as the compose list shows it: its place, picture, state and the description typed so far."""

    id: int
    place: int
    kind: str
    state: str
    preview: str | None
    failure: str
    alt: str

    @property
    def busy(self) -> bool:
        return self.state in {MediaAttachment.State.PENDING, MediaAttachment.State.PROCESSING}


def _item(media: MediaAttachment, place: int, alt: str | None = None) -> UploadItem:
    ready = media.state == MediaAttachment.State.READY
    return UploadItem(
        id=media.pk,
        place=place,
        kind=media.kind,
        state=media.state,
        preview=serialize_media(media, media.owner)["preview_url"] if ready else None,
        failure=media.failure_reason,
        alt=media.description if alt is None else alt,
    )


def _ids(values: list[str]) -> list[int]:
    """Return the ids among the form's values, in order; anything else is not one of ours and is dropped."""
    return [int(value) for value in values if value.isdigit() and int(value) <= MAX_ID]


def _moved(ids: list[int], instruction: str) -> list[int]:
    """Return `ids` with one moved a place earlier or later, as "<id>:earlier" or "<id>:later" asks."""
    media_id, _sep, direction = instruction.partition(":")
    if not media_id.isdigit() or int(media_id) not in ids:
        return ids
    at = ids.index(int(media_id))
    to = at - 1 if direction == "earlier" else at + 1
    if not 0 <= to < len(ids):
        return ids
    ids = ids.copy()
    ids[at], ids[to] = ids[to], ids[at]
    return ids


def _accept(author: User, files: list[UploadedFile], crop: str) -> tuple[list[MediaAttachment], list[str]]:
    """Upload each file; return the uploads made and, for each file refused, its name and why."""
    accepted, refused = [], []
    for file in files:
        try:
            media = upload.accept_upload(author, file, crop=crop)
        except MediaRefused as refusal:
            refused.append(_("%(name)s: %(reason)s") % {"name": file.name, "reason": refusal.reason})
            continue
        media.refresh_from_db()  # processed already on the embedded profile: a broken file shows at once
        if media.state == MediaAttachment.State.FAILED:
            refused.append(_("%(name)s: %(reason)s") % {"name": file.name, "reason": media.failure_reason})
            continue
        accepted.append(media)
    return accepted, refused


def _page(
    request: HttpRequest, form: NewPostForm, items: list[UploadItem], file_errors: list[str], status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "items": items,
        "file_errors": file_errors,
        "max_items": settings.CONTENT_LIMITS["max_media_attachments"],
        "accept": ",".join(settings.CONTENT_LIMITS["supported_mime_types"]),
        "fresh_key": uuid.uuid4().hex,
    }
    return render(request, "web/new_post.html", context, status=status)


@login_required
def new_post(request: HttpRequest) -> HttpResponse:
    """Draw the compose page, or act on it: upload, move, remove, share."""
    author = signed_in(request)
    if request.method != "POST":
        form = NewPostForm(initial={"key": uuid.uuid4().hex, "visibility": "public", "crop": ""})
        return _page(request, form, [], [])
    form = NewPostForm(request.POST)
    valid = form.is_valid()
    removed = request.POST.get("remove", "")
    # As sent, not only those still unattached: a form sent twice names uploads its first sending published.
    ids = [media_id for media_id in _ids(request.POST.getlist("media")) if str(media_id) != removed]
    ids = _moved(ids, request.POST.get("move", ""))
    typed = {media_id: request.POST[f"alt-{media_id}"] for media_id in ids if f"alt-{media_id}" in request.POST}
    files = request.FILES.getlist("files")
    limit = settings.CONTENT_LIMITS["max_media_attachments"]
    file_errors: list[str] = []
    if len(ids) + len(files) > limit:
        file_errors.append(
            _("A post can have at most %(limit)d photos or videos; this would make %(count)d.")
            % {"limit": limit, "count": len(ids) + len(files)}
        )
    elif files:
        accepted, file_errors = _accept(author, files, form.cleaned_data.get("crop", "") if valid else "")
        ids += [media.pk for media in accepted]
    sharing = request.POST.get("action") == "share" and not files and not removed and not request.POST.get("move")
    if sharing and valid and not file_errors:
        if not ids:
            file_errors.append(_("Choose at least one photo or video."))
        else:
            try:
                post = publish_uploads(
                    author,
                    form.cleaned_data["caption"],
                    ids,
                    typed,
                    visibility=form.cleaned_data["visibility"],
                    idempotency_key=f"web-post:{form.cleaned_data['key'][:MAX_KEY_LENGTH]}",
                )
            except PublishRefused as refused:
                form.add_error(None, str(refused))
            else:
                shared = redirect(f"/@{author.username}/{post.pk}")
                shared.status_code = 303  # see the post, by GET
                return shared
    listed = upload.own_uploads(author, ids)
    items = [_item(media, place, typed.get(media.pk)) for place, media in enumerate(listed, 1)]
    failed = bool(file_errors) or bool(form.errors)
    return _page(request, form, items, file_errors, status=422 if failed else 200)


@login_required
@require_POST
def upload_media(request: HttpRequest) -> HttpResponse:
    """Upload one file from the compose page's script; answer its list item, or why it was refused (422)."""
    author = signed_in(request)
    file = request.FILES.get("file")
    if file is None:
        return render(request, "web/_upload_refused.html", {"reason": _("No file was sent.")}, status=400)
    accepted, refused = _accept(author, [file], request.POST.get("crop", ""))
    if refused:
        return render(request, "web/_upload_refused.html", {"reason": refused[0]}, status=422)
    place = request.POST.get("place", "1")
    item = _item(accepted[0], int(place) if place.isdigit() else 1)
    return render(request, "web/_upload_item.html", {"item": item}, status=201)


@login_required
@require_GET
def upload_state(request: HttpRequest, media_id: int) -> HttpResponse:
    """Answer an upload's picture and state: the compose page asks again while it is processed."""
    author = signed_in(request)
    media = upload.get_own(author, media_id)
    return render(request, "web/_upload_state.html", {"item": _item(media, 1)})


@login_required
@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Complete the hashtag (`#`) or name (`@`) being typed in a caption, from what the viewer may see."""
    viewer = signed_in(request)
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    found: list[dict[str, str]] = []
    if text.startswith("#") and len(text) > 1:
        tags = search_service.hashtags(read_query(text), limit=SUGGESTIONS)
        found = [{"value": f"#{tag.name}", "label": f"#{tag.name}"} for tag in tags]
    elif text.startswith("@") and len(text) > 1:
        people = search_service.accounts(viewer, read_query(text), limit=SUGGESTIONS)
        found = [
            {"value": f"@{person.username}", "label": f"@{person.username} {person.display_name}".strip()}
            for person in people
        ]
    return JsonResponse({"suggestions": found})
