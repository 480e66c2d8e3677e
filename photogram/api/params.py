"""Declared request parameters: each endpoint names a `Params` model, and the boundary fills it.

Mastodon clients send the same parameters as a query string, a form, multipart or JSON, arrays as `name[]`
(or a repeated name) and nested values as `name[key]`; `read_raw` turns all of them into one plain map, and
the endpoint's model validates it. A parameter that fails answers 422 with the same message shape everywhere;
a body that is not JSON when it says it is answers 400. The models are also what the OpenAPI document
describes (`photogram.api.openapi`), so the document and the validation are one declaration.
"""

from __future__ import annotations

import functools
import json
import re
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, BinaryIO, TypeVar, cast, get_args, get_origin
from urllib.parse import parse_qsl

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, ValidationError, WithJsonSchema

from photogram.api.errors import ApiError, validation_failed
from photogram.core.window import MAX_ID, CursorWindow

TRUE_WORDS = frozenset({"1", "true", "t", "on", "yes"})
FALSE_WORDS = frozenset({"0", "false", "f", "off", "no"})
NUL = "\x00"
# Text that holds more than spaces, and no NUL (which `parse` refuses in any text): as a pattern, so the
# document says it too. The spaces are spelt out: `\s` means other characters to other regex engines (Python's,
# which draws the fuzzer's examples, and Rust's, which pydantic validates with).
NOT_BLANK = r"^[^\x00]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00]*$"
# Any text without NUL: what the document says of a text parameter that declares no pattern of its own.
NO_NUL = r"^[^\x00]*$"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Mastodon's codes for a field's fault, by pydantic's kind of error (anything else is ERR_INVALID).
MASTODON_CODES = {
    "missing": "ERR_BLANK",
    "string_too_long": "ERR_TOO_LONG",
    "too_long": "ERR_TOO_LONG",
    "string_too_short": "ERR_TOO_SHORT",
    "too_short": "ERR_TOO_SHORT",
}
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
# An array of hashes, Rails' way: `keywords_attributes[][keyword]=a&keywords_attributes[][whole_word]=1`.
_ITEM_KEY = re.compile(r"^([^\[\]]+)\[\]\[([^\[\]]+)\]$")


class Params(BaseModel):
    """Base of every endpoint's parameters: unknown names are ignored, as Mastodon does."""

    model_config = ConfigDict(extra="ignore", frozen=True, arbitrary_types_allowed=False)


class NoParams(Params):
    """An endpoint that takes no parameters."""


def _flag(value: object) -> object:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError("must be true or false")
    if isinstance(value, bool):
        return value
    # JSON's 0 and 1, as Rails takes them (and the document says); 2 or 0.5 are no flag.
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError("must be true or false")


def _file(value: object) -> UploadedFile:
    if not isinstance(value, UploadedFile):
        raise ValueError("must be a file sent as multipart/form-data")
    return value


# An id: a positive signed 64-bit integer, sent as digits (a string, as Mastodon's ids are) or a number.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _any_case(word: str) -> str:
    return "".join(f"[{letter.upper()}{letter}]" if letter.isalpha() else letter for letter in word)


# What `_flag` takes, as the document says it: true or false, 0 or 1 (Rails casts them too), or one of the words
# in any case with spaces around (the form of a query string or form). Without it the document said boolean
# and a 0 in a JSON body was taken, which the fuzzer rightly calls a schema-violating request accepted.
_FLAG_WORDS = "|".join(_any_case(word) for word in sorted(TRUE_WORDS | FALSE_WORDS))
FLAG_SCHEMA = {
    "anyOf": [
        {"type": "boolean"},
        {"enum": [0, 1]},
        {"type": "string", "pattern": rf"^\s*(?:{_FLAG_WORDS})\s*$"},
    ]
}
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema(FLAG_SCHEMA, mode="validation")]
File = Annotated[
    UploadedFile, PlainValidator(_file), WithJsonSchema({"type": "string", "format": "binary"}, mode="validation")
]


class BatchParams(Params):
    """Several ids (`id[]`), at most 40, for the endpoints that read many things at once."""

    id: Annotated[list[Id], Field(max_length=40)] = []


class CursorParams(Params):
    """Mastodon's cursors (`max_id`, `since_id`, `min_id`) and page size (`limit`)."""

    max_id: Id | None = None
    since_id: Id | None = None
    min_id: Id | None = None
    limit: Annotated[int, Field(ge=1, le=2**31)] | None = None

    def window(self, *, default_limit: int = 40, max_limit: int = 80) -> CursorWindow:
        """Return the window these cursors select; a limit above the maximum asks for the maximum, as Mastodon."""
        limit = min(self.limit, max_limit) if self.limit is not None else default_limit
        return CursorWindow(max_id=self.max_id, since_id=self.since_id, min_id=self.min_id, limit=limit)


P = TypeVar("P", bound=Params)


def parse(model: type[P], http: HttpRequest) -> P:
    """Return the request's parameters as `model`, or raise ApiError (422 naming each field at fault)."""
    raw = read_raw(http)
    lists = list_fields(model)
    for name, value in list(raw.items()):
        if name in lists:
            if isinstance(value, str | int):
                raw[name] = [value] if value != "" else []  # one value, or `name[]=` for none
        elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            raw[name] = value[-1]  # a name repeated without [] means its last value, as in Rails
    for name, value in raw.items():
        if name in model.model_fields and _holds_nul(value):  # unknown names are ignored, whatever they hold
            # No text store takes NUL (PostgreSQL refuses it outright); no person means to send one either.
            sentence = f"{name}: must not contain NUL characters"
            raise validation_failed(sentence, details={name: [{"error": "ERR_INVALID", "description": sentence}]})
    try:
        return model.model_validate(raw)
    except ValidationError as invalid:
        raise _invalid(invalid) from None


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return False


