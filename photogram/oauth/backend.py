"""How the OAuth endpoints read a request: as Mastodon does, whatever the body's encoding.

Mastodon (Rails) reads a JSON, form or multipart body alike on every endpoint, and clients rely on it: masto.js
and Elk send `/oauth/token` as JSON, Mastodon.py as a form. django-oauth-toolkit reads one encoding per
configured class, so this class reads them all.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from oauth2_provider.oauth2_backends import OAuthLibCore


class OAuthBodyRefused(Exception):
    """The body cannot be read as the parameters of an OAuth request."""


def oauth_parameters(request: HttpRequest) -> dict[str, str]:
    """Return the parameters a POST body holds (oauthlib itself refuses them in the query string)."""
    if request.content_type == "application/json":
        return _json_parameters(request.body)
    try:
        form = request.POST
    except MultiPartParserError as error:
        raise OAuthBodyRefused(f"The request body is not valid multipart/form-data: {error}") from None
    return {key: form[key] for key in form}


def _json_parameters(body: bytes) -> dict[str, str]:
    if not body:
        return {}
    try:
        decoded = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise OAuthBodyRefused("The request body is not valid JSON") from None
    if not isinstance(decoded, dict):
        raise OAuthBodyRefused("The request body must be a JSON object")
    parameters: dict[str, str] = {}
    for key, value in decoded.items():
        if isinstance(value, (dict, list)):
            raise OAuthBodyRefused(f"{key} must be a string")
        if value is None:
            continue
        # Clients send client_id as a number now and then; OAuth parameters are all strings.
        parameters[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return parameters


class MastodonOAuthLibCore(OAuthLibCore):  # type: ignore[misc]
    def extract_body(self, request: HttpRequest) -> list[tuple[str, Any]]:
        return list(oauth_parameters(request).items())
