"""`/api/openapi.json`, built from the URL patterns and what each `api_endpoint` enforces."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.decorators.http import require_GET

from photogram import __version__
from photogram.api.endpoint import EndpointSpec
from photogram.oauth.scopes import DESCRIPTIONS

ERROR_SCHEMA = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
PATH_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def api_routes() -> list[tuple[str, EndpointSpec]]:
    """Return (OpenAPI path, spec) for every API view, walking the URL configuration."""
    found: list[tuple[str, EndpointSpec]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif (spec := getattr(pattern.callback, "api_spec", None)) is not None:
                found.append(("/" + PATH_PARAMETER.sub(r"{\2}", route), spec))

    walk(get_resolver().url_patterns, "")
    return found


def _operation(path: str, method: str, spec: EndpointSpec) -> dict[str, Any]:
    scope = spec.methods[method]
    responses: dict[str, Any] = {
        "200": {"description": "Success", "content": {"application/json": {"schema": {}}}},
        "429": {"description": "Rate limit exceeded", "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    }
    if spec.auth != "none":
        responses["401"] = {"description": "Missing, invalid, expired or revoked token"}
    if scope:
        responses["403"] = {"description": f"The token lacks the {scope} scope"}
    if "{" in path:
        responses["404"] = {"description": "No such record, or one the caller may not see"}
    if path.endswith("/media"):
        responses["202"] = {"description": "Accepted: the upload is being processed (url is null until ready)"}
    if "/media/" in path and method == "GET":
        responses["206"] = {"description": "The upload is still being processed"}
    if method != "GET" or "/media/" in path:
        responses["422"] = {
            "description": "Invalid parameters",
            "content": {"application/json": {"schema": ERROR_SCHEMA}},
        }
    operation: dict[str, Any] = {
        "summary": spec.summary,
        "operationId": f"{method.lower()}{path.replace('/', '_').replace('{', '').replace('}', '')}",
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)}", path)
        ],
        "responses": responses,
    }
    if spec.auth in {"user", "app"}:
        operation["security"] = [{"oauth2": [scope] if scope else []}]
    elif spec.auth == "optional":
        operation["security"] = [{}, {"oauth2": [scope] if scope else []}]
    return operation


def build_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the API."""
    paths: dict[str, dict[str, Any]] = {}
    for path, spec in api_routes():
        for method in spec.methods:
            paths.setdefault(path, {})[method.lower()] = _operation(path, method, spec)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Photogram API (Mastodon client API and extensions)", "version": __version__},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "oauth2": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "/oauth/authorize",
                            "tokenUrl": "/oauth/token",
                            "scopes": DESCRIPTIONS,
                        },
                        "clientCredentials": {"tokenUrl": "/oauth/token", "scopes": DESCRIPTIONS},
                        "password": {"tokenUrl": "/oauth/token", "scopes": DESCRIPTIONS},
                    },
                }
            }
        },
    }


@require_GET
def document(request: HttpRequest) -> JsonResponse:
    """Serve the OpenAPI document."""
    return JsonResponse(build_document())
