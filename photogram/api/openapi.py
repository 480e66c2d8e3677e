"""`/api/openapi.json`, built from the URL patterns and each endpoint's declarations.

Parameters and request bodies come from the endpoint's `Params` model, response bodies from its entity type,
the security requirement from its auth and scope: the document is what the boundary enforces.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.decorators.http import require_GET
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from photogram import __version__
from photogram.api.endpoint import EndpointSpec, Route
from photogram.api.params import NO_NUL, NoParams, file_fields, list_fields
from photogram.api.responses import json_response
from photogram.core.window import MAX_ID
from photogram.oauth.scopes import DESCRIPTIONS

REF_TEMPLATE = "#/components/schemas/{model}"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "details": {"type": "object"}},
    "required": ["error"],
}
PATH_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
PATH_SCHEMAS: dict[str, dict[str, Any]] = {
    "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "str": {"type": "string", "pattern": "^[^/]+$"},
}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


@dataclass(frozen=True)
class ApiRoute:
    """One API URL: its OpenAPI path, the route serving it, and each path parameter's converter (id, str)."""

    path: str
    route: Route
    converters: dict[str, str]


def api_routes() -> list[ApiRoute]:
    """Return every API URL, walking the URL configuration."""
    found: list[ApiRoute] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern.callback, Route):
                converters = {name: kind or "str" for kind, name in PATH_PARAMETER.findall(route)}
                found.append(ApiRoute("/" + PATH_PARAMETER.sub(r"{\2}", route), pattern.callback, converters))

    walk(get_resolver().url_patterns, "")
    return found


class _ParameterSchemas(GenerateJsonSchema):
    """Parameters as the boundary takes them: no text parameter may hold NUL (`params.parse` refuses it).

    A parameter with a pattern of its own excludes NUL in it (`params.NOT_BLANK`, the URI and scope patterns).
    """

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        described = super().str_schema(schema)
        return described if "pattern" in described else {**described, "pattern": NO_NUL}


class _Schemas:
    """Collects the named schemas every operation refers to (`components.schemas`)."""

    def __init__(self) -> None:
        self.named: dict[str, Any] = {}

    def of(self, annotation: Any, mode: JsonSchemaMode) -> JsonSchemaValue:
        generator = _ParameterSchemas if mode == "validation" else GenerateJsonSchema
        schema = TypeAdapter(annotation).json_schema(ref_template=REF_TEMPLATE, mode=mode, schema_generator=generator)
        self.named.update(schema.pop("$defs", {}))
        return schema


def _parameters(spec: EndpointSpec, schemas: _Schemas) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Return the query parameters and the request body the endpoint's Params model declares."""
    if spec.params is NoParams:
        return [], None
    schema = schemas.of(spec.params, "validation")
    if spec.method in BODY_METHODS:
        content = (
            {"multipart/form-data": {"schema": _without_null(schema)}}
            if file_fields(spec.params)
            else {"application/json": {"schema": schema}}
        )
        return [], {"required": bool(schema.get("required")), "content": content}
    required = set(schema.get("required", []))
    lists = list_fields(spec.params)
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        is_list = name in lists
        parameters.append(
            {
                "name": f"{name}[]" if is_list else name,
                "in": "query",
                "required": name in required,
                "schema": _without_null(prop),
                **({"style": "form", "explode": True} if is_list else {}),
            }
        )
    return parameters, None


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Return `schema` without its `null` choices: a form or query string leaves out what it does not set."""
    if "properties" in schema:
        return {**schema, "properties": {name: _without_null(prop) for name, prop in schema["properties"].items()}}
    choices = [choice for choice in schema.get("anyOf", []) if choice.get("type") != "null"]
    if len(choices) == 1:
        rest = {key: value for key, value in schema.items() if key not in {"anyOf", "default"}}
        return {**rest, **choices[0]}
    return schema


def _responses(path: str, spec: EndpointSpec, schemas: _Schemas) -> dict[str, Any]:
    body = {"schema": schemas.of(spec.returns, "serialization")} if spec.returns is not None else {"schema": {}}
    error = {"application/json": {"schema": ERROR_SCHEMA}}
    success: dict[str, Any] = {"description": "Success", "content": {"application/json": body}}
    if spec.paginated:
        success["headers"] = {
            "Link": {"description": "The older (rel=next) and newer (rel=prev) pages", "schema": {"type": "string"}}
        }
    responses: dict[str, Any] = {"200": success}
    for status, description in spec.statuses.items():
        responses[str(status)] = {**success, "description": description}
    if spec.method in BODY_METHODS:
        responses["400"] = {"description": "The body is not what its Content-Type says", "content": error}
    if spec.auth != "none":
        responses["401"] = {"description": "Missing, invalid, expired or revoked token", "content": error}
        responses["403"] = {"description": "The token lacks the scope, or the action is refused", "content": error}
    responses["404"] = {"description": "No such record, or one the caller may not see", "content": error}
    responses["422"] = {"description": "Invalid parameters", "content": error}
    responses["429"] = {"description": "Rate limit exceeded", "content": error}
    for status, description in spec.errors.items():
        responses[str(status)] = {"description": description, "content": error}
    if path == "/api/v1/timelines/home":
        responses["503"] = {"description": "The feed store did not answer; try again soon", "content": error}
    return responses


def _operation(path: str, spec: EndpointSpec, kinds: dict[str, str], schemas: _Schemas) -> dict[str, Any]:
    query, body = _parameters(spec, schemas)
    operation: dict[str, Any] = {
        "summary": spec.summary,
        "operationId": f"{spec.method.lower()}{path.replace('/', '_').replace('{', '').replace('}', '')}",
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": PATH_SCHEMAS[kind]} for name, kind in kinds.items()
        ]
        + query,
        "responses": _responses(path, spec, schemas),
    }
    if spec.description:
        operation["description"] = spec.description
    if body is not None:
        operation["requestBody"] = body
    scope = [spec.scope] if spec.scope else []
    if spec.auth in {"user", "app"}:
        operation["security"] = [{"oauth2": scope}]
    elif spec.auth == "optional":
        operation["security"] = [{}, {"oauth2": scope}]
    return operation


@functools.cache
def build_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the API (built once: the routes are fixed when the process starts)."""
    schemas = _Schemas()
    paths: dict[str, dict[str, Any]] = {}
    for api_route in api_routes():
        for spec in api_route.route.specs:
            operation = _operation(api_route.path, spec, api_route.converters, schemas)
            paths.setdefault(api_route.path, {})[spec.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Photogram API (Mastodon client API and extensions)", "version": __version__},
        "paths": paths,
        "components": {
            "schemas": schemas.named,
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
            },
        },
    }


@require_GET
def document(request: HttpRequest) -> HttpResponse:
    """Serve the OpenAPI document."""
    return json_response(build_document())
