"""Publishing streaming events: what the rest of Photogram calls once a change is committed.

Posts reach the `user` streams of the readers whose home feeds the fan-out writes (from its tasks, reader
by reader, so a stream shows what the home feed holds), the `list` streams of the lists fan-out fills, and
the public and hashtag streams when public. A post is rendered once for all its readers, as an anonymous
viewer would see it; the streaming server applies the access rules to each reader as it delivers
(`readers.Reader.admits`), so blocks and mutes made since the fan-out count too.

Every function publishes after the current transaction commits (at once outside one), so no stream shows
what a rollback undid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.serializers.notifications import serialize_notifications
from photogram.api.serializers.statuses import hydrate
from photogram.notifications.stores import InboxEntry
from photogram.posts.models import Status, StatusTag
from photogram.streaming.services import channels, events
from photogram.streaming.services.broker import brokers
from photogram.streaming.services.events import Event

_django = DjangoJSONEncoder()  # dates and decimals as the REST answers write them (api.responses)


def _send(targets: Iterable[str], event: Event) -> None:
    names = list(dict.fromkeys(targets))
    if not names:
        return

    def send() -> None:
        broker = brokers.default
        for name in broker.listening(names):
            broker.publish(name, dict(event))

    transaction.on_commit(send)


def _send_status(kind: str, status_id: int, targets: Iterable[str]) -> None:
    """Publish the post to `targets` once committed, rendering it only if some stream listens to one of them:
    a post nobody is streaming costs one question to the broker."""
    names = list(dict.fromkeys(targets))
    if not names:
        return

    def send() -> None:
        broker = brokers.default
        live = broker.listening(names)
        if not live:
            return
        found = hydrate([status_id], None, audience_checked=True)
        if found:
            event = _status_event(kind, found[0])
            for name in live:
                broker.publish(name, dict(event))

    transaction.on_commit(send)


def _status_event(kind: str, status: entities.Status) -> Event:
    return {
        "event": kind,
        "payload": orjson.dumps(status, default=_django.default).decode(),
        "author": int(status["account"]["id"]),
        "visibility": status["visibility"],
        "media": bool(status["media_attachments"]),
        "mentions": [int(mention["id"]) for mention in status["mentions"]],
    }


def _own_and_public_channels(status_id: int) -> list[str]:
    """The author's own home stream, and for a public post (not a comment) the public and hashtag streams."""
    status = Status.objects.filter(pk=status_id).values("author_id", "visibility", "in_reply_to_id").first()
    if status is None:
        return []
    targets = [channels.user(status["author_id"])]
    if status["visibility"] == Status.Visibility.PUBLIC and status["in_reply_to_id"] is None:
        tags = StatusTag.objects.filter(status_id=status_id).values_list("tag__name", flat=True)
        targets += [channels.PUBLIC, *(channels.hashtag(name) for name in tags)]
    return targets


def post_published(status_id: int) -> None:
    """Publish a new post's `update` to its author's own home stream and, when public, the public streams."""
    _send_status(events.UPDATE, status_id, _own_and_public_channels(status_id))


def post_fanned_out(status_id: int, reader_ids: Iterable[int], list_ids: Iterable[int]) -> None:
    """Publish a post's `update` to the home streams of `reader_ids` and the list streams of `list_ids`."""
    targets = [*(channels.user(reader) for reader in reader_ids), *(channels.list_feed(item) for item in list_ids)]
    _send_status(events.UPDATE, status_id, targets)


def post_deleted(status_id: int, reader_ids: Iterable[int], list_ids: Iterable[int] = ()) -> None:
    """Publish `delete` of a post to the home streams of `reader_ids` (its author among them, as fan-out
    removes it there) and the list streams of `list_ids`; the public streams get it with the author's."""
    targets = [*(channels.user(reader) for reader in reader_ids), *(channels.list_feed(item) for item in list_ids)]
    _send(targets, {"event": events.DELETE, "payload": str(status_id)})


def post_deleted_publicly(status_id: int, tags: Iterable[str]) -> None:
    """Publish `delete` of a public post to the public and hashtag streams it appeared on."""
    _send(
        [channels.PUBLIC, *(channels.hashtag(name) for name in tags)],
        {"event": events.DELETE, "payload": str(status_id)},
    )


def post_edited(status_id: int, reader_ids: Iterable[int], list_ids: Iterable[int]) -> None:
    """Publish `status.update` of an edited post to its author, `reader_ids`, `list_ids` and, when public,
    the public streams."""
    targets = [
        *_own_and_public_channels(status_id),
        *(channels.user(reader) for reader in reader_ids),
        *(channels.list_feed(item) for item in list_ids),
    ]
    _send_status(events.STATUS_UPDATE, status_id, targets)


def to_user(user_id: int, event: str, payload_json: str | None = None, *, actor_id: int | None = None) -> None:
    """Publish `event` with its payload (JSON text, as Mastodon sends it) to the reader's `user` stream.

    A `notification` also reaches `user:notification`. `actor_id`: the account behind the event, whose
    events a reader who blocks or mutes them (or is blocked by them) does not get.
    """
    message: Event = {"event": event}
    if payload_json is not None:
        message["payload"] = payload_json
    if actor_id is not None:
        message["actor"] = actor_id
    _send([channels.user(user_id)], message)


def to_user_rendered(user_id: int, event: str, render: Callable[[], object | None]) -> None:
    """Publish `event` to the reader's `user` stream once committed, with the payload `render` returns for
    them (None: nothing to send), rendering only if one of their streams is open."""
    target = channels.user(user_id)

    def send() -> None:
        broker = brokers.default
        if not broker.listening([target]):
            return
        rendered = render()
        if rendered is not None:
            payload = orjson.dumps(rendered, default=_django.default).decode()
            broker.publish(target, {"event": event, "payload": payload})

    transaction.on_commit(send)


def notification_arrived(recipient_id: int, notification: InboxEntry) -> None:
    """Publish a new notification to the recipient's `user` and `user:notification` streams once committed,
    rendered for the recipient (only if one of their streams is open)."""
    target = channels.user(recipient_id)

    def send() -> None:
        broker = brokers.default
        if not broker.listening([target]):
            return
        recipient = User.objects.filter(pk=recipient_id).first()
        if recipient is None:
            return
        rendered = serialize_notifications([notification], recipient)
        if not rendered:  # its account or post is no longer visible to the recipient
            return
        event: Event = {
            "event": events.NOTIFICATION,
            "payload": orjson.dumps(rendered[0], default=_django.default).decode(),
            "actor": notification.from_account_id,
        }
        broker.publish(target, dict(event))

    transaction.on_commit(send)


def filters_changed(owner_id: int) -> None:
    """Tell the owner's streams that their filters changed."""
    to_user(owner_id, events.FILTERS_CHANGED)


def relations_changed(*user_ids: int) -> None:
    """Tell these readers' open streams to reload whom they follow, block and mute."""
    for user_id in user_ids:
        _send([channels.user(user_id)], {"event": events.RELATIONS})


def token_revoked(token_id: int) -> None:
    """Close the streams opened with this access token."""
    _send([channels.token(token_id)], {"event": events.KILL})


def session_ended(session_key: str) -> None:
    """Close the streams a browser opened with this session (its person signed out)."""
    _send([channels.session(session_key)], {"event": events.KILL})
