"""The streaming API as an ASGI application: Mastodon's server-sent events and WebSocket endpoints.

    GET /api/v1/streaming/health                      "OK"
    GET /api/v1/streaming/{user,public,hashtag,...}   server-sent events of one stream
    GET /api/v1/streaming (WebSocket)                 {"type": "subscribe", "stream": ...}, several streams

Tokens come as `Authorization: Bearer`, `?access_token=`, or (WebSocket) the `Sec-WebSocket-Protocol` header.

The web app's pages stream too (new notifications, new posts), over a WebSocket opened with the session cookie
the browser already holds rather than with a token minted for the page: nothing to mint, store and clean up
per page view, no secret in a page sent compressed (BREACH), and signing out closes the stream at once
(`publish.session_ended`). A cookie goes with a WebSocket opened by any site, though, so a session opens one
only from a page of our own public address (its `Origin`); a foreign page is refused (cross-site WebSocket
hijacking). Such a stream reads only the person's home timeline and notifications (`WEB_PAGE_SCOPES`). The
cookie reaches the streaming server when it is on the same host as the pages (any port): the same address on
embedded, its own port on full; a streaming server on another host serves the pages no stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
from django.conf import settings
from django.http.cookie import parse_cookie

from photogram.streaming import connection as connections
from photogram.streaming.connection import Closed, Connection, TooManySubscriptions
from photogram.streaming.services import events, streams
from photogram.streaming.services.broker import Message, brokers
from photogram.streaming.services.readers import Reader, TokenRefused
from photogram.streaming.services.streams import Stream, UnknownStream

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

PREFIX = "/api/v1/streaming"
# A client message larger than this is refused unread: subscribe messages are a few dozen bytes.
MAX_CLIENT_MESSAGE = 4096
CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-headers", b"Authorization, Accept, Cache-Control, Last-Event-ID"),
    (b"access-control-allow-methods", b"GET, OPTIONS"),
]


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def handles(path: str) -> bool:
    """Return whether `path` is the streaming API's."""
    return path == PREFIX or path.startswith(PREFIX + "/")


def _query(scope: Scope) -> dict[str, str]:
    parsed = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def _bearer(scope: Scope, query: dict[str, str]) -> str:
    header = _header(scope, b"authorization")
    if header.lower().startswith("bearer "):
        return header[len("bearer ") :].strip()
    return query.get("access_token", "")


async def _reader(token: str) -> Reader:
    try:
        reader: Reader = await connections.authenticate(token)
    except TokenRefused as refused:
        raise Refused(401, str(refused)) from None
    return reader


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


async def _session_reader(scope: Scope) -> Reader | None:
    """Return the reader of the session cookie a web page's WebSocket carries (None without one); refuse a
    session sent from a page of another site."""
    session_key = parse_cookie(_header(scope, b"cookie")).get(settings.SESSION_COOKIE_NAME, "")
    if not session_key:
        return None
    if _header(scope, b"origin").lower() != _origin(settings.PUBLIC_URL):
        raise Refused(403, "A stream opened with a session cookie must come from this site's pages")
    try:
        reader: Reader = await connections.authenticate_session(session_key)
    except TokenRefused as refused:
        raise Refused(401, str(refused)) from None
    return reader


async def _stream(reader: Reader, name: str, tag: str | None, list_id: str | None) -> Stream:
    try:
        stream = streams.parse(name, reader.user_id, tag=tag, list_id=list_id)
    except UnknownStream as unknown:
        raise Refused(400, str(unknown)) from None
    if not reader.may_read(*stream.scopes):
        raise Refused(401, "Access token does not have the required scopes")
    if stream.list_id is not None and not await connections.owns_list(reader.user_id, stream.list_id):
        raise Refused(404, "List not found")
    return stream


def _bool(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "t", "on")


async def _json_answer(send: Send, status: int, body: Any, extra: list[tuple[bytes, bytes]] = CORS_HEADERS) -> None:
    data = orjson.dumps(body)
    headers = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + extra})
    await send({"type": "http.response.body", "body": data})


