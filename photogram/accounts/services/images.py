"""Avatar and header images: decoded safely, re-encoded without metadata, sized for display.

Re-encoding drops everything but the pixels (GPS and camera EXIF included); the media pipeline will take over
with its renditions when it exists.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Refuse images that would need more than this many pixels decoded (decompression bombs).
MAX_PIXELS = 50_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


@dataclass(frozen=True)
class ImageKind:
    name: str
    width: int
    height: int


AVATAR = ImageKind("avatar", 400, 400)
HEADER = ImageKind("header", 1500, 500)


class ImageRefused(ValueError):
    """The upload is not an image we accept; the message says why in words a person understands."""


def prepare_profile_image(upload: UploadedFile, kind: ImageKind) -> ContentFile[bytes]:
    """Return the upload as a metadata-free WebP cropped to `kind`, or raise ImageRefused."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ImageRefused(f"The {kind.name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRefused(f"The {kind.name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageRefused(f"The {kind.name} must be a JPEG, PNG, WebP or GIF image.")
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRefused(f"The {kind.name} has too many pixels ({probe.width}x{probe.height}).")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            upright = ImageOps.exif_transpose(image)
            converted = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
            fitted = ImageOps.fit(converted, (kind.width, kind.height), method=Image.Resampling.LANCZOS)
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        # Pillow's own words name internals ("<_io.BytesIO object at 0x...>"): say what a person can act on.
        raise ImageRefused(
            f"The {kind.name} could not be read as an image: the file is damaged, or not a JPEG, PNG, WebP or GIF."
        ) from None
    output = io.BytesIO()
    fitted.save(output, format="WEBP", quality=90, method=4)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")
