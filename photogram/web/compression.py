"""Pages sent gzip-compressed: a home page of ten posts is about a tenth of its size on the wire.

Only HTML (the pages and the parts htmx swaps in). API answers stay as they are: a client may carry a token
in a request whose answer reflects what it sent, the shape BREACH reads secrets from; pages carry only the
CSRF token, which Django masks afresh in every answer, and Django's GZipMiddleware adds random padding to
each compressed answer besides (Django 4.2), so a compressed length says nothing about a page's secrets.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class HtmlGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for HTML answers only."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
