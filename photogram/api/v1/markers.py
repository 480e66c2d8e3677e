"""`/api/v1/markers` (where you stopped reading, across your apps) and `/api/v1/preferences`."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, field_validator

from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import Id, NoParams, Params
from photogram.api.serializers.accounts import posting_defaults
from photogram.api.serializers.status_bodies import timestamp
from photogram.markers.models import Marker
from photogram.markers.services import positions

Timeline = Literal["home", "notifications"]


class MarkersParams(Params):
    timeline: list[Timeline] = []


class Position(Params):
    # Only the one key: the document then says so, and nothing unknown rides along inside it.
    model_config = ConfigDict(extra="forbid", frozen=True)

    last_read_id: Id

    @field_validator("last_read_id", mode="before")
    @classmethod
    def _no_flag(cls, value: object) -> object:
        # pydantic would read JSON's true as 1: a position is an id, never a flag.
        if isinstance(value, bool):
            raise ValueError("must be an id")
        return value


class SaveMarkersParams(Params):
    home: Position | None = None
    notifications: Position | None = None


def _serialize(markers: dict[str, Marker]) -> entities.Markers:
    serialized: entities.Markers = {}
    for timeline, marker in markers.items():
        entity: entities.Marker = {
            "last_read_id": str(marker.last_read_id),
            "version": marker.version,
            "updated_at": timestamp(marker.updated_at) or "",
        }
        if timeline == "home":
            serialized["home"] = entity
        else:
            serialized["notifications"] = entity
    return serialized


@api_endpoint("GET", "read:statuses", params=MarkersParams, returns=entities.Markers)
def markers(request: ApiRequest[MarkersParams]) -> entities.Markers:
    """Show where you stopped reading the timelines named by `timeline[]` (those never saved are left out)."""
    return _serialize(positions.markers_of(request.require_user(), request.params.timeline))


# Not atomic at the boundary: the service reads before its own transaction, as optimistic locking does.
@api_endpoint(
    "POST",
    "write:statuses",
    params=SaveMarkersParams,
    returns=entities.Markers,
    errors={409: "Another app moved the marker meanwhile; read the markers again"},
    atomic=False,
)
def save_markers(request: ApiRequest[SaveMarkersParams]) -> entities.Markers:
    """Save where you stopped reading: `home[last_read_id]`, `notifications[last_read_id]`."""
    params = request.params
    wanted = {
        timeline: position.last_read_id
        for timeline, position in (("home", params.home), ("notifications", params.notifications))
        if position is not None
    }
    return _serialize(positions.save(request.require_user(), wanted))


def serialize_preferences(account: User) -> entities.Preferences:
    privacy, sensitive, language = posting_defaults(account)
    return {
        "posting:default:visibility": privacy,
        "posting:default:sensitive": sensitive,
        "posting:default:language": language,
        "reading:expand:media": "default",
        "reading:expand:spoilers": False,
    }


@api_endpoint("GET", "read:accounts", returns=entities.Preferences)
def preferences(request: ApiRequest[NoParams]) -> entities.Preferences:
    """Show your posting and reading preferences, as your profile's settings have them."""
    return serialize_preferences(request.require_user())
