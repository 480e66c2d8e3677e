"""Noting in a signed-in session which browser uses it, from where, and when it was last seen."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from photogram.accounts.sessions import ACTIVITY_KEY
from photogram.core.ratelimit.policy import client_ip

# Last seen to within this many seconds: finer would write the session on nearly every request.
SEEN_RESOLUTION = 300
MAX_AGENT_LENGTH = 300


class SessionActivityMiddleware:
    """Keep each signed-in session's browser, address and last-seen time current (listed in the settings).

    Runs inside SessionMiddleware, after the view, so the request that signs in is noted too; a session
    changes only when its browser or address changes or SEEN_RESOLUTION has passed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # Without a session cookie (the API's bearer-token calls) there is no session to note anything in.
        if settings.SESSION_COOKIE_NAME in request.COOKIES or request.session.modified:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                self._note(request)
        return response

    def _note(self, request: HttpRequest) -> None:
        agent = request.headers.get("User-Agent", "")[:MAX_AGENT_LENGTH]
        address = client_ip(request) or None
        now = int(time.time())
        noted = request.session.get(ACTIVITY_KEY) or {}
        stale = now - int(noted.get("seen", 0)) >= SEEN_RESOLUTION
        if stale or noted.get("agent") != agent or noted.get("ip") != address:
            request.session[ACTIVITY_KEY] = {"agent": agent, "ip": address, "seen": now}