class StreamingApp:
    """The ASGI application of the streaming API; `fallback` answers other paths (Django on embedded)."""

    def __init__(self, fallback: Callable[[Scope, Receive, Send], Awaitable[None]] | None = None) -> None:
        self.fallback = fallback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind in ("http", "websocket") and handles(scope["path"]):
            await (self._http(scope, receive, send) if kind == "http" else self._websocket(scope, receive, send))
        elif self.fallback is not None:
            await self.fallback(scope, receive, send)
        elif kind == "http":
            await _json_answer(send, 404, {"error": "Not found"})
        else:
            await send({"type": "websocket.close", "code": 1008})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                with contextlib.suppress(Exception):
                    await brokers.default.close_hub()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # --- server-sent events ------------------------------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"].removeprefix(PREFIX).strip("/")
        if scope["method"] == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": CORS_HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _json_answer(send, 405, {"error": "Method not allowed"})
            return
        if path == "health":
            headers = [(b"content-type", b"text/plain"), (b"content-length", b"2"), *CORS_HEADERS]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b"OK"})
            return
        name = streams.PATHS.get(path)
        if name is None:
            await _json_answer(send, 404, {"error": "Unknown stream type"})
            return
        query = _query(scope)
        if name.startswith("public") and _bool(query.get("only_media")):
            name += ":media"
        try:
            reader = await _reader(_bearer(scope, query))
            stream = await _stream(reader, name, query.get("tag"), query.get("list"))
        except Refused as refused:
            await _json_answer(send, refused.status, {"error": refused.message})
            return
        await self._serve_events(reader, stream, receive, send)

    async def _serve_events(self, reader: Reader, stream: Stream, receive: Receive, send: Send) -> None:
        conn = Connection(reader, brokers.default.hub())
        headers = [
            (b"content-type", b"text/event-stream"),
            (b"cache-control", b"private, no-store"),
            (b"x-accel-buffering", b"no"),
            *CORS_HEADERS,
        ]
        watcher: asyncio.Task[None] | None = None
        try:
            await conn.open()
            await conn.add(stream)
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await self._write(conn, send, b":)\n")
            # One task beside this one, to hear the client leave; this one writes until the connection closes.
            watcher = asyncio.create_task(self._until_disconnect(conn, receive))
            watcher.add_done_callback(lambda _: conn.close("closed"))  # however it ended
            await self._sse_pump(conn, send)
        finally:
            await _stop(watcher)
            await conn.release()
        with contextlib.suppress(Exception):
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    @staticmethod
    async def _write(conn: Connection, send: Send, data: bytes) -> None:
        await _sent(conn, send({"type": "http.response.body", "body": data, "more_body": True}))

    async def _sse_pump(self, conn: Connection, send: Send) -> None:
        """Write the connection's events, and a heartbeat on a quiet stream, until it closes."""
        heartbeat = settings.STREAMING_LIMITS["heartbeat"]
        try:
            while True:
                event = await conn.next(heartbeat)
                if event is None:
                    conn.check_token()
                    if not conn.closed:
                        await self._write(conn, send, b":thump\n")
                else:
                    await self._write(conn, send, _sse_event(event[1]))
        except Closed:
            return
        except (TimeoutError, OSError):
            conn.close("The client does not read its stream")

    @staticmethod
    async def _until_disconnect(conn: Connection, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                conn.close("The client went away")
                return

    # --- WebSocket ---------------------------------------------------------------------------------------

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        opening = await receive()
        if opening["type"] != "websocket.connect":
            return
        query = _query(scope)
        token = _bearer(scope, query)
        subprotocol = None
        offered = scope.get("subprotocols") or []
        if not token and offered:
            token = subprotocol = offered[0]
        try:
            reader = (None if token else await _session_reader(scope)) or await _reader(token)
            first = (
                await _stream(reader, query["stream"], query.get("tag"), query.get("list"))
                if query.get("stream")
                else None
            )
        except Refused as refused:
            await self._deny(scope, send, refused)
            return
        conn = Connection(reader, brokers.default.hub())
        lock = asyncio.Lock()
        commands: asyncio.Task[None] | None = None
        try:
            # Subscribed before the client hears the socket is open: it gets whatever is published after.
            await conn.open()
            if first is not None:
                await conn.add(first)
            await send({"type": "websocket.accept", "subprotocol": subprotocol})
            # One task beside this one reads the client's messages; this one writes until the connection closes.
            commands = asyncio.create_task(self._ws_commands(conn, receive, send, lock))
            commands.add_done_callback(lambda _: conn.close("closed"))  # however it ended
            await self._ws_pump(conn, send, lock)
        finally:
            await _stop(commands)
            reason = conn.close_reason
            await conn.release()
        with contextlib.suppress(Exception):
            code = 1000 if reason in ("closed", "The client went away") else 1008
            await send({"type": "websocket.close", "code": code, "reason": reason[:120]})

    @staticmethod
    async def _deny(scope: Scope, send: Send, refused: Refused) -> None:
        """Refuse the handshake with the HTTP status where the server can send one (else a 403 from it)."""
        if "websocket.http.response" in scope.get("extensions", {}):
            data = orjson.dumps({"error": refused.message})
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
            await send({"type": "websocket.http.response.start", "status": refused.status, "headers": headers})
            await send({"type": "websocket.http.response.body", "body": data})
        else:
            await send({"type": "websocket.close", "code": 1008})

    @staticmethod
    async def _ws_send(conn: Connection, send: Send, lock: asyncio.Lock, body: dict[str, Any]) -> None:
        async with lock:
            await _sent(conn, send({"type": "websocket.send", "text": orjson.dumps(body).decode()}))

    async def _ws_pump(self, conn: Connection, send: Send, lock: asyncio.Lock) -> None:
        """Send the connection's events until it closes (WebSocket pings are the server's own heartbeat)."""
        heartbeat = settings.STREAMING_LIMITS["heartbeat"]
        try:
            while True:
                event = await conn.next(heartbeat)
                if event is None:
                    conn.check_token()
                else:
                    await self._ws_send(conn, send, lock, _ws_event(*event))
        except Closed:
            return
        except (TimeoutError, OSError):
            conn.close("The client does not read its stream")

    async def _ws_commands(self, conn: Connection, receive: Receive, send: Send, lock: asyncio.Lock) -> None:
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                conn.close("The client went away")
                return
            text = message.get("text")
            if text is None and message.get("bytes") is not None:
                text = message["bytes"].decode("utf-8", "replace")
            error = await self._command(conn, text or "")
            if error is not None:
                await self._ws_send(conn, send, lock, {"error": error.message, "status": error.status})

    @staticmethod
    async def _command(conn: Connection, text: str) -> Refused | None:
        """Carry out one client message; return the error to send back, if any."""
        try:
            kind, name, tag, list_id = _parse_command(text)
            stream = await _stream(conn.reader, name, tag, list_id)
            if kind == "subscribe":
                await conn.add(stream)
            else:
                await conn.remove(stream)
        except Refused as refused:
            return refused
        except TooManySubscriptions:
            return Refused(429, "Too many subscriptions on this connection")
        return None


async def _sent(conn: Connection, sending: Awaitable[None]) -> None:
    """Await one write to the client, within the send timeout or until the connection closes (TimeoutError)."""
    # asyncio.timeout, not wait_for: no task made per event (wait_for's cost showed in the benchmark).
    async with asyncio.timeout(settings.STREAMING_LIMITS["send_timeout"]) as deadline:
        conn.writing = deadline
        try:
            await sending
        finally:
            conn.writing = None


async def _stop(task: asyncio.Task[None] | None) -> None:
    """Cancel a connection's helper task and wait for it to end."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


def _parse_command(text: str) -> tuple[str, str, str | None, str | None]:
    """Return a client message's type, stream, tag and list; raise Refused for a malformed one."""
    if len(text) > MAX_CLIENT_MESSAGE:
        raise Refused(400, "Message too long")
    try:
        command = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise Refused(400, "Invalid JSON") from None
    if not isinstance(command, dict) or command.get("type") not in ("subscribe", "unsubscribe"):
        raise Refused(400, "Unknown message type")
    name, tag, list_id = command.get("stream"), command.get("tag"), command.get("list")
    if not isinstance(name, str) or not isinstance(tag, str | None) or not isinstance(list_id, str | int | None):
        raise Refused(400, "Unknown stream type")
    return command["type"], name, tag, None if list_id is None else str(list_id)


def _sse_event(message: Message) -> bytes:
    payload = message.get("payload")
    if payload is None:
        payload = "undefined"  # what Mastodon's server sends for an event without one (filters_changed)
    data = "".join(f"data: {line}\n" for line in str(payload).split("\n"))
    return f"event: {message['event']}\n{data}\n".encode()


def _ws_event(stream: Stream, message: Message) -> dict[str, Any]:
    body: dict[str, Any] = {"stream": list(stream.names), "event": message["event"]}
    if "payload" in message and message["event"] != events.FILTERS_CHANGED:
        body["payload"] = message["payload"]
    return body
