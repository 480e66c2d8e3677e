"""Request parameters as Mastodon clients send them: query string, form, multipart or JSON, `name[]` arrays."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from photogram.api.errors import ApiError

TRUE_WORDS = frozenset({"1", "true", "t", "on", "yes"})
FALSE_WORDS = frozenset({"0", "false", "f", "off", "no", ""})


class Params:
    """The parameters of one request, with typed getters that answer 422 on malformed input."""

    def __init__(self, request: HttpRequest) -> None:
        self._values: dict[str, Any] = {}
        for key in request.GET:
            self._put(key, request.GET.getlist(key))
        if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            content_type = request.content_type or ""
            if content_type == "application/json":
                self._read_json(request)
            else:
                if request.method != "POST":
                    # Django parses the form bodies of POST only; Mastodon clients send PATCH and PUT forms too.
                    # Forget the empty form that reading request.POST (the OAuth check does) cached.
                    for cached in ("_post", "_files"):
                        if hasattr(request, cached):
                            delattr(request, cached)
                    method, request.method = request.method, "POST"
                    request._load_post_and_files()
                    request.method = method
                for key in request.POST:
                    self._put(key, request.POST.getlist(key))
        self.files: dict[str, UploadedFile] = {key: request.FILES.getlist(key)[-1] for key in request.FILES}

    def _read_json(self, request: HttpRequest) -> None:
        if not request.body:
            return
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "The request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise ApiError(400, "The request body must be a JSON object")
        for key, value in body.items():
            self._values[key.removesuffix("[]")] = value

    def _put(self, key: str, values: list[str]) -> None:
        if key.endswith("[]"):
            self._values[key[:-2]] = values
        else:
            self._values[key] = values[-1] if len(values) == 1 else values

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def text(self, name: str, default: str | None = None, *, max_length: int | None = None) -> str | None:
        """Return a text parameter."""
        value = self._values.get(name)
        if value is None:
            return default
        if isinstance(value, list | dict):
            raise ApiError(422, f"Validation failed: {name} must be a single value")
        text = str(value) if not isinstance(value, bool) else ("true" if value else "false")
        if max_length is not None and len(text) > max_length:
            raise ApiError(422, f"Validation failed: {name} is too long (maximum is {max_length} characters)")
        return text

    def required_text(self, name: str) -> str:
        """Return a text parameter that must be present and not blank."""
        value = self.text(name)
        if value is None or not value.strip():
            raise ApiError(422, f"Validation failed: {name} can't be blank")
        return value

    def flag(self, name: str, default: bool | None = None) -> bool | None:
        """Return a boolean parameter (true/false, 1/0, on/off)."""
        value = self._values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ApiError(422, f"Validation failed: {name} must be true or false")

    def integer(self, name: str, default: int | None = None) -> int | None:
        """Return an integer parameter."""
        value = self._values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(422, f"Validation failed: {name} must be a whole number") from None

    def words(self, name: str) -> list[str]:
        """Return a list parameter sent as an array or as one whitespace-separated string."""
        value = self._values.get(name)
        if value is None:
            return []
        if isinstance(value, list):
            return [str(item) for item in value if str(item).strip()]
        return str(value).split()

    def id_list(self, name: str, *, max_items: int = 100) -> list[int]:
        """Return a list of ids from `name[]=1&name[]=2` (or a single `name=1`); unknown formats are refused."""
        value = self._values.get(name, [])
        items = value if isinstance(value, list) else [value]
        if len(items) > max_items:
            raise ApiError(422, f"Validation failed: at most {max_items} {name} values")
        ids = []
        for item in items:
            try:
                ids.append(int(item))
            except (TypeError, ValueError):
                raise ApiError(422, f"Validation failed: {name} must contain ids") from None
        return ids
