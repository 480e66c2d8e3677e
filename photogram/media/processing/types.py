"""What the processors return, and how they refuse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

MediaKind = Literal["image", "gifv", "video"]


class MediaRefused(Exception):
    """The upload cannot be accepted; `reason` says why in words a person understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rendition:
    """One file written by a processor into its scratch directory, ready to be stored and served."""

    name: str  # "1080", "640", "320", "thumbnail", "720p", "1080p", "poster", "animation"
    format: str  # "webp", "avif", "jpeg", "mp4", "gif"
    width: int
    height: int
    path: Path
    content_type: str


@dataclass(frozen=True)
class ProcessedMedia:
    """Everything learned and made from one upload."""

    kind: MediaKind
    width: int  # of the upright original
    height: int
    renditions: list[Rendition]
    blurhash: str
    camera: dict[str, str | int | float] = field(default_factory=dict)  # make, model, lens, iso, ...
    duration_seconds: float | None = None
    frame_rate: float | None = None
