"""Highlights (a Photogram extension): `/api/photogram/v1/highlights...`, past stories kept on a profile."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NOT_BLANK, Id, NoParams, Params
from photogram.api.serializers.media import serialize_media
from photogram.api.serializers.status_bodies import timestamp
from photogram.api.v1.stories import vertical_url
from photogram.stories.services import highlights
from photogram.stories.services.highlights import ShownHighlight


def serialize_highlight(shown: ShownHighlight, viewer: User) -> entities.Highlight:
    highlight = shown.highlight
    return {
        "id": str(highlight.pk),
        "title": highlight.title,
        "position": highlight.position,
        "created_at": timestamp(highlight.created_at) or "",
        "items": [
            {
                "story_id": str(item.story_id),
                "media_attachment": serialize_media(item.media, viewer),
                "vertical_url": vertical_url(item.media),
                "created_at": timestamp(item.story_created_at) or "",
            }
            for item in shown.items
        ],
    }


def _own(request: ApiRequest[Params], highlight_id: int) -> entities.Highlight:
    owner = request.require_user()
    return serialize_highlight(highlights.own(owner, highlight_id), owner)


@api_endpoint("GET", "read:statuses", returns=list[entities.Highlight], errors={404: "No such account you may see"})
def account_highlights(request: ApiRequest[NoParams], account_id: int) -> list[entities.Highlight]:
    """An account's highlights in its order, with the stories in each you may see."""
    viewer = request.require_user()
    return [serialize_highlight(shown, viewer) for shown in highlights.of_account(viewer, account_id)]


Title = Annotated[str, Field(min_length=1, max_length=highlights.MAX_TITLE_LENGTH, pattern=NOT_BLANK)]


class CreateParams(Params):
    title: Title
    story_ids: Annotated[list[Id], Field(min_length=1, max_length=highlights.MAX_ITEMS)]


@api_endpoint("POST", "write:statuses", params=CreateParams, returns=entities.Highlight)
def create_highlight(request: ApiRequest[CreateParams]) -> entities.Highlight:
    """Make a highlight (`title`) of some of your live stories (`story_ids[]`), last on your profile."""
    highlight = highlights.create(request.require_user(), request.params.title, request.params.story_ids)
    return _own(request, highlight.pk)


@api_endpoint("GET", "read:statuses", returns=entities.Highlight, errors={404: "No such highlight of yours"})
def highlight_detail(request: ApiRequest[NoParams], highlight_id: int) -> entities.Highlight:
    """Show one of your highlights."""
    return _own(request, highlight_id)


class UpdateParams(Params):
    title: Title | None = None
    position: Annotated[int, Field(ge=1, le=2**31)] | None = None


@api_endpoint("PATCH", "write:statuses", params=UpdateParams, returns=entities.Highlight)
def update_highlight(request: ApiRequest[UpdateParams], highlight_id: int) -> entities.Highlight:
    """Rename your highlight or move it (`position`, 1 is first)."""
    params = request.params
    highlights.update(request.require_user(), highlight_id, title=params.title, position=params.position)
    return _own(request, highlight_id)


@api_endpoint("DELETE", "write:statuses", returns=entities.Empty, errors={404: "No such highlight of yours"})
def delete_highlight(request: ApiRequest[NoParams], highlight_id: int) -> entities.Empty:
    """Delete your highlight; the files of expired stories only it kept are deleted."""
    highlights.delete(request.require_user(), highlight_id)
    return {}


class AddParams(Params):
    story_id: Id


@api_endpoint("POST", "write:statuses", params=AddParams, returns=entities.Highlight)
def add_story(request: ApiRequest[AddParams], highlight_id: int) -> entities.Highlight:
    """Add one of your live stories (`story_id`) to the end of your highlight."""
    highlights.add_story(request.require_user(), highlight_id, request.params.story_id)
    return _own(request, highlight_id)


@api_endpoint("DELETE", "write:statuses", returns=entities.Highlight, errors={404: "No such story in your highlight"})
def remove_story(request: ApiRequest[NoParams], highlight_id: int, story_id: int) -> entities.Highlight:
    """Take a story out of your highlight (if it has expired and nothing else keeps it, its files go)."""
    highlights.remove_story(request.require_user(), highlight_id, story_id)
    return _own(request, highlight_id)
