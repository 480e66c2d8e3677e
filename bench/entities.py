"""Typed entities, side by side: which representation of a page of 20 Status entities costs what.

One run measures, for the same page (each post with its author, 1 to 3 photos, hashtags and mentions, shaped
as photogram/api/serializers builds them: the builders below copy the serializers over plain values instead
of model instances, so no database is needed):

- **uncached**: every entity built from plain values (ids, times, the media's renditions), then the page
  encoded. Captions and bios come rendered: that work is the same whatever holds the result.
- **cached**: the bodies and author entities already built, as the body cache and `_account_body` hold
  them; only what differs per viewer (counts, likes, saves, pins, the author's counts) is filled in, as
  `statuses._personalise` does, then the page is encoded.
- **encode only**: the finished page encoded.

Representations: dicts (the TypedDicts of photogram.api.entities: a dict at run time), as the serializers
build them today, and encoded by orjson; frozen dataclasses, with and without slots (orjson encodes them
natively); msgspec Structs with msgspec's encoder; pydantic models, built by `model_construct` (no
validation) or validated, the page encoded by one `TypeAdapter(list[Status]).dump_json` (a little faster
than `model_dump_json` per post, joined). The classes are made from photogram.api.entities' declarations, so they
have the real fields in the real order. Each row's time is the median over interleaved rounds of the time
to make one page; its ratio is to the dict row of the same part. Every representation's JSON is checked
against the dicts' first.

    .venv/bin/python -m bench.entities [--rounds 25] [--round-seconds 0.1]

msgspec is not a dependency of Photogram; its rows appear when it can be imported, e.g. installed apart:

    var/bootstrap/bin/uv pip install --python .venv/bin/python --target var/msgspec msgspec
    PYTHONPATH=var/msgspec .venv/bin/python -m bench.entities
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pydantic
import typing_extensions

from photogram.api import entities
from photogram.core.gc_tuning import settle_for_serving

try:
    import msgspec
except ImportError:  # not a dependency: its rows are skipped
    msgspec = None

REPO = Path(__file__).resolve().parent.parent
PAGE = 20
BASE = "http://127.0.0.1:8000"
# The entities a Status is made of (photogram.api.entities), each made into a class per representation.
ENTITY_NAMES = (
    "CustomEmoji", "AccountField", "Role", "Account", "MediaSize", "MediaFocus", "MediaMeta", "MediaProcessing",
    "Rendition", "MediaAttachment", "StatusMention", "StatusTag", "Location", "FilterSummary", "FilterResult",
    "Status",
)  # fmt: skip
# Renditions per photo: three widths and the thumbnail, each in the immediate formats and AVIF (deferred).
RENDITIONS = {"1080": 1080, "640": 640, "320": 320, "thumbnail": 150}
FORMATS = {"avif": "image/avif", "jpeg": "image/jpeg", "webp": "image/webp"}


# The plain values a page is made from: what the database rows and the page's facts hold.


@dataclass(frozen=True)
class AuthorRow:
    id: int
    username: str
    display_name: str
    note: str  # rendered
    avatar: str
    header: str
    locked: bool
    date_joined: datetime
    website: str


@dataclass(frozen=True)
class MediaRow:
    id: int
    width: int
    height: int
    focus: tuple[float, float]
    description: str
    blurhash: str
    renditions: dict[str, dict[str, dict[str, Any]]]  # name -> format -> path, width, height, content_type
    camera: dict[str, Any]


@dataclass(frozen=True)
class PostRow:
    id: int
    author: AuthorRow
    created_at: datetime
    edited_at: datetime | None
    language: str
    content: str  # rendered
    media: list[MediaRow]
    mentions: list[tuple[int, str]]
    tags: list[str]
    location: str
    comments_enabled: bool
    counts: dict[str, int]
    author_counts: dict[str, int]
    liked: bool
    saved: bool
    pinned: bool
    own: bool


def make_page(seed: int = 1) -> list[PostRow]:
    """Return 20 posts by 12 authors, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311  (made-up data, the same in every run)
    words = "light morning harbour street portrait coffee mountain film grain shadow city evening window".split()
    start = datetime(2026, 11, 1, tzinfo=UTC)
    authors = [
        AuthorRow(
            id=7_000_000_000_000 + n,
            username=f"photographer{n}",
            display_name=f"Photographer {n}",
            note=f"<p>{' '.join(rng.choices(words, k=12))}</p>",
            avatar=f"{BASE}/media/avatars/{n}/avatar.webp",
            header=f"{BASE}/media/headers/{n}/header.webp",
            locked=n % 7 == 0,
            date_joined=start - timedelta(days=rng.randrange(30, 900)),
            website=f"https://photographer{n}.example" if n % 3 == 0 else "",
        )
        for n in range(12)
    ]
    posts = []
    for n in range(PAGE):
        post_id = 7_100_000_000_000 + 9_000 * n
        media = []
        for m in range(rng.choice((1, 1, 2, 3))):
            media_id = post_id + 100 + m
            width, height = rng.choice(((1080, 1080), (1080, 1350), (1080, 566)))
            media.append(
                MediaRow(
                    id=media_id,
                    width=width * 4,
                    height=height * 4,
                    focus=(round(rng.uniform(-1, 1), 2), round(rng.uniform(-1, 1), 2)),
                    description=" ".join(rng.choices(words, k=8)) if m % 2 == 0 else "",
                    blurhash="LEHV6nWB2yk8pyo0adR*.7kCMdnj",
                    renditions={
                        name: {
                            file_format: {
                                "path": f"media/{media_id}/{name}.{file_format}",
                                "width": size,
                                "height": size * height // width,
                                "content_type": content_type,
                            }
                            for file_format, content_type in FORMATS.items()
                            if not (name == "thumbnail" and file_format == "avif")
                        }
                        for name, size in RENDITIONS.items()
                    },
                    camera={"make": "Fujifilm", "model": "X100V", "exposure": "1/250", "iso": 400},
                )
            )
        tags = rng.sample(words, rng.randrange(0, 5))
        mentioned = rng.sample(authors, rng.randrange(0, 3))
        caption = " ".join(rng.choices(words, k=25))
        links = "".join(f' <a href="{BASE}/tags/{tag}" class="mention hashtag">#{tag}</a>' for tag in tags)
        posts.append(
            PostRow(
                id=post_id,
                author=authors[n % len(authors)],
                created_at=start + timedelta(minutes=37 * n, milliseconds=n),
                edited_at=start + timedelta(hours=n) if n % 5 == 0 else None,
                language="en",
                content=f"<p>{caption}{links}</p>",
                media=media,
                mentions=[(author.id, author.username) for author in mentioned],
                tags=tags,
                location="Lisbon" if n % 4 == 0 else "",
                comments_enabled=True,
                counts={"replies_count": rng.randrange(40), "favourites_count": rng.randrange(900), "saves_count": 3},
                author_counts={"followers_count": rng.randrange(10**5), "following_count": 180, "statuses_count": 70},
                liked=n % 3 == 0,
                saved=n % 4 == 0,
                pinned=False,
                own=n == 7,
            )
        )
    return posts


def timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def served_url(path: str) -> str:
    return f"{BASE}/media/{path}"


# The dicts, built as photogram/api/serializers builds them today.


def account_dict(author: AuthorRow, counts: dict[str, int]) -> dict[str, Any]:
    profile = f"{BASE}/@{author.username}"
    joined = datetime.combine(author.date_joined.date(), datetime.min.time(), tzinfo=UTC)
    return {
        "id": str(author.id),
        "username": author.username,
        "acct": author.username,
        "display_name": author.display_name,
        "locked": author.locked,
        "bot": False,
        "discoverable": not author.locked,
        "indexable": not author.locked,
        "group": False,
        "noindex": author.locked,
        "hide_collections": author.locked,
        "created_at": joined.isoformat().replace("+00:00", "Z"),
        "note": author.note,
        "url": profile,
        "uri": profile,
        "avatar": author.avatar,
        "avatar_static": author.avatar,
        "header": author.header,
        "header_static": author.header,
        "followers_count": counts.get("followers_count", 0),
        "following_count": counts.get("following_count", 0),
        "statuses_count": counts.get("statuses_count", 0),
        "last_status_at": None,
        "emojis": [],
        "fields": [],
        "roles": [],
        "website": author.website or None,
    }


def media_dict(media: MediaRow, own: bool) -> dict[str, Any]:
    full, small = media.renditions["1080"]["webp"], media.renditions["640"]["webp"]
    return {
        "id": str(media.id),
        "type": "image",
        "url": served_url(full["path"]),
        "preview_url": served_url(small["path"]),
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": {
            "focus": {"x": media.focus[0], "y": media.focus[1]},
            "original": {
                "width": media.width,
                "height": media.height,
                "size": f"{media.width}x{media.height}",
                "aspect": round(media.width / media.height, 4),
            },
            "small": {
                "width": small["width"],
                "height": small["height"],
                "size": f"{small['width']}x{small['height']}",
                "aspect": round(small["width"] / small["height"], 4),
            },
        },
        "description": media.description or None,
        "blurhash": media.blurhash or None,
        "processing": {"state": "ready", "failure_reason": None},
        "renditions": [
            {
                "name": name,
                "format": file_format,
                "url": served_url(entry["path"]),
                "width": entry["width"],
                "height": entry["height"],
                "content_type": entry["content_type"],
            }
            for name, formats in sorted(media.renditions.items())
            for file_format, entry in sorted(formats.items())
        ],
        "camera": media.camera if own else None,
    }


