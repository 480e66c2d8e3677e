"""The follow-request inbox: who asks to follow the signed-in person, each with approve and reject buttons.

An answer is a POST with its CSRF token; htmx gets back the answered row and the navigation's new count, a
plain form a redirect to the inbox. Acting on a request that is not one's own (or no longer waits) is a 404:
the service looks requests up among the signed-in person's own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.api.serializers.accounts import serialize_account, serialize_accounts
from photogram.core.window import CursorWindow
from photogram.web.views.pages import cursor, is_htmx, next_query, signed_in

REQUESTS_PAGE = 40


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The people waiting for an answer, the most recent request first."""
    owner = signed_in(request)
    rows = CursorWindow(max_id=cursor(request, "max_id"), limit=REQUESTS_PAGE).filter(graph.follow_requests(owner))
    context = {
        "section": "follow_requests",
        "heading": _("Follow requests"),
        "people": serialize_accounts([row.requester for row in rows]),
        "next": next_query(request, max_id=rows[-1].pk) if len(rows) == REQUESTS_PAGE else None,
    }
    template = "web/_follow_request_rows.html" if is_htmx(request) else "web/follow_requests.html"
    return render(request, template, context)


def _answer(
    action: Callable[[User, int], graph.Relationship], done: Callable[[str], str]
) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def answer(request: HttpRequest, account_id: int) -> HttpResponse:
        owner = signed_in(request)
        action(owner, account_id)
        requester = User.objects.get(pk=account_id)
        if is_htmx(request):
            context = {"person": serialize_account(requester), "answered": done(requester.username)}
            return render(request, "web/_follow_request_row.html", context)
        messages.success(request, done(requester.username))
        return redirect("follow_requests")

    answer.__name__, answer.__doc__ = action.__name__, action.__doc__
    return answer


authorize = _answer(
    graph.authorize_follow_request, lambda name: _("You approved @%(name)s: they now follow you.") % {"name": name}
)
reject = _answer(graph.reject_follow_request, lambda name: _("You turned down @%(name)s's request.") % {"name": name})
