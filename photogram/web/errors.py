"""What a page answers when a service refuses: one table from domain exception to status and sentence.

Views let the services' exceptions pass, as the API's do (photogram/api/errors.py); `WebErrorsMiddleware`
turns those raised by a web view into a page that says what happened in a sentence. Something one may not
see answers 404 like something that does not exist: the two are indistinguishable on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from photogram.access.querysets import AccountNotFound, StatusNotFound
from photogram.accounts.services.graph import GraphActionRefused
from photogram.accounts.services.sessions import SessionNotFound
from photogram.media.services.upload import MediaNotFound
from photogram.oauth.services.authorizations import AuthorizationNotFound
from photogram.posts.services.editing import EditRefused
from photogram.posts.services.publishing import DeleteRefused
from photogram.posts.services.tags import TagNotFound
from photogram.rpc.client import FeedServiceUnavailable

ERRORS: dict[type[Exception], tuple[int, Promise]] = {
    StatusNotFound: (404, _("This post does not exist: it was deleted, or you are not allowed to see it.")),
    DeleteRefused: (404, _("This post does not exist: it was deleted, or you are not allowed to see it.")),
    EditRefused: (403, _("Only its author can edit a post.")),
    AccountNotFound: (404, _("This account does not exist, or you are not allowed to see it.")),
    MediaNotFound: (404, _("This upload does not exist: it was removed, or it is not yours.")),
    TagNotFound: (404, _("No post uses this hashtag yet.")),
    AuthorizationNotFound: (404, _("This app has no access to your account: it was revoked already.")),
    SessionNotFound: (404, _("This browser is not signed in to your account: it was signed out already.")),
    FeedServiceUnavailable: (503, _("Your feed cannot be read right now. Please try again in a minute.")),
}


def error_page(request: HttpRequest, status: int, sentence: str | Promise) -> HttpResponse:
    """Return the error page with its sentence."""
    return render(request, "web/error.html", {"status": status, "sentence": sentence}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page of every path outside the API (Django's `handler404`)."""
    argument = exception.args[0] if exception is not None and exception.args else None
    sentence = argument if isinstance(argument, str | Promise) else _("There is no page at this address.")
    return error_page(request, 404, sentence)


class WebErrorsMiddleware:
    """Answer the services' refusals that escape a web view with the page of `ERRORS`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not match.func.__module__.startswith("photogram.web."):
            return None
        if isinstance(exception, GraphActionRefused):
            return error_page(request, 403 if exception.forbidden else 422, str(exception))
        for kind, (status, sentence) in ERRORS.items():
            if isinstance(exception, kind):
                return error_page(request, status, sentence)
        return None
