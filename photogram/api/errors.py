"""Errors at the API boundary: one table from the domain's exceptions to Mastodon's answers.

Services raise what happened in their own words (StatusNotFound, PublishRefused ...); views let it pass, and
`api_endpoint` answers with `translate(error)`. A new domain exception gets a row in ERRORS, not an `except`
in a view. Every answer other than success is `{"error": "..."}` (with `details` for field-level problems),
as Mastodon clients expect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

from photogram.access.querysets import AccountNotFound, StatusNotFound
from photogram.accounts.services.graph import GraphActionRefused
from photogram.accounts.validation import FieldErrors
from photogram.direct.services.messages import MessageNotFound
from photogram.direct.services.threads import DirectRefused, ThreadNotFound
from photogram.direct.stores import MessageStoreUnavailable
from photogram.discovery.services.endorsements import EndorseRefused
from photogram.discovery.services.featured_tags import FeaturedTagNotFound, FeatureRefused
from photogram.filters.services.filters import FilterNotFound, FilterRefused
from photogram.lists.services.lists import ListNotFound, ListRefused
from photogram.markers.services.positions import MarkerConflict
from photogram.media.processing.types import MediaRefused
from photogram.media.services.upload import MediaNotFound
from photogram.notifications.services.policy import PolicyRefused
from photogram.notifications.services.reading import NotificationNotFound
from photogram.notifications.services.requests import RequestNotFound
from photogram.notifications.stores import InboxUnavailable
from photogram.posts.services.collections import CollectionNotFound, CollectionRefused
from photogram.posts.services.editing import EditRefused
from photogram.posts.services.pins import PinRefused
from photogram.posts.services.publishing import DeleteRefused, PublishRefused
from photogram.posts.services.tags import TagNotFound
from photogram.push.services.subscriptions import SubscriptionNotFound, SubscriptionRefused
from photogram.rpc.client import FeedServiceUnavailable
from photogram.server.services.announcements import AnnouncementNotFound, ReactionRefused
from photogram.stories.services.close_friends import CloseFriendsRefused
from photogram.stories.services.highlights import HighlightNotFound, HighlightRefused
from photogram.stories.services.posting import StoryRefused
from photogram.stories.services.replies import ReplyRefused
from photogram.stories.services.viewing import StoryNotFound
from photogram.stories.stores import StoryStoreUnavailable


class ApiError(Exception):
    """An answer other than success, as Mastodon clients expect it: a status and `{"error": "..."}`."""

    def __init__(self, status: int, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.message}
        if self.details:
            body["details"] = self.details
        return body


NOT_FOUND = "Record not found"


def validation_failed(message: str, *, details: dict[str, Any] | None = None) -> ApiError:
    """Return the 422 Mastodon answers for input it understood but will not take."""
    return ApiError(422, f"Validation failed: {message}", details=details)


def _field_errors(problems: FieldErrors) -> ApiError:
    details = {
        name: [{"error": code, "description": description} for code, description in items]
        for name, items in problems.errors.items()
    }
    return ApiError(422, problems.summary(), details=details)


def _graph_refused(refused: GraphActionRefused) -> ApiError:
    return ApiError(403, str(refused)) if refused.forbidden else validation_failed(str(refused))


# The most specific class wins: lookups walk each exception's MRO.
ERRORS: dict[type[Exception], Callable[[Any], ApiError]] = {
    # Unknown and hidden look the same on purpose: a 404 never tells that something exists.
    StatusNotFound: lambda _: ApiError(404, NOT_FOUND),
    AccountNotFound: lambda _: ApiError(404, NOT_FOUND),
    CollectionNotFound: lambda _: ApiError(404, NOT_FOUND),
    ListNotFound: lambda _: ApiError(404, NOT_FOUND),
    TagNotFound: lambda _: ApiError(404, NOT_FOUND),
    MediaNotFound: lambda _: ApiError(404, NOT_FOUND),
    AnnouncementNotFound: lambda _: ApiError(404, NOT_FOUND),
    FilterNotFound: lambda _: ApiError(404, NOT_FOUND),
    FeaturedTagNotFound: lambda _: ApiError(404, NOT_FOUND),
    SubscriptionNotFound: lambda _: ApiError(404, NOT_FOUND),
    NotificationNotFound: lambda _: ApiError(404, NOT_FOUND),
    RequestNotFound: lambda _: ApiError(404, NOT_FOUND),
    StoryNotFound: lambda _: ApiError(404, NOT_FOUND),
    HighlightNotFound: lambda _: ApiError(404, NOT_FOUND),
    ThreadNotFound: lambda _: ApiError(404, NOT_FOUND),
    MessageNotFound: lambda _: ApiError(404, NOT_FOUND),
    DirectRefused: lambda refused: (
        ApiError(403, str(refused)) if refused.forbidden else validation_failed(str(refused))
    ),
    # Deleting what one may not delete looks like deleting what is not there.
    DeleteRefused: lambda _: ApiError(404, NOT_FOUND),
    PublishRefused: lambda refused: validation_failed(str(refused)),
    PinRefused: lambda refused: validation_failed(str(refused)),
    CollectionRefused: lambda refused: validation_failed(str(refused)),
    FilterRefused: lambda refused: validation_failed(str(refused)),
    FeatureRefused: lambda refused: validation_failed(str(refused)),
    EndorseRefused: lambda refused: validation_failed(str(refused)),
    ListRefused: lambda refused: validation_failed(str(refused)),
    MediaRefused: lambda refused: validation_failed(refused.reason),
    ReactionRefused: lambda refused: validation_failed(str(refused)),
    SubscriptionRefused: lambda refused: validation_failed(
        str(refused), details={refused.field: [{"error": "ERR_INVALID", "description": str(refused)}]}
    ),
    PolicyRefused: lambda refused: validation_failed(str(refused)),
    StoryRefused: lambda refused: validation_failed(str(refused)),
    ReplyRefused: lambda refused: validation_failed(str(refused)),
    HighlightRefused: lambda refused: validation_failed(str(refused)),
    CloseFriendsRefused: lambda refused: validation_failed(str(refused)),
    # Mastodon's answer when optimistic locking lost a race: the app reads the markers again.
    MarkerConflict: lambda _: ApiError(409, "Conflict during update, please try again"),
    FieldErrors: _field_errors,
    GraphActionRefused: _graph_refused,
    EditRefused: lambda _: ApiError(403, "You can only edit your own posts"),
    # Django's own limits on what it reads of a body (DATA_UPLOAD_MAX_MEMORY_SIZE, ..._NUMBER_FIELDS, ..._FILES).
    RequestDataTooBig: lambda _: ApiError(413, "The request body is larger than this endpoint takes"),
    TooManyFieldsSent: lambda _: ApiError(413, "The request has more parameters than any endpoint takes"),
    TooManyFilesSent: lambda _: ApiError(413, "The request has more files than any endpoint takes"),
    FeedServiceUnavailable: lambda _: ApiError(
        503, "The feed is unavailable right now (its store did not answer); try again soon"
    ),
    InboxUnavailable: lambda _: ApiError(
        503, "Notifications are unavailable right now (their store did not answer); try again soon"
    ),
    StoryStoreUnavailable: lambda _: ApiError(
        503, "Stories are unavailable right now (their store did not answer); try again soon"
    ),
    MessageStoreUnavailable: lambda _: ApiError(
        503, "Direct messages are unavailable right now (their store did not answer); try again soon"
    ),
}


def translate(error: Exception) -> ApiError | None:
    """Return the answer for a domain exception, None for one the API does not expect (a server error)."""
    if isinstance(error, ApiError):
        return error
    for kind in type(error).__mro__:
        make = ERRORS.get(kind)
        if make is not None:
            return make(error)
    return None
