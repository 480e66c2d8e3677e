"""OAuth endpoints: django-oauth-toolkit's, read and answered as Mastodon clients expect."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from oauth2_provider import views as oauth_views
from oauth2_provider.http import OAuth2ResponseRedirect
from oauth2_provider.models import Application

from photogram.core.ratelimit import policy as ratelimit
from photogram.core.urls import absolute_url
from photogram.oauth import scopes
from photogram.oauth.backend import OAuthBodyRefused, oauth_parameters

WEB_SCHEMES = ("https", "http")
OUT_OF_BAND = "urn:ietf:wg:oauth:2.0:oob"


def _invalid_request(refused: OAuthBodyRefused) -> JsonResponse:
    return JsonResponse({"error": "invalid_request", "error_description": str(refused)}, status=400)


class TokenView(oauth_views.TokenView):  # type: ignore[misc]
    """Issue tokens; the password grant spends the log-in rate-limit budget of the caller's address."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            grant_type = oauth_parameters(request).get("grant_type")
        except OAuthBodyRefused as refused:
            return _invalid_request(refused)
        if grant_type != "password":
            answer: HttpResponse = super().post(request, *args, **kwargs)
            return answer
        try:
            budget = ratelimit.spend("log_in", ratelimit.client_ip(request))
        except ratelimit.RateLimited as refused_by_limit:
            response = JsonResponse(refused_by_limit.body(), status=429)
            ratelimit.add_headers(response, refused_by_limit.result)
            return response
        answered: HttpResponse = super().post(request, *args, **kwargs)
        ratelimit.add_headers(answered, budget)
        return answered


class RevokeTokenView(oauth_views.RevokeTokenView):  # type: ignore[misc]
    """Revoke a token (RFC 7009); answers `{}` as Mastodon does."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            oauth_parameters(request)
        except OAuthBodyRefused as refused:
            return _invalid_request(refused)
        answered: HttpResponse = super().post(request, *args, **kwargs)
        if answered.status_code == 200 and not answered.content:
            return JsonResponse({})
        return answered


class AuthorizationView(oauth_views.AuthorizationView):  # type: ignore[misc]
    """The consent page; sends the person back to the app by the redirect URI it registered.

    Native apps register private-use schemes (RFC 8252: `oauth2redirect://...`, `com.example.app:/...`); the
    authorization request's URI must equal a registered one exactly (oauthlib checks that before we get
    here), and `POST /api/v1/apps` refused schemes that run code in a browser, so the schemes the application
    registered are the ones it may be sent back by.
    """

    def redirect(self, redirect_to: str, application: Application | None) -> HttpResponse:
        if redirect_to.startswith(OUT_OF_BAND + "?"):
            # An app with no way to be called back (a command-line tool) shows the person the code to paste.
            code = parse_qs(urlsplit(redirect_to).query).get("code", [""])[0]
            if code:
                return render(self.request, "oauth/out_of_band.html", {"code": code})
        allowed = set(WEB_SCHEMES)
        if application is not None:
            for uri in application.redirect_uris.split():
                allowed.add(urlsplit(uri).scheme.lower())
                redirect_to = _as_registered(redirect_to, uri)
        response: HttpResponse = OAuth2ResponseRedirect(redirect_to, sorted(allowed))
        return response


def _as_registered(redirect_to: str, registered: str) -> str:
    """Spell the start of `redirect_to` exactly as the app registered it.

    oauthlib's URL joining lower-cases the scheme (`com.tapbots.Ivory...:` becomes `com.tapbots.ivory...:`) and
    drops the `//` of an empty authority (`icecubesapp://` becomes `icecubesapp:`); apps that match their
    callback on its text would not recognise it.
    """
    scheme, _, rest = registered.partition(":")
    spellings = [f"{scheme.lower()}:{rest}"]
    if rest.startswith("//") and not urlsplit(registered).netloc:
        spellings.append(f"{scheme.lower()}:{rest.removeprefix('//')}")
    for spelling in spellings:
        tail = redirect_to.removeprefix(spelling)
        if tail != redirect_to and tail[:1] in ("?", "#", ""):
            return registered + tail
    return redirect_to


@require_GET
def authorization_server_metadata(request: HttpRequest) -> JsonResponse:
    """Describe the OAuth server (RFC 8414), as Mastodon 4.3 does: clients discover PKCE support here."""
    return JsonResponse(
        {
            "issuer": absolute_url("/"),
            "service_documentation": settings.SOURCE_URL,
            "authorization_endpoint": absolute_url("/oauth/authorize"),
            "token_endpoint": absolute_url("/oauth/token"),
            "revocation_endpoint": absolute_url("/oauth/revoke"),
            "app_registration_endpoint": absolute_url("/api/v1/apps"),
            "scopes_supported": sorted(scopes.ALL_SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "code_challenge_methods_supported": ["S256"],
            "grant_types_supported": ["authorization_code", "password", "client_credentials", "refresh_token"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        }
    )
