"""What other sites and browsers read of the web app: oEmbed previews and the web app manifest."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from photogram.access.querysets import shown_to_other_sites
from photogram.accounts.models import User
from photogram.api.serializers.statuses import hydrate
from photogram.core.urls import absolute_url
from photogram.web import presenters

POST_PATH = re.compile(r"^/@(?P<username>[A-Za-z0-9_]{1,30})/(?P<id>[0-9]{1,19})/?$")
EMBED_WIDTH = 400
# How long other sites may keep a preview: an hour, so a post made private or deleted stops showing soon.
EMBED_CACHE_SECONDS = 3600


def _not_found() -> JsonResponse:
    return JsonResponse({"error": "Record not found"}, status=404)


@require_GET
def oembed(request: HttpRequest) -> HttpResponse:
    """Describe a post for embedding (oEmbed 1.0, as Mastodon's `/api/oembed?url=`): an open post whose author
    lets other sites preview it, as a visitor who is not signed in sees it; anything else is 404."""
    if request.GET.get("format", "json") != "json":
        return JsonResponse({"error": "Only JSON is served"}, status=501)
    address = urlsplit(request.GET.get("url", ""))
    if address.netloc and address.netloc != urlsplit(settings.PUBLIC_URL).netloc:
        return _not_found()
    match = POST_PATH.match(address.path)
    if match is None:
        return _not_found()
    found = hydrate([int(match["id"])], None)
    if not found or found[0]["in_reply_to_id"] is not None:
        return _not_found()
    entity = found[0]
    author = User.objects.filter(pk=int(entity["account"]["id"])).first()
    if author is None or not shown_to_other_sites(author):
        return _not_found()
    post = presenters.post(entity)
    width = EMBED_WIDTH
    first = post.first
    height = round(width * first.height / first.width) if first else width
    html = render_to_string("web/embed.html", {"post": post, "url": entity["url"]})
    body = {
        "type": "rich",
        "version": "1.0",
        "title": presenters.first_line(entity["content"], 100),
        "author_name": entity["account"]["display_name"] or entity["account"]["username"],
        "author_url": entity["account"]["url"],
        "provider_name": settings.INSTANCE_DOMAIN,
        "provider_url": absolute_url("/"),
        "cache_age": EMBED_CACHE_SECONDS,
        "html": " ".join(html.split()),
        "width": width,
        "height": height,
    }
    if first is not None and first.src:
        body |= {"thumbnail_url": first.src, "thumbnail_width": first.width, "thumbnail_height": first.height}
    response = JsonResponse(body)
    response["Cache-Control"] = f"public, max-age={EMBED_CACHE_SECONDS}"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: installable, opening on the home feed, icons drawn as SVG."""
    body = {
        "name": "Photogram",
        "short_name": "Photogram",
        "description": _("Photos and videos, shared with the people you choose."),
        "lang": get_language(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#ffffff",
        "icons": [
            {"src": static("photogram/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {
                "src": static("photogram/icon-maskable.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
