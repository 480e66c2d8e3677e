"""Discovery documents, outside the API: WebFinger, host-meta and NodeInfo, as other software finds a server.

Served to anyone, from any origin (browser apps read NodeInfo to tell which software they talk to).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import orjson
from django.conf import settings
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from photogram import __version__
from photogram.accounts.models import User
from photogram.core.urls import absolute_url
from photogram.server.services import instance

NODEINFO_SCHEMAS = ("2.0", "2.1")
NODEINFO_PROFILE = "http://nodeinfo.diaspora.software/ns/schema/{version}"
# acct:user@host (the scheme is optional), or the address of a profile page (/@user, /users/user).
ACCT = re.compile(r"^(?:acct:)?@?(?P<username>[^@\s/]+)@(?P<host>[^@\s/]+)$", re.IGNORECASE)
PROFILE_PATH = re.compile(r"^/(?:@|users/)(?P<username>[^/@]+)/?$")


def _document(body: Any, content_type: str, *, status: int = 200) -> HttpResponse:
    # Any origin may read these: CORS_URLS_REGEX covers /.well-known/ and /nodeinfo/.
    return HttpResponse(orjson.dumps(body), status=status, content_type=content_type)


def _error(status: int, message: str) -> HttpResponse:
    return _document({"error": message}, "application/json", status=status)


def _username_in(resource: str) -> str | None:
    """Return the username a resource names on this server, None if it names another server or nothing."""
    match = ACCT.match(resource)
    if match is not None:
        return match["username"] if match["host"].lower() == settings.INSTANCE_DOMAIN.lower() else None
    address = urlsplit(resource)
    if address.scheme in {"http", "https"} and (address.netloc or "").lower() == settings.INSTANCE_DOMAIN.lower():
        path = PROFILE_PATH.match(address.path)
        return path["username"] if path else None
    return None


def _looks_like_resource(resource: str) -> bool:
    return ACCT.match(resource) is not None or urlsplit(resource).scheme in {"http", "https"}


@require_safe
def webfinger(request: HttpRequest) -> HttpResponse:
    """Answer who `resource` (acct:user@host) is: the JRD of a local account, 404 for anyone else."""
    resource = request.GET.get("resource", "").strip()
    if not resource:
        return _error(400, "resource is required: acct:username@" + settings.INSTANCE_DOMAIN)
    if "\x00" in resource or not _looks_like_resource(resource):
        return _error(400, "resource must be acct:username@host or the address of a profile")
    username = _username_in(resource)
    # The username in any case; its exact spelling first, should two accounts differ only in case.
    account = (
        User.objects.filter(username__iexact=username, suspended_at__isnull=True, is_active=True)
        .order_by(Case(When(username=username, then=0), default=1), "pk")
        .first()
        if username
        else None
    )
    if account is None:
        return _error(404, "No such account here")
    profile = absolute_url(f"/@{account.username}")
    body = {
        "subject": f"acct:{account.username}@{settings.INSTANCE_DOMAIN}",
        "aliases": [profile],
        "links": [
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile},
            {"rel": "self", "type": "application/activity+json", "href": profile},
        ],
    }
    return _document(body, "application/jrd+json; charset=utf-8")


@require_safe
def host_meta(request: HttpRequest) -> HttpResponse:
    """Point at WebFinger, in the XRD older software reads first."""
    template = escape(absolute_url("/.well-known/webfinger") + "?resource={uri}")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{template}"/>\n'
        "</XRD>\n"
    )
    return HttpResponse(body, content_type="application/xrd+xml; charset=utf-8")


@require_safe
def nodeinfo_links(request: HttpRequest) -> HttpResponse:
    """List the NodeInfo documents this server serves (2.0 and 2.1)."""
    links = [
        {"rel": NODEINFO_PROFILE.format(version=version), "href": absolute_url(f"/nodeinfo/{version}")}
        for version in NODEINFO_SCHEMAS
    ]
    return _document({"links": links}, "application/json")


@require_safe
def nodeinfo(request: HttpRequest, version: str) -> HttpResponse:
    """Describe the server in NodeInfo `version`: its software, protocols, usage and openness."""
    usage = instance.usage()
    software: dict[str, str] = {"name": "photogram", "version": __version__}
    if version == "2.1" and settings.SOURCE_URL:
        software["repository"] = settings.SOURCE_URL
    body = {
        "version": version,
        "software": software,
        # None yet: Photogram does not federate (NodeInfo's schema asks for one; the truth is none).
        "protocols": [],
        "services": {"outbound": [], "inbound": []},
        "usage": {
            "users": {
                "total": usage.users,
                "activeMonth": usage.active_month,
                "activeHalfyear": usage.active_halfyear,
            },
            "localPosts": usage.local_posts,
        },
        "openRegistrations": settings.REGISTRATIONS_OPEN,
        "metadata": {
            "nodeName": settings.INSTANCE_TITLE,
            "nodeDescription": settings.INSTANCE_DESCRIPTION,
            "federation": False,
        },
    }
    schema = NODEINFO_PROFILE.format(version=version)
    return _document(body, f'application/json; profile="{schema}#"')