def status_dict(post: PostRow, account: Any, *, per_viewer: bool = True) -> dict[str, Any]:
    """The whole Status entity; without `per_viewer`, the cached body (those fields None)."""
    author = post.author
    counts = post.counts
    return {
        "id": str(post.id),
        "created_at": timestamp(post.created_at),
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": post.language or None,
        "uri": f"{BASE}/users/{author.username}/statuses/{post.id}" if per_viewer else None,
        "url": f"{BASE}/@{author.username}/{post.id}" if per_viewer else None,
        "replies_count": counts.get("replies_count", 0) if per_viewer else None,
        "reblogs_count": 0,
        "favourites_count": counts.get("favourites_count", 0) if per_viewer else None,
        "edited_at": timestamp(post.edited_at),
        "favourited": post.liked if per_viewer else None,
        "reblogged": False,
        "muted": False,
        "bookmarked": post.saved if per_viewer else None,
        "pinned": post.pinned if per_viewer else None,
        "content": post.content,
        "filtered": [],
        "reblog": None,
        "application": None,
        "account": account,
        "media_attachments": [media_dict(media, post.own) for media in post.media],
        "mentions": [
            {"id": str(account_id), "username": username, "url": f"{BASE}/@{username}", "acct": username}
            for account_id, username in post.mentions
        ],
        "tags": [{"name": tag, "url": f"{BASE}/tags/{tag}"} for tag in post.tags],
        "emojis": [],
        "card": None,
        "poll": None,
        "comments_enabled": post.comments_enabled,
        "saves_count": counts.get("saves_count", 0) if per_viewer and post.own else None,
        "location": {"name": post.location} if post.location else None,
    }


def uncached_dicts(page: list[PostRow]) -> list[dict[str, Any]]:
    return [status_dict(post, account_dict(post.author, post.author_counts)) for post in page]


def viewer_fields(post: PostRow) -> dict[str, Any]:
    """What `statuses._personalise` fills into a cached body for one viewer, but the author."""
    counts, username = post.counts, post.author.username
    return {
        "uri": f"{BASE}/users/{username}/statuses/{post.id}",
        "url": f"{BASE}/@{username}/{post.id}",
        "replies_count": counts.get("replies_count", 0),
        "favourites_count": counts.get("favourites_count", 0),
        "favourited": post.liked,
        "bookmarked": post.saved,
        "pinned": post.pinned,
        "saves_count": counts.get("saves_count", 0) if post.own else None,
    }


