"""`api_endpoint` and `route`: the one way an API view is declared and served.

An endpoint declares its method, the scope it needs, who may call it, its parameters (a `Params` model) and
what it answers (an entity type from `photogram.api.entities`). The boundary then authenticates the bearer
token, checks the scope, spends the rate-limit budget, parses and validates the parameters, runs the view in
a transaction when it writes, turns domain exceptions into Mastodon's answers through one table
(`photogram.api.errors`), and answers JSON for every outcome, server errors included. `/api/openapi.json` is
built from the same declarations, so the document cannot drift from the code.

`route(...)` serves one URL: it dispatches on the method to the endpoint declared for it, and answers 405
(with `Allow`) for the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from photogram.accounts.models import User
from photogram.api.auth import Caller, caller_of
from photogram.api.errors import ApiError, translate
from photogram.api.params import NoParams, Params, parse
from photogram.api.responses import json_response
from photogram.core.ratelimit import policy as ratelimit

logger = logging.getLogger("django.request")

Auth = Literal["user", "app", "optional", "none"]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

P_co = TypeVar("P_co", bound=Params, covariant=True)
V = TypeVar("V", bound=Callable[..., object])


@dataclass(frozen=True)
class ApiRequest(Generic[P_co]):
    """What a view needs: the HTTP request, its validated parameters and the caller."""

    http: HttpRequest
    params: P_co
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
    """What one method of one URL enforces and answers: what the OpenAPI document is built from."""

    method: str
    scope: str  # "" for none
    auth: Auth
    summary: str
    description: str
    params: type[Params]
    returns: Any  # the 2xx body's type (an entity, a list of them); None for a body not described
    statuses: Mapping[int, str] = field(default_factory=dict)  # other documented successes (202, 206 ...)
    errors: Mapping[int, str] = field(default_factory=dict)  # errors beyond every endpoint's (409 ...)
    paginated: bool = False  # answers a Link header to the older and newer pages


class Endpoint(Generic[V]):
    """One method of one URL: the declared spec, the view it wraps (signature intact), and the pipeline."""

    def __init__(self, view: V, spec: EndpointSpec, *, atomic: bool) -> None:
        self.view = view
        self.spec = spec
        self.atomic = atomic

    def __call__(self, http: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Serve the request (its method is this endpoint's): always JSON, whatever happens."""
        spec = self.spec
        budget = None
        try:
            caller = caller_of(http) if spec.auth != "none" else None
            if caller is None and spec.auth in {"user", "app"}:
                raise ApiError(401, "The access token is invalid")
            if caller is not None and spec.scope:
                caller.require_scope(spec.scope)
            if caller is not None and spec.auth == "user":
                caller.require_user()
            key = f"account:{caller.user.pk}" if caller and caller.user else f"ip:{ratelimit.client_ip(http)}"
            budget = ratelimit.spend("api", key)
            request = ApiRequest(http=http, params=parse(spec.params, http), caller=caller)
            # Reads run without one: under READ COMMITTED each statement has its own snapshot inside a
            # transaction too, so BEGIN and COMMIT were two round trips that bought a read nothing.
            if self.atomic and http.method not in SAFE_METHODS:
                with transaction.atomic():
                    result = self.view(request, **kwargs)
            else:
                result = self.view(request, **kwargs)
            response = result if isinstance(result, HttpResponse) else json_response(result)
        except ratelimit.RateLimited as error:
            response = json_response(error.body(), status=error.status)
            budget = error.result
        except Exception as error:
            answer = translate(error)
            if answer is None:
                # Logged as Django logs an uncaught error (admins mailed, Sentry and the like see it).
                logger.exception("Internal Server Error: %s", http.path, extra={"status_code": 500, "request": http})
                answer = ApiError(500, "Something went wrong on our side; it has been logged")
            elif answer.status >= 500:
                logger.warning("%s answered %s: %s", http.path, answer.status, error)
            response = json_response(answer.body(), status=answer.status)
        if budget is not None:
            ratelimit.add_headers(response, budget)
        return response


