"""`/api/v1/apps`: Mastodon clients register themselves before asking a person to authorise them."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from oauth2_provider.models import Application

from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError
from photogram.oauth import scopes
from photogram.oauth.models import AppRegistration

OUT_OF_BAND = "urn:ietf:wg:oauth:2.0:oob"


def _redirect_uris(request: ApiRequest) -> list[str]:
    uris = request.params.words("redirect_uris")
    if not uris:
        raise ApiError(422, "Validation failed: Redirect URI can't be blank")
    for uri in uris:
        parts = urlsplit(uri)
        if uri != OUT_OF_BAND and not (parts.scheme in {"http", "https"} and parts.netloc):
            raise ApiError(422, f"Validation failed: Redirect URI {uri!r} must be an http(s) URL or {OUT_OF_BAND}")
    return uris


def serialize_application(application: Application, *, client_secret: str | None = None) -> dict[str, Any]:
    registration = application.registration
    body: dict[str, Any] = {
        "id": str(application.pk),
        "name": application.name,
        "website": registration.website or None,
        "scopes": scopes.parse(registration.scopes),
        "redirect_uri": application.redirect_uris.replace(" ", "\n"),
        "redirect_uris": application.redirect_uris.split(),
        "vapid_key": "",
    }
    if client_secret is not None:
        body["client_id"] = application.client_id
        body["client_secret"] = client_secret
    return body


@api_endpoint({"POST": ""}, auth="none")
def create_app(request: ApiRequest) -> dict[str, Any]:
    """Register a client application."""
    name = request.params.required_text("client_name")
    if len(name) > 200:
        raise ApiError(422, "Validation failed: Name is too long (maximum is 200 characters)")
    uris = _redirect_uris(request)
    requested = scopes.parse(request.params.text("scopes") or "read")
    unknown = [scope for scope in requested if scope not in scopes.ALL_SCOPES]
    if unknown:
        raise ApiError(422, f"Validation failed: Scopes {' '.join(unknown)} are not known")
    website = request.params.text("website", max_length=2000) or ""
    client_secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        application = Application.objects.create(
            name=name,
            redirect_uris=" ".join(uris),
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            client_secret=client_secret,
        )
        AppRegistration.objects.create(application=application, scopes=" ".join(requested), website=website)
    return serialize_application(application, client_secret=client_secret)


@api_endpoint({"GET": ""}, auth="app")
def verify_app_credentials(request: ApiRequest) -> dict[str, Any]:
    """Show the application the token belongs to."""
    if request.caller is None:
        raise ApiError(401, "The access token is invalid")
    return serialize_application(request.caller.token.application)