def author_counts(post: PostRow) -> dict[str, int]:
    return {name: post.author_counts.get(name, 0) for name in ("followers_count", "following_count", "statuses_count")}


def personalise_dict(body: dict[str, Any], post: PostRow, account: dict[str, Any]) -> dict[str, Any]:
    """`statuses._personalise`: the viewer's fields into a body of its own, the author's counts into a copy."""
    body.update(viewer_fields(post))
    body["account"] = {
        **account,
        **author_counts(post),
        "emojis": list(account["emojis"]),
        "fields": list(account["fields"]),
        "roles": list(account["roles"]),
    }
    return body


# The typed representations: classes made from photogram.api.entities' TypedDicts.


def _field_type(hint: Any, classes: dict[str, type]) -> Any:
    """The annotation `hint` with every entity TypedDict in it replaced by its class in `classes`."""
    if typing_extensions.is_typeddict(hint):
        return classes[hint.__name__]
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        return list[_field_type(arguments[0], classes)]
    if origin in (typing.Union, types.UnionType):
        converted = [_field_type(argument, classes) for argument in arguments]
        return typing.Union[tuple(converted)]  # noqa: UP007  (built from a list)
    return hint


def declared_fields(name: str) -> list[tuple[str, Any, bool]]:
    """(field, annotation, optional) of an entity, in declaration order; NotRequired fields are optional."""
    fields = []
    for field, hint in typing_extensions.get_type_hints(getattr(entities, name), include_extras=True).items():
        optional = typing_extensions.get_origin(hint) is typing_extensions.NotRequired
        fields.append((field, typing_extensions.get_args(hint)[0] if optional else hint, optional))
    return fields


def entity_fields(name: str, classes: dict[str, type]) -> list[tuple[str, Any, bool]]:
    """The fields of an entity, with the entities they hold as the classes made for them so far."""
    return [(field, _field_type(hint, classes), optional) for field, hint, optional in declared_fields(name)]


def make_classes(make: Callable[[str, list[tuple[str, Any, bool]]], type]) -> dict[str, type]:
    classes: dict[str, type] = {}
    for name in ENTITY_NAMES:
        classes[name] = make(name, entity_fields(name, classes))
    return classes


def _dataclass(name: str, fields: list[tuple[str, Any, bool]], *, slots: bool) -> type:
    spec = [
        # Keyword-only: an optional field (Status.filtered) may stand before required ones, in Mastodon's order.
        (field, kind, dataclasses.field(default=None, kw_only=True)) if optional else (field, kind)
        for field, kind, optional in fields
    ]
    return dataclasses.make_dataclass(name, spec, frozen=True, slots=slots)


def _struct(name: str, fields: list[tuple[str, Any, bool]]) -> type:
    spec = [(field, kind | None, None) if optional else (field, kind) for field, kind, optional in fields]
    # omit_defaults: a NotRequired field left out stays out of the JSON, as with the dicts.
    return msgspec.defstruct(name, spec, frozen=True, omit_defaults=True, kw_only=True)


def _model(name: str, fields: list[tuple[str, Any, bool]]) -> type:
    spec: dict[str, Any] = {
        field: ((kind | None, None) if optional else (kind, ...)) for field, kind, optional in fields
    }
    return pydantic.create_model(name, **spec)


# The dicts again, made the way the typed representations are (a reference for the cost of keyword calls).
DICTS = types.SimpleNamespace(**dict.fromkeys(ENTITY_NAMES, dict))


