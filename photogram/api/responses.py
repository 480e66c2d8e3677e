"""JSON answers encoded by orjson: the standard library was the slower encoder for a page of posts
(docs/performance.md, "Figures behind code choices")."""

from __future__ import annotations

from typing import Any

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

_django = DjangoJSONEncoder()
# Dates, times, UUIDs and decimals go through Django's encoder, so they read as they did with JsonResponse.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def json_response(body: Any, *, status: int = 200) -> HttpResponse:
    """Return `body` (any JSON value, lists too) as an application/json response."""
    return HttpResponse(
        orjson.dumps(body, default=_django.default, option=_OPTIONS), status=status, content_type="application/json"
    )