def _invalid(invalid: ValidationError) -> ApiError:
    problems: dict[str, list[dict[str, str]]] = {}
    sentences = []
    for error in invalid.errors(include_url=False):
        name = ".".join(str(part) for part in error["loc"]) or "body"
        if error["type"] == "missing":
            sentence = f"{name} can't be blank"
        else:
            message = error["msg"].removeprefix("Value error, ")
            sentence = f"{name}: {message[0].lower()}{message[1:]}"
        sentences.append(sentence)
        code = MASTODON_CODES.get(error["type"], "ERR_INVALID")
        problems.setdefault(name, []).append({"error": code, "description": sentence})
    return validation_failed(", ".join(sentences), details=problems)


@functools.cache
def list_fields(model: type[Params]) -> frozenset[str]:
    """Return the names of the model's fields that hold a list (sent as `name[]`)."""
    return frozenset(name for name, info in model.model_fields.items() if _is_list(info.annotation))


@functools.cache
def file_fields(model: type[Params]) -> frozenset[str]:
    """Return the names of the model's fields that hold an uploaded file (sent as multipart)."""
    return frozenset(name for name, info in model.model_fields.items() if _base(info.annotation) is UploadedFile)


def _base(annotation: Any) -> Any:
    """The type under Optional and Annotated."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            others = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation


def _is_list(annotation: Any) -> bool:
    return get_origin(_base(annotation)) is list


def read_raw(http: HttpRequest) -> dict[str, Any]:
    """Return every parameter of the request (query string, then body) as one map, files included."""
    values: dict[str, Any] = {}
    _put_form(values, http.GET, lambda: http.META.get("QUERY_STRING", ""))
    content_type = http.content_type or ""
    if content_type == "application/json":
        # On any method, as Mastodon reads it: Mastodon.py sends some GET parameters as a JSON body.
        values.update(_json_body(http))
        return values
    if http.method not in BODY_METHODS:
        return values
    form, files = _form_body(http)
    urlencoded = content_type == "application/x-www-form-urlencoded"
    _put_form(values, form, (lambda: http.body.decode(http.encoding or "utf-8", "replace")) if urlencoded else None)
    for key in files:
        values[key.removesuffix("[]")] = files.getlist(key)[-1]
    return values


def _put_form(values: dict[str, Any], form: QueryDict, encoded: Callable[[], str] | None) -> None:
    """Store a query string's or form's keys; `encoded` gives its text, read for `name[][key]` keys only."""
    items = []
    for key in form:
        if _ITEM_KEY.match(key):
            items.append(key)
        else:
            _put(values, key, form.getlist(key))
    if not items:
        return
    if encoded is not None:
        pairs = [(key, value) for key, value in parse_qsl(encoded(), keep_blank_values=True) if key in items]
    else:
        # Multipart keeps each key's values in order but not how the keys interleave: the n-th values of
        # each key make the n-th item, as they do whenever every item names the same keys.
        lists = [form.getlist(key) for key in items]
        pairs = [
            (key, values_of_key[index])
            for index in range(max(map(len, lists)))
            for key, values_of_key in zip(items, lists, strict=True)
            if index < len(values_of_key)
        ]
    for key, value in pairs:
        match = _ITEM_KEY.match(key)
        if match is not None:
            name, item_key = match.groups()
            _put_item(values, name, item_key, value)


def _put_item(values: dict[str, Any], name: str, key: str, value: str) -> None:
    """Store one `name[][key]=value` as Rails does: a key the last item already holds starts a new item."""
    items = values.get(name)
    if not isinstance(items, list):
        items = values[name] = []
    if not items or not isinstance(items[-1], dict) or key in items[-1]:
        items.append({})
    items[-1][key] = value


def _json_body(http: HttpRequest) -> dict[str, Any]:
    if not http.body:
        return {}
    try:
        body = json.loads(http.body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "The request body is not valid JSON") from None
    except RecursionError:
        raise ApiError(400, "The request body is nested too deeply") from None
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object")
    return {str(key).removesuffix("[]"): value for key, value in body.items()}


def _form_body(http: HttpRequest) -> tuple[QueryDict, Any]:
    """Return the form fields and files of a body; Django itself reads forms of POST requests only."""
    content_type = http.content_type or ""
    try:
        if http.method == "POST":
            return http.POST, http.FILES
        if content_type == "multipart/form-data":
            # The request itself is the stream: the body is read once, files spooled as uploads are.
            return http.parse_file_upload(http.META, cast(BinaryIO, http))
        if content_type == "application/x-www-form-urlencoded":
            return QueryDict(http.body, encoding=http.encoding), {}
    except MultiPartParserError as error:
        raise ApiError(400, f"The request body is not valid multipart/form-data: {error}") from None
    return QueryDict(), {}


def _put(values: dict[str, Any], key: str, items: list[str]) -> None:
    """Store one form or query key: `a` (the last value wins later), `a[]` (a list), `a[b]` (nested)."""
    match = _KEY.match(key)
    if match is None:
        values[key] = items if len(items) > 1 else items[-1]
        return
    name, brackets = match.groups()
    path = re.findall(r"\[([^\[\]]*)\]", brackets)
    if not path:
        values[name] = items if len(items) > 1 else items[-1]
        return
    if path == [""]:
        values[name] = items
        return
    target = values.setdefault(name, {})
    for segment in path[:-1]:
        if not isinstance(target, dict):
            return
        target = target.setdefault(segment, {})
    if isinstance(target, dict):
        target[path[-1]] = items if path[-1] == "" else items[-1]