def build_typed(page: list[PostRow], make: types.SimpleNamespace, *, per_viewer: bool = True) -> list[Any]:
    """The page's Status entities built by calling `make`'s constructors with keywords (the typed way)."""
    statuses = []
    for post in page:
        author = post.author
        counts = post.counts
        statuses.append(
            make.Status(
                id=str(post.id),
                created_at=timestamp(post.created_at),
                in_reply_to_id=None,
                in_reply_to_account_id=None,
                sensitive=False,
                spoiler_text="",
                visibility="public",
                language=post.language or None,
                uri=f"{BASE}/users/{author.username}/statuses/{post.id}" if per_viewer else None,
                url=f"{BASE}/@{author.username}/{post.id}" if per_viewer else None,
                replies_count=counts.get("replies_count", 0) if per_viewer else None,
                reblogs_count=0,
                favourites_count=counts.get("favourites_count", 0) if per_viewer else None,
                edited_at=timestamp(post.edited_at),
                favourited=post.liked if per_viewer else None,
                reblogged=False,
                muted=False,
                bookmarked=post.saved if per_viewer else None,
                pinned=post.pinned if per_viewer else None,
                content=post.content,
                filtered=[],
                reblog=None,
                application=None,
                account=typed_account(author, post.author_counts, make),
                media_attachments=[typed_media(media, post.own, make) for media in post.media],
                mentions=[
                    make.StatusMention(id=str(account_id), username=username, url=f"{BASE}/@{username}", acct=username)
                    for account_id, username in post.mentions
                ],
                tags=[make.StatusTag(name=tag, url=f"{BASE}/tags/{tag}") for tag in post.tags],
                emojis=[],
                card=None,
                poll=None,
                comments_enabled=post.comments_enabled,
                saves_count=counts.get("saves_count", 0) if per_viewer and post.own else None,
                location=make.Location(name=post.location) if post.location else None,
            )
        )
    return statuses


def typed_account(author: AuthorRow, counts: dict[str, int], make: types.SimpleNamespace) -> Any:
    profile = f"{BASE}/@{author.username}"
    joined = datetime.combine(author.date_joined.date(), datetime.min.time(), tzinfo=UTC)
    return make.Account(
        id=str(author.id),
        username=author.username,
        acct=author.username,
        display_name=author.display_name,
        locked=author.locked,
        bot=False,
        discoverable=not author.locked,
        indexable=not author.locked,
        group=False,
        noindex=author.locked,
        hide_collections=author.locked,
        created_at=joined.isoformat().replace("+00:00", "Z"),
        note=author.note,
        url=profile,
        uri=profile,
        avatar=author.avatar,
        avatar_static=author.avatar,
        header=author.header,
        header_static=author.header,
        followers_count=counts.get("followers_count", 0),
        following_count=counts.get("following_count", 0),
        statuses_count=counts.get("statuses_count", 0),
        last_status_at=None,
        emojis=[],
        fields=[],
        roles=[],
        website=author.website or None,
    )


def typed_media(media: MediaRow, own: bool, make: types.SimpleNamespace) -> Any:
    full, small = media.renditions["1080"]["webp"], media.renditions["640"]["webp"]
    return make.MediaAttachment(
        id=str(media.id),
        type="image",
        url=served_url(full["path"]),
        preview_url=served_url(small["path"]),
        remote_url=None,
        preview_remote_url=None,
        text_url=None,
        meta=make.MediaMeta(
            focus=make.MediaFocus(x=media.focus[0], y=media.focus[1]),
            original=make.MediaSize(
                width=media.width,
                height=media.height,
                size=f"{media.width}x{media.height}",
                aspect=round(media.width / media.height, 4),
            ),
            small=make.MediaSize(
                width=small["width"],
                height=small["height"],
                size=f"{small['width']}x{small['height']}",
                aspect=round(small["width"] / small["height"], 4),
            ),
        ),
        description=media.description or None,
        blurhash=media.blurhash or None,
        processing=make.MediaProcessing(state="ready", failure_reason=None),
        renditions=[
            make.Rendition(
                name=name,
                format=file_format,
                url=served_url(entry["path"]),
                width=entry["width"],
                height=entry["height"],
                content_type=entry["content_type"],
            )
            for name, formats in sorted(media.renditions.items())
            for file_format, entry in sorted(formats.items())
        ],
        camera=media.camera if own else None,
    )


