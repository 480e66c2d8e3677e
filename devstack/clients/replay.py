"""Replay what real Mastodon apps send when they start, against a running instance, and check each answer.

A client is a list of `Call`s in the order the app makes them, each with the request shape it sends, the
statuses it accepts, the fields it reads from the answer, and how the app copes when the call fails
(`tolerated`). Some calls are made only when the app's own gate opens (`when`): the gates are re-implemented
from the apps' sources and read the answers given earlier in the replay (the instance, NodeInfo), so a
replay shows what an app would do given what this server claims. Sources: docs/clients.md.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Query = Sequence[tuple[str, str]]
USER_AGENT = "photogram-replay-clients"


@dataclass
class Context:
    """What one replay has learnt so far: the answers of earlier calls, by call name."""

    base_url: str
    token: str
    # The account's own id: apps learn it at log-in, before the calls replayed here.
    me: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)

    def answer(self, name: str) -> Any:
        return self.answers.get(name)


@dataclass(frozen=True)
class Call:
    """One request an app makes, and what it needs from the answer."""

    name: str
    method: str
    # A path on the instance, or a function of the context giving a full URL (NodeInfo's document).
    path: str | Callable[[Context], str | None]
    # The endpoint family the server must serve for this call (tests name the missing ones by it).
    feature: str
    source: str
    query: Query | Callable[[Context], Query] = ()
    form_body: Mapping[str, str] | Callable[[Context], Mapping[str, str]] | None = None
    json_body: Mapping[str, Any] | Callable[[Context], Mapping[str, Any] | None] | None = None
    authenticated: bool = True
    accepted: frozenset[int] = frozenset({200})
    # Fields read from the answer: "a.b" for nested keys, "[]" for each item of a list, "!" after a name
    # for a value that must not be null; "{}" alone for an answer that must be an object, whatever it holds.
    reads: tuple[str, ...] = ()
    # How the app copes when the call fails; empty when the app cannot carry on without it.
    tolerated: str = ""
    # The app's gate: returns why the app would not send the call, or None to send it.
    when: Callable[[Context], str | None] | None = None
    # How to show a path that is a function (for reports).
    label: str = ""

    @property
    def shown(self) -> str:
        return self.path if isinstance(self.path, str) else self.label


@dataclass(frozen=True)
class Outcome:
    client: str
    call: Call
    status: int | None = None
    problems: tuple[str, ...] = ()
    not_sent: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        verb = f"{self.call.method} {self.call.shown}"
        if self.not_sent:
            return f"  --  {verb}: not sent ({self.not_sent})"
        mark = "ok" if self.ok else ("~~" if self.call.tolerated else "!!")
        detail = "" if self.ok else ": " + "; ".join(self.problems)
        if not self.ok and self.call.tolerated:
            detail += f" [tolerated: {self.call.tolerated}]"
        return f"  {mark}  {verb} -> {self.status}{detail}"


def missing_fields(value: Any, path: str) -> list[str]:
    """Return the parts of `path` (see Call.reads) that `value` lacks."""
    if path == "{}":
        return [] if isinstance(value, dict) else ["answer is not an object"]
    return _missing(value, path.split("."), "")


def _missing(value: Any, parts: list[str], where: str) -> list[str]:
    if not parts:
        return []
    head, rest = parts[0], parts[1:]
    if head == "[]":
        if not isinstance(value, list):
            return [f"{where or 'answer'} is not a list"]
        problems: list[str] = []
        for index, item in enumerate(value):
            problems += _missing(item, rest, f"{where}[{index}]")
        return problems
    required = head.endswith("!")
    key = head.rstrip("!")
    here = f"{where}.{key}" if where else key
    if not isinstance(value, dict) or key not in value:
        return [f"{here} missing"]
    if value[key] is None:
        return [f"{here} is null"] if required or rest else []
    return _missing(value[key], rest, here)


def _send(call: Call, context: Context, url: str) -> tuple[int, Any]:
    query = call.query(context) if callable(call.query) else call.query
    if query:
        url = f"{url}?{urllib.parse.urlencode(list(query))}"
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if call.authenticated and context.token:
        headers["Authorization"] = f"Bearer {context.token}"
    data = None
    body = call.json_body(context) if callable(call.json_body) else call.json_body
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    elif call.form_body is not None:
        form = call.form_body(context) if callable(call.form_body) else call.form_body
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    # The URL is the instance the person named, or a link its own NodeInfo gave.
    request = urllib.request.Request(url, data=data, headers=headers, method=call.method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")[:200]


def replay(client: str, calls: Sequence[Call], base_url: str, token: str) -> list[Outcome]:
    """Make `calls` in order against `base_url` with `token`; return one outcome per call."""
    context = Context(base_url=base_url.rstrip("/"), token=token)
    if token:
        identity = Call("me", "GET", "/api/v1/accounts/verify_credentials", "accounts", "the replay itself")
        status, answer = _send(identity, context, f"{context.base_url}{identity.path}")
        context.me = str(answer.get("id", "")) if status == 200 and isinstance(answer, dict) else ""
    outcomes = []
    for call in calls:
        reason = call.when(context) if call.when else None
        url = call.path(context) if callable(call.path) else f"{context.base_url}{call.path}"
        if reason is None and url is None:
            reason = "no URL to call"
        if reason is not None or url is None:
            outcomes.append(Outcome(client, call, not_sent=reason or ""))
            continue
        try:
            status, answer = _send(call, context, url)
        except OSError as error:
            outcomes.append(Outcome(client, call, problems=(f"no answer: {error}",)))
            continue
        context.statuses[call.name] = status
        problems: list[str] = []
        if status not in call.accepted:
            problems.append(f"status {status}, expected {'/'.join(map(str, sorted(call.accepted)))}")
        elif status < 300:
            context.answers[call.name] = answer
            for path in call.reads:
                problems += missing_fields(answer, path)
        outcomes.append(Outcome(client, call, status=status, problems=tuple(problems)))
    return outcomes


# Versions as the apps read them: the leading "major.minor.patch" of a version string.
_LEADING_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")
# What compare-versions (Phanpy's version checks) accepts: a whole string that is semver, nothing after it.
_SEMVER = re.compile(
    r"^v?\d+(?:\.(?:\d+|[x*])){0,3}(?:-[\da-z\-]+(?:\.[\da-z\-]+)*)?(?:\+[\da-z\-]+(?:\.[\da-z\-]+)*)?$", re.I
)


def leading_version(text: str) -> tuple[int, int, int] | None:
    match = _LEADING_VERSION.match(text.strip())
    if match is None:
        return None
    major, minor, patch = (int(part) if part else 0 for part in match.groups())
    return major, minor, patch


def is_strict_semver(text: str) -> bool:
    return bool(_SEMVER.match(text))


def register_account(base_url: str, username: str, password: str) -> str:
    """Open an account the way apps do (app, client-credentials token, registration); return its token."""
    base = base_url.rstrip("/")

    def post(path: str, fields: Mapping[str, str], token: str = "") -> Any:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # The instance the person named.
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(f"{base}{path}", data=body, headers=headers, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())

    scopes = "read write follow push"
    redirect = "urn:ietf:wg:oauth:2.0:oob"
    app = post("/api/v1/apps", {"client_name": "replay-clients", "redirect_uris": redirect, "scopes": scopes})
    credentials = {"client_id": app["client_id"], "client_secret": app["client_secret"]}
    grant = {"grant_type": "client_credentials", "redirect_uri": redirect, "scope": scopes, **credentials}
    app_token = post("/oauth/token", grant)["access_token"]
    account = {"username": username, "email": f"{username}@example.org", "password": password, "agreement": "true"}
    token: str = post("/api/v1/accounts", {**account, "locale": "en"}, app_token)["access_token"]
    return token
