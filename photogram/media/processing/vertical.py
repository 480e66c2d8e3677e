"""The 9:16 rendition a story is shown in: the tallest upright 9:16 part of a photo or video, kept around its
focus point, filling a phone's screen.

Made from a served rendition (already upright, sRGB or BT.709, stripped of metadata), never from the original,
so nothing the pipeline removed comes back.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from photogram.media.processing.types import EncoderSettings, Rendition
from photogram.media.processing.video import crop_video

VERTICAL = "vertical"
# Width by height: a phone held upright.
ASPECT = (9, 16)
IMAGE_WIDTH = 1080
VIDEO_WIDTH = 720
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg"}
PILLOW_FORMATS = {"webp": "WEBP", "jpeg": "JPEG"}


def vertical_box(width: int, height: int, focus: tuple[float, float]) -> tuple[int, int, int, int]:
    """Return the largest 9:16 box (left, top, right, bottom) inside the picture, centred on the focus point as
    far as the edges allow (Mastodon's focus: x from -1 left to 1 right, y from -1 bottom to 1 top)."""
    crop_width = min(width, height * ASPECT[0] // ASPECT[1])
    crop_height = min(height, crop_width * ASPECT[1] // ASPECT[0])
    crop_width -= crop_width % 2
    crop_height -= crop_height % 2
    centre_x = (focus[0] + 1) / 2 * width
    centre_y = (1 - focus[1]) / 2 * height
    left = min(max(0, round(centre_x - crop_width / 2)), width - crop_width)
    top = min(max(0, round(centre_y - crop_height / 2)), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def _output_size(box: tuple[int, int, int, int], widest: int) -> tuple[int, int]:
    # Never upscaled: a small source gives a small (still 9:16) rendition.
    width = min(widest, box[2] - box[0])
    width -= width % 2
    height = width * ASPECT[1] // ASPECT[0]
    return width, height - height % 2


def vertical_image(
    source: Path, work_dir: Path, *, focus: tuple[float, float], formats: list[str], encoders: EncoderSettings
) -> list[Rendition]:
    """Write the 9:16 rendition of a photo in each of `formats` (webp, jpeg) into `work_dir`."""
    with Image.open(source) as opened:
        image = opened.convert("RGB")
    box = vertical_box(image.width, image.height, focus)
    size = _output_size(box, IMAGE_WIDTH)
    picture = image.crop(box).resize(size, Image.Resampling.LANCZOS)
    made = []
    for file_format in formats:
        if file_format not in PILLOW_FORMATS:
            continue  # AVIF and the like are deferred extras; a story is shown in WebP or JPEG
        path = work_dir / f"{VERTICAL}.{file_format}"
        picture.save(path, PILLOW_FORMATS[file_format], **encoders.options(file_format))
        made.append(Rendition(VERTICAL, file_format, *size, path, CONTENT_TYPES[file_format]))
    return made


def vertical_video(
    source: Path, work_dir: Path, *, width: int, height: int, focus: tuple[float, float]
) -> list[Rendition]:
    """Write the 9:16 MP4 rendition of a video rendition of `width` x `height` into `work_dir`."""
    box = vertical_box(width, height, focus)
    size = _output_size(box, VIDEO_WIDTH)
    path = work_dir / f"{VERTICAL}.mp4"
    crop_video(source, path, box, size)
    return [Rendition(VERTICAL, "mp4", *size, path, "video/mp4")]