def personalise_typed(body: Any, post: PostRow, account: Any, replace: Callable[..., Any]) -> Any:
    """`_personalise` for an immutable entity: a copy with the viewer's fields, and the author's counts."""
    return replace(body, **viewer_fields(post), account=replace(account, **author_counts(post)))


def _model_replace(model: pydantic.BaseModel, **changes: Any) -> Any:
    return model.model_copy(update=changes)


# The cases: (part, representation, what one call does); each call makes one page.


@dataclass
class Case:
    part: str
    name: str
    run: Callable[[], bytes]
    baseline: bool = False
    times: list[float] = dataclasses.field(default_factory=list)


def cases(page: list[PostRow], skipped: list[str]) -> list[Case]:
    found: list[Case] = []

    def add(part: str, name: str, run: Callable[[], bytes], *, baseline: bool = False) -> None:
        found.append(Case(part, name, run, baseline))

    representations: dict[str, tuple[types.SimpleNamespace, Callable[[Any], bytes], Callable[..., Any]]] = {}
    for slots in (True, False):
        # orjson reads a slotted dataclass attribute by attribute, an ordinary one through its __dict__.
        representations[f"frozen dataclasses ({'slots' if slots else 'no slots'}), orjson"] = (
            types.SimpleNamespace(**make_classes(functools.partial(_dataclass, slots=slots))),
            orjson.dumps,
            dataclasses.replace,
        )
    if msgspec is not None:
        structs = make_classes(_struct)
        representations["msgspec Structs (frozen), msgspec.json"] = (
            types.SimpleNamespace(**structs),
            msgspec.json.encode,
            msgspec.structs.replace,
        )
    else:
        skipped.append("msgspec is not importable here: its rows are left out (see this module's docstring)")
    models = make_classes(_model)
    status_model = models["Status"]
    page_adapter = pydantic.TypeAdapter(list[status_model])
    constructed = types.SimpleNamespace(**{name: cls.model_construct for name, cls in models.items()})
    representations["pydantic, model_construct, dump_json"] = (constructed, page_adapter.dump_json, _model_replace)
    validated = types.SimpleNamespace(**models)

    # Uncached: the whole page from plain values.
    add("uncached", "dicts (today), orjson", lambda: orjson.dumps(uncached_dicts(page)), baseline=True)
    add("uncached", "dicts made by dict(**fields), orjson", lambda: orjson.dumps(build_typed(page, DICTS)))
    for name, (make, encode, _) in representations.items():
        add("uncached", name, lambda make=make, encode=encode: encode(build_typed(page, make)))
    add("uncached", "pydantic, validated, dump_json", lambda: page_adapter.dump_json(build_typed(page, validated)))

    # Cached: bodies and author entities already made; the viewer's fields filled in, the page encoded.
    accounts = {post.author.id: account_dict(post.author, {}) for post in page}
    bodies = {post.id: status_dict(post, None, per_viewer=False) for post in page}
    encoded_bodies = {post_id: orjson.dumps(body) for post_id, body in bodies.items()}

    def cached_dicts() -> bytes:
        return orjson.dumps([personalise_dict(dict(bodies[post.id]), post, accounts[post.author.id]) for post in page])

    def decoded_dicts() -> bytes:
        statuses = [
            personalise_dict(orjson.loads(encoded_bodies[post.id]), post, accounts[post.author.id]) for post in page
        ]
        return orjson.dumps(statuses)

    add("cached", "dicts (today), orjson", cached_dicts, baseline=True)
    add("cached", "dicts decoded from the cached bytes (today's in-process map), orjson", decoded_dicts)
    for name, (make, encode, replace) in representations.items():
        typed_bodies = dict(zip(bodies, build_typed(page, make, per_viewer=False), strict=True))
        typed_accounts = {post.author.id: typed_account(post.author, {}, make) for post in page}

        def cached_typed(
            encode=encode, replace=replace, typed_bodies=typed_bodies, typed_accounts=typed_accounts
        ) -> bytes:
            return encode(
                [
                    personalise_typed(typed_bodies[post.id], post, typed_accounts[post.author.id], replace)
                    for post in page
                ]
            )

        add("cached", name.replace("model_construct", "model_copy"), cached_typed)

    # Encode only: the finished page.
    page_dicts = uncached_dicts(page)
    add("encode only", "dicts, orjson", lambda: orjson.dumps(page_dicts), baseline=True)
    add("encode only", "dicts, the standard library's json", lambda: json.dumps(page_dicts).encode())
    for name, (make, encode, _) in representations.items():
        built = build_typed(page, make)
        add("encode only", name.replace(", model_construct", ""), lambda built=built, encode=encode: encode(built))
    return found


