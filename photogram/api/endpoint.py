"""`api_endpoint`: the one decorator every API view wears.

It authenticates the bearer token, checks the scope, spends the rate-limit budget, parses parameters and
turns ApiError into Mastodon's `{"error": ...}` answers. It also records what it enforces, which is what
`/api/openapi.json` is built from, so the document cannot drift from the code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from photogram.accounts.models import User
from photogram.api.auth import Caller, caller_of
from photogram.api.errors import ApiError
from photogram.api.params import Params
from photogram.api.responses import json_response
from photogram.core.ratelimit import policy as ratelimit

Auth = Literal["user", "app", "optional", "none"]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class ApiRequest:
    """What a view needs: the HTTP request, its parameters and the caller."""

    http: HttpRequest
    params: Params
    caller: Caller | None

    @property
    def user(self) -> User | None:
        """Return the logged-in person, None for anonymous requests and app tokens."""
        return self.caller.user if self.caller else None

    def require_user(self) -> User:
        if self.caller is None:
            raise ApiError(401, "The access token is invalid")
        return self.caller.require_user()


@dataclass(frozen=True)
class EndpointSpec:
    methods: dict[str, str]  # method -> required scope ("" for none)
    auth: Auth
    summary: str


Handler = Callable[..., Any]


def api_endpoint(scopes: dict[str, str], *, auth: Auth = "user", atomic: bool = True) -> Callable[[Handler], Handler]:
    """Wrap a view that answers the methods in `scopes` (method -> scope it needs, "" for none).

    auth: "user" needs a person's token; "app" accepts an app token too; "optional" serves anonymous
    callers as well (a token, when given, must still be valid); "none" ignores tokens.
    atomic: run a writing view (any method but GET, HEAD, OPTIONS) in one transaction (all or nothing);
    a view that must see its own commit happen (and the work queued after it) manages its transactions
    itself.
    """

    def decorate(view: Handler) -> Handler:
        @csrf_exempt  # Bearer tokens, not cookies, authenticate the API: there is nothing to forge.
        @functools.wraps(view)
        def wrapper(http: HttpRequest, **kwargs: Any) -> HttpResponse:
            budget = None
            try:
                if http.method not in scopes:
                    raise ApiError(405, f"{http.method} is not allowed here")
                caller = caller_of(http) if auth != "none" else None
                if caller is None and auth in {"user", "app"}:
                    raise ApiError(401, "The access token is invalid")
                if caller is not None and scopes[http.method]:
                    caller.require_scope(scopes[http.method])
                if caller is not None and auth == "user":
                    caller.require_user()
                budget_key = (
                    f"account:{caller.user.pk}" if caller and caller.user else f"ip:{ratelimit.client_ip(http)}"
                )
                budget = ratelimit.spend("api", budget_key)
                request = ApiRequest(http=http, params=Params(http), caller=caller)
                # Reads run without one: under READ COMMITTED each statement has its own snapshot inside a
                # transaction too, so BEGIN and COMMIT were two round trips that bought a read nothing.
                if atomic and http.method not in SAFE_METHODS:
                    with transaction.atomic():
                        result = view(request, **kwargs)
                else:
                    result = view(request, **kwargs)
                response = result if isinstance(result, HttpResponse) else json_response(result)
            except ratelimit.RateLimited as error:
                response = JsonResponse(error.body(), status=error.status)
                budget = error.result
            except ApiError as error:
                response = JsonResponse(error.body(), status=error.status)
            if budget is not None:
                ratelimit.add_headers(response, budget)
            if http.method not in scopes:
                response["Allow"] = ", ".join(scopes)
            return response

        wrapper.api_spec = EndpointSpec(  # type: ignore[attr-defined]
            methods=dict(scopes), auth=auth, summary=(view.__doc__ or "").strip().splitlines()[0]
        )
        return wrapper

    return decorate
