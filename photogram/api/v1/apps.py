"""`/api/v1/apps`: Mastodon clients register themselves before asking a person to authorise them."""

from __future__ import annotations

import re
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from django.db import transaction
from oauth2_provider.models import Application
from pydantic import Field, field_validator

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError
from photogram.api.params import NOT_BLANK, NoParams, Params
from photogram.oauth import scopes
from photogram.oauth.models import AppRegistration
from photogram.push.services import vapid

OUT_OF_BAND = "urn:ietf:wg:oauth:2.0:oob"


def serialize_application(application: Application, *, client_secret: str | None = None) -> entities.Application:
    registration = application.registration
    body: entities.Application = {
        "id": str(application.pk),
        "name": application.name,
        "website": registration.website or None,
        "scopes": scopes.parse(registration.scopes),
        "redirect_uri": application.redirect_uris.replace(" ", "\n"),
        "redirect_uris": application.redirect_uris.split(),
        "vapid_key": vapid.server_key(),
    }
    if client_secret is not None:
        body["client_id"] = application.client_id
        body["client_secret"] = client_secret
    return body


# What the document promises is accepted: known scopes separated by spaces or "+", and redirect URIs: http(s) URLs
# with a host, private-use schemes of native apps (RFC 8252: `oauth2redirect://com.keylesspalace.tusky/`,
# `com.tapbots.Ivory.19300:/request_token/...`, `icecubesapp://`), or out-of-band. ASCII only, as RFC 3986 has
# them (other characters are percent-encoded), and no fragment, which RFC 6749 forbids in a redirect URI.
# Sorted, so the pattern (and the document) is the same in every process: ALL_SCOPES is a set.
_SCOPE = "(?:" + "|".join(re.escape(scope) for scope in sorted(scopes.ALL_SCOPES)) + ")"
SCOPES_PATTERN = rf"^[ +]*{_SCOPE}(?:[ +]+{_SCOPE})*[ +]*$"
_URI_TAIL = '[!-"$-~]*'
REDIRECT_URI_PATTERN = (
    rf"^(?:{re.escape(OUT_OF_BAND)}"
    rf"|[hH][tT][tT][pP][sS]?://[A-Za-z0-9.-]+(?::[0-9]{{1,5}})?(?:[/?]{_URI_TAIL})?"
    rf"|[A-Za-z][A-Za-z0-9+.-]*:{_URI_TAIL})$"
)
# Schemes a browser would run or read locally instead of handing to an app: a redirect there is an attack.
REFUSED_SCHEMES = frozenset({"javascript", "data", "vbscript", "file", "blob", "about", "filesystem", "view-source"})

RedirectUri = Annotated[str, Field(max_length=2000, pattern=REDIRECT_URI_PATTERN)]


def _words(value: object) -> object:
    return value.split() if isinstance(value, str) else value


class AppParams(Params):
    client_name: Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK)]
    # One URI, several separated by spaces or new lines, or an array: Mastodon takes each.
    redirect_uris: Annotated[list[RedirectUri], Field(min_length=1)]
    scopes: Annotated[str, Field(max_length=2000, pattern=SCOPES_PATTERN)] = "read"
    website: Annotated[str, Field(max_length=2000)] = ""

    _split_uris = field_validator("redirect_uris", mode="before")(_words)

    @field_validator("redirect_uris")
    @classmethod
    def _each_uri(cls, uris: list[str]) -> list[str]:
        for uri in uris:
            scheme = urlsplit(uri).scheme.lower()
            if scheme in REFUSED_SCHEMES:
                raise ValueError(f"{uri!r} uses the {scheme}: scheme, which cannot return to an app")
            if scheme in ("http", "https") and not urlsplit(uri).hostname:
                raise ValueError(f"{uri!r} must name a host")
        return uris


@api_endpoint("POST", auth="none", params=AppParams, returns=entities.Application)
def create_app(request: ApiRequest[AppParams]) -> entities.Application:
    """Register a client application."""
    params = request.params
    requested = scopes.parse(params.scopes)
    client_secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        application = Application.objects.create(
            name=params.client_name.strip(),
            redirect_uris=" ".join(params.redirect_uris),
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            client_secret=client_secret,
        )
        AppRegistration.objects.create(application=application, scopes=" ".join(requested), website=params.website)
    return serialize_application(application, client_secret=client_secret)


@api_endpoint("GET", auth="app", returns=entities.Application)
def verify_app_credentials(request: ApiRequest[NoParams]) -> entities.Application:
    """Show the application the token belongs to."""
    if request.caller is None:
        raise ApiError(401, "The access token is invalid")
    return serialize_application(request.caller.token.application)