def api_endpoint(
    method: str,
    scope: str = "",
    *,
    auth: Auth = "user",
    params: type[Params] = NoParams,
    returns: Any = None,
    statuses: Mapping[int, str] | None = None,
    errors: Mapping[int, str] | None = None,
    paginated: bool = False,
    atomic: bool = True,
) -> Callable[[V], Endpoint[V]]:
    """Declare `view` as the endpoint answering `method`, needing `scope` ("" for none).

    auth: "user" needs a person's token; "app" accepts an app token too; "optional" serves anonymous
    callers as well (a token, when given, must still be valid); "none" ignores tokens.
    params: the model the request's parameters are validated into (`request.params`).
    returns: the type of the success body (an entity from `photogram.api.entities`, or a list of them).
    errors: the error statuses this endpoint answers beyond those every endpoint may (for the document).
    atomic: run a writing view (any method but GET, HEAD, OPTIONS) in one transaction (all or nothing);
    a view that must see its own commit happen (and the work queued after it) manages its transactions itself.
    """

    def declare(view: V) -> Endpoint[V]:
        summary, _, description = (view.__doc__ or "").strip().partition("\n")
        spec = EndpointSpec(
            method=method,
            scope=scope,
            auth=auth,
            summary=summary.strip() or view.__name__.replace("_", " ").capitalize(),
            description=description.strip(),
            params=params,
            returns=returns,
            statuses=dict(statuses or {}),
            errors=dict(errors or {}),
            paginated=paginated,
        )
        return Endpoint(view, spec, atomic=atomic)

    return declare


class Route:
    """The Django view of one API URL: the endpoint declared for each method."""

    # Bearer tokens, not cookies, authenticate the API: there is nothing to forge.
    csrf_exempt = True

    def __init__(self, endpoints: Mapping[str, Endpoint[Any]]) -> None:
        self.endpoints = dict(endpoints)
        served = [*self.endpoints, *(["HEAD"] if "GET" in self.endpoints else []), "OPTIONS"]
        self.allow = ", ".join(served)

    @property
    def specs(self) -> list[EndpointSpec]:
        return [endpoint.spec for endpoint in self.endpoints.values()]

    def __call__(self, http: HttpRequest, **kwargs: Any) -> HttpResponse:
        if http.method == "OPTIONS":
            # A browser's CORS preflight is answered before this (corsheaders); this is a client asking.
            response = HttpResponse(status=204)
            response["Allow"] = self.allow
            return response
        if http.method == "HEAD" and "GET" in self.endpoints:
            response = self.endpoints["GET"](http, **kwargs)
            response.content = b""
            return response
        endpoint = self.endpoints.get(http.method or "")
        if endpoint is None:
            response = json_response({"error": f"{http.method} is not allowed here"}, status=405)
            response["Allow"] = self.allow
            return response
        return endpoint(http, **kwargs)


def route(*endpoints: Endpoint[Any]) -> Route:
    """Return the view serving `endpoints` at one URL (one per method)."""
    by_method = {endpoint.spec.method: endpoint for endpoint in endpoints}
    if len(by_method) != len(endpoints):
        raise ValueError(f"two endpoints for one method: {[e.spec.method for e in endpoints]}")
    return Route(by_method)


NOT_FOUND_PATH = "This API path does not exist"


@csrf_exempt  # as every API path: a POST to an unknown one is a 404, not a CSRF failure
def api_not_found(http: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Answer any /api/ path no endpoint serves, in JSON like every other API answer."""
    return json_response({"error": NOT_FOUND_PATH}, status=404)


def moved_to(new_prefix: str) -> Callable[..., HttpResponse]:
    """Return a view sending a request for a moved path (its tail as `rest`) under `new_prefix`.

    308 keeps the method and the body, so a client that follows redirects goes on working for the release the
    old path is kept; `Deprecation` and the successor link tell the others.
    """

    @csrf_exempt
    def moved(http: HttpRequest, rest: str) -> HttpResponse:
        target = new_prefix + rest
        if http.META.get("QUERY_STRING"):
            target += "?" + http.META["QUERY_STRING"]
        response = json_response({"error": f"This path has moved to {target}"}, status=308)
        response["Location"] = target
        response["Deprecation"] = "true"
        response["Link"] = f'<{target}>; rel="successor-version"'
        return response

    return moved
