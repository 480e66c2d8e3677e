"""What the templates show of the API's entities: pictures with their `srcset`, a placeholder colour, times.

The pages render the same entities the API answers (hydrated for the viewer through photogram.access), so a
page can show nothing an app could not; this module only reshapes them for HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from photogram.api import entities
from photogram.core import text

# Image renditions by width, from the media pipeline (photogram/media/processing); WebP first, every browser
# we serve reads it, and JPEG where an upload has no WebP.
IMAGE_RENDITIONS = ("1080", "640", "320")
IMAGE_FORMATS = ("webp", "jpeg")
VIDEO_RENDITIONS = ("720p", "1080p")
BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"


@dataclass(frozen=True)
class Picture:
    """One photo, animation or video of a post, as an `<img>` or `<video>` needs it."""

    id: str
    kind: str  # "image", "gifv", "video", or "unknown" while it is processed
    src: str | None
    srcset: str
    width: int
    height: int
    alt: str
    colour: str | None  # the average colour, from the blurhash: shown while the file loads
    video: str | None = None
    poster: str | None = None


@dataclass(frozen=True)
class Post:
    """A Status entity with what its page shows made ready: pictures, the time as a datetime."""

    entity: entities.Status
    pictures: list[Picture]
    created_at: datetime | None

    @property
    def id(self) -> str:
        return self.entity["id"]

    @property
    def author(self) -> entities.Account:
        return self.entity["account"]

    @property
    def first(self) -> Picture | None:
        return self.pictures[0] if self.pictures else None

    @property
    def is_carousel(self) -> bool:
        return len(self.pictures) > 1

    @property
    def has_video(self) -> bool:
        return any(picture.kind in {"video", "gifv"} for picture in self.pictures)

    @property
    def alt_summary(self) -> str:
        """The first picture's description, or the caption's start: what a grid tile's link reads as."""
        first = self.first
        return (first.alt if first else "") or self.entity["content"]


def average_colour(blurhash: str | None) -> str | None:
    """Return the average colour a blurhash encodes (its DC component: characters 2 to 5) as `#rrggbb`."""
    if not blurhash or len(blurhash) < 6:
        return None
    value = 0
    for character in blurhash[2:6]:
        digit = BASE83.find(character)
        if digit < 0:
            return None
        value = value * 83 + digit
    return f"#{value & 0xFFFFFF:06x}"


def _by_name(media: entities.MediaAttachment) -> dict[str, dict[str, Any]]:
    """Return the renditions by name, each in the first of IMAGE_FORMATS (or MP4) it exists in."""
    chosen: dict[str, dict[str, Any]] = {}
    ranked = {file_format: rank for rank, file_format in enumerate((*IMAGE_FORMATS, "mp4"))}
    for rendition in media["renditions"]:
        rank = ranked.get(rendition["format"])
        if rank is None:
            continue
        current = chosen.get(rendition["name"])
        if current is None or rank < ranked[current["format"]]:
            chosen[rendition["name"]] = dict(rendition)
    return chosen


def picture(media: entities.MediaAttachment) -> Picture:
    """Return what an `<img>` (or `<video>`) shows of one attachment."""
    renditions = _by_name(media)
    widths = [renditions[name] for name in IMAGE_RENDITIONS if name in renditions]
    srcset = ", ".join(f"{item['url']} {item['width']}w" for item in widths)
    main = renditions.get("640") or (widths[0] if widths else None) or renditions.get("poster")
    main = main or renditions.get("animation")
    original: dict[str, Any] = dict(media["meta"].get("original") or {})
    width = int(original.get("width") or (main["width"] if main else 1))
    height = int(original.get("height") or (main["height"] if main else 1))
    video = next((renditions[name]["url"] for name in VIDEO_RENDITIONS if name in renditions), None)
    poster = renditions["poster"]["url"] if "poster" in renditions else None
    if media["type"] == "gifv" and "animation" in renditions:
        main = renditions["animation"]
    return Picture(
        id=media["id"],
        kind=media["type"],
        src=main["url"] if main else media["preview_url"],
        srcset=srcset,
        width=width,
        height=height,
        alt=media["description"] or "",
        colour=average_colour(media["blurhash"]),
        video=video if media["type"] == "video" else None,
        poster=poster,
    )


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def post(entity: entities.Status) -> Post:
    return Post(
        entity=entity,
        pictures=[picture(media) for media in entity["media_attachments"]],
        created_at=_moment(entity["created_at"]),
    )


def posts(found: Iterable[entities.Status]) -> list[Post]:
    return [post(entity) for entity in found]


def first_line(html_text: str, limit: int = 200) -> str:
    """Return the start of a caption as plain text, for a title or a description."""
    plain = " ".join(text.plain(html_text).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


# What a session's browser is called on the settings page: the first name found in its User-Agent, in this
# order (Edge and Opera say "Chrome" too, Chrome says "Safari", Android says "Linux").
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def browser_name(user_agent: str) -> tuple[str | None, str | None]:
    """Return the browser and the system a User-Agent names (None for each it names none of ours)."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in SYSTEMS if marker in user_agent), None)
    return browser, system
