"""What the processors are told, what they return, and how they refuse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

MediaKind = Literal["image", "gifv", "video"]

# What each encoder accepts (libwebp, libjpeg, libavif through Pillow).
ENCODER_RANGES = {
    "webp_quality": (0, 100),
    "webp_method": (0, 6),
    "jpeg_quality": (1, 100),
    "avif_quality": (0, 100),
    "avif_speed": (0, 10),
}


class MediaRefused(Exception):
    """The upload cannot be accepted; `reason` says why in words a person understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class EncoderSettings:
    """How each image format is encoded. The defaults are Photogram's, weighed in docs/performance.md; settings
    build one from `PHOTOGRAM_MEDIA_*` (photogram.config), which checks the same ranges at start-up."""

    webp_quality: int = 82
    webp_method: int = 4
    jpeg_quality: int = 85
    jpeg_progressive: bool = True
    avif_quality: int = 60
    avif_speed: int = 8

    def __post_init__(self) -> None:
        # Pillow takes an out-of-range JPEG quality or AVIF speed without a word, so check here.
        for name, (low, high) in ENCODER_RANGES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise ValueError(f"{name} must be from {low} to {high}, not {value}.")

    def options(self, file_format: str) -> dict[str, Any]:
        """Return Pillow's save options for `file_format` (webp, jpeg or avif)."""
        if file_format == "webp":
            return {"quality": self.webp_quality, "method": self.webp_method}
        if file_format == "jpeg":
            # Huffman tables optimised either way: skipping them saves little time for more bytes (docs/performance.md).
            return {"quality": self.jpeg_quality, "progressive": self.jpeg_progressive, "optimize": True}
        if file_format == "avif":
            return {"quality": self.avif_quality, "speed": self.avif_speed}
        raise ValueError(f"No encoder settings for {file_format!r}.")


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