ABSENT = {field for name in ENTITY_NAMES for field, _, optional in declared_fields(name) if optional}


def _without_absent(value: Any) -> Any:
    """`value` less the NotRequired fields written as null (a dataclass or a pydantic model cannot leave them out)."""
    if isinstance(value, dict):
        return {key: _without_absent(item) for key, item in value.items() if item is not None or key not in ABSENT}
    if isinstance(value, list):
        return [_without_absent(item) for item in value]
    return value


def check(found: list[Case]) -> int:
    """Check that every case answers the same JSON as the dicts; return the page's size in bytes."""
    expected = orjson.loads(found[0].run())
    for case in found:
        answered = _without_absent(orjson.loads(case.run()))
        if answered != expected:
            raise SystemExit(f"{case.part} / {case.name}: its JSON differs from the dicts'")
    return len(found[0].run())


def measure(found: list[Case], rounds: int, round_seconds: float) -> None:
    """Time every case in interleaved rounds, each round as many calls as fill `round_seconds`."""
    calls = {}
    for case in found:
        case.run()  # warm-up
        started = time.perf_counter()
        count = 0
        while time.perf_counter() - started < round_seconds / 4:
            case.run()
            count += 1
        calls[case.name, case.part] = max(1, count * 4)
    shuffler = random.Random(7)  # noqa: S311  (the order of cases in a round)
    for _ in range(rounds):
        for case in shuffler.sample(found, len(found)):
            count = calls[case.name, case.part]
            started = time.perf_counter()
            for _ in range(count):
                case.run()
            case.times.append((time.perf_counter() - started) / count)


def report(found: list[Case], rounds: int, page_bytes: int, skipped: list[str]) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.strip()
    versions = f"orjson {orjson.__version__}, pydantic {pydantic.VERSION}"
    if msgspec is not None:
        versions += f", msgspec {msgspec.__version__}"
    print(
        f"Python {platform.python_version()}, {versions}; commit {commit}; {datetime.now(UTC):%Y-%m-%d}; "
        f"load average {os.getloadavg()[0]:.1f}; a page of {PAGE} statuses, {page_bytes / 1024:.0f} KB of JSON; "
        f"medians of {rounds} rounds"
    )
    for note in skipped:
        print(f"({note})")
    for part in dict.fromkeys(case.part for case in found):
        rows = [case for case in found if case.part == part]
        baseline = statistics.median(next(case for case in rows if case.baseline).times)
        print(f"\n{part}\n")
        print("| representation | median µs per page | min | max | ÷ dicts |")
        print("|---|---:|---:|---:|---:|")
        for case in rows:
            median = statistics.median(case.times)
            print(
                f"| {case.name} | {median * 1e6:,.0f} | {min(case.times) * 1e6:,.0f} | {max(case.times) * 1e6:,.0f} "
                f"| {median / baseline:.2f} |"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--round-seconds", type=float, default=0.1, help="time each case runs per round")
    arguments = parser.parse_args()
    skipped: list[str] = []
    found = cases(make_page(), skipped)
    page_bytes = check(found)
    settle_for_serving()  # the collector as Photogram's servers run it
    measure(found, arguments.rounds, arguments.round_seconds)
    report(found, arguments.rounds, page_bytes, skipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
