"""A small community for the web pages' tests: who follows, blocks and locks whom, and what each posted.

alice: public, posts a carousel and a single photo. bob: follows alice. carol: locked; dave is her approved
follower, frank asked and waits. eve: blocked by alice. Posts go through the publishing service on uploads
made ready without processing (fast), each with renditions in two formats and widths, a description and a
blurhash.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.test import Client

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.media.models import MediaAttachment
from photogram.posts.models import Status
from photogram.posts.services import publishing
from tests.support.api import make_user

# A blurhash whose average colour (characters 2 to 5) is #979695.
BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj"


def upload(owner: User, description: str = "", *, kind: str = MediaAttachment.Kind.IMAGE) -> MediaAttachment:
    """Return a ready upload with WebP and JPEG renditions at 1080 and 640 px (a poster and MP4 for video)."""

    def rendition(name: str, file_format: str, width: int, height: int) -> dict[str, Any]:
        return {
            "path": f"renditions/{owner.pk}/{name}.{file_format}",
            "width": width,
            "height": height,
            "content_type": "video/mp4" if file_format == "mp4" else f"image/{file_format}",
        }

    if kind == MediaAttachment.Kind.VIDEO:
        renditions = {
            "720p": {"mp4": rendition("720p", "mp4", 1280, 720)},
            "poster": {"jpeg": rendition("poster", "jpeg", 1280, 720)},
        }
    else:
        renditions = {
            name: {fmt: rendition(name, fmt, width, width * 3 // 4) for fmt in ("webp", "jpeg")}
            for name, width in (("1080", 1080), ("640", 640))
        }
    return MediaAttachment.objects.create(
        owner=owner,
        state=MediaAttachment.State.READY,
        kind=kind,
        original=f"originals/{owner.pk}/test",
        original_content_type="image/jpeg",
        original_size=1000,
        width=1080,
        height=810,
        description=description,
        blurhash=BLURHASH,
        renditions=renditions,
    )


def post(author: User, caption: str, *, photos: int = 1, alt: str = "", **options: Any) -> Status:
    uploads = [upload(author, alt if index == 0 else "").pk for index in range(photos)]
    return publishing.publish(author, caption, uploads, **options)


@dataclass
class Community:
    alice: User
    bob: User
    carol: User
    dave: User
    eve: User
    frank: User
    carousel: Status  # alice's, public, two photos, the first described
    sunset: Status  # alice's, public, one photo
    secret: Status  # carol's, followers only
    carols_public: Status  # carol's, public (a locked account may post one)


def build() -> Community:
    people = {name: make_user(name, with_password=False) for name in ("alice", "bob", "dave", "eve", "frank")}
    carol = make_user("carol", with_password=False, locked=True)
    alice = people["alice"]
    graph.follow(people["bob"], alice)
    graph.follow(people["dave"], carol)
    graph.authorize_follow_request(carol, people["dave"].pk)
    graph.follow(people["frank"], carol)  # a request, still pending
    graph.block(alice, people["eve"])
    return Community(
        alice=alice,
        bob=people["bob"],
        carol=carol,
        dave=people["dave"],
        eve=people["eve"],
        frank=people["frank"],
        carousel=post(alice, "Two views of #harbour at dawn", photos=2, alt="Fishing boats moored in fog"),
        sunset=post(alice, "Sunset over the #harbour"),
        secret=post(carol, "Only for my followers #harbour", visibility="private"),
        carols_public=post(carol, "Carol's open #harbour post"),
    )


def client_for(user: User | None, *, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if user is not None:
        client.force_login(user)
    return client


def text_of(response: Any) -> str:
    content: bytes = response.content
    return html.unescape(content.decode())


def csrf_token(response: Any) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def page_of(post: Status) -> str:
    return f"/@{post.author.username}/{post.pk}"
