"""Photos and animations in, renditions out: decoded safely, upright, in sRGB, cropped to Instagram's aspect
range around the focal point, stripped of every piece of metadata, and sized for display.

The pipeline decodes once, as small as the largest rendition allows (JPEG's DCT scaling, HEIF's embedded
thumbnails), makes the largest rendition first and each smaller one from the one before it, and turns and
colour-converts only that first, small image: the full-size decode is the only full-size buffer it holds.
The encoders that let go of the GIL (WebP, AVIF) run on threads while the calling thread resizes and writes
the JPEGs, whose encoder holds the GIL (measured: docs/performance.md).
"""

from __future__ import annotations

import functools
import io
import math
import shutil
import struct
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import blurhash  # type: ignore[import-untyped]
import pillow_heif
from PIL import Image, ImageCms, UnidentifiedImageError
from PIL.TiffImagePlugin import IFDRational

from photogram.media.processing.sniff import IMAGE_TYPES, Layout, layout, sniff
from photogram.media.processing.types import EncoderSettings, MediaRefused, ProcessedMedia, Rendition

pillow_heif.register_heif_opener()

SUPPORTED = "JPEG, PNG, WebP, GIF, HEIC, AVIF"
# Instagram's range: portrait no taller than 4:5, landscape no wider than 1.91:1.
MIN_ASPECT = 4 / 5
MAX_ASPECT = 1.91
BLURHASH_COMPONENTS = (4, 3)
_BLURHASH_WIDTH = 64


@dataclass(frozen=True)
class ImageLimits:
    """What an upload may cost, and the sizes made from it."""

    max_bytes: int = 32 * 1024 * 1024
    max_pixels: int = 50_000_000
    widths: tuple[int, ...] = (1080, 640, 320)
    thumbnail_side: int = 150
    animation_width: int = 640
    max_frames: int = 1000
    # Summed over an animation's frames: the decoding work one upload may ask for.
    max_animation_pixels: int = 400_000_000

    def __post_init__(self) -> None:
        if not self.widths or min(self.widths) < 1 or self.thumbnail_side < 1 or self.animation_width < 1:
            raise ValueError(f"Rendition sizes must be positive, not {self}.")


@dataclass(frozen=True)
class _Encoder:
    pillow_format: str
    content_type: str
    # Pillow's encoder for the format runs without the GIL, so a thread of its own runs it in parallel.
    off_thread: bool


# How hard each one works is an EncoderSettings, given by the caller (settings.MEDIA_ENCODERS in the task).
ENCODERS = {
    "webp": _Encoder("WEBP", "image/webp", off_thread=True),
    "jpeg": _Encoder("JPEG", "image/jpeg", off_thread=False),
    "avif": _Encoder("AVIF", "image/avif", off_thread=True),
}
DEFAULT_ENCODERS = EncoderSettings()
# Threads for those encoders: two keep both cores of a small worker busy beside the calling thread.
ENCODE_THREADS = 2

# The one Pillow plugin allowed to parse each sniffed type, and the formats it may report (MPO: multi-picture JPEG).
_PLUGINS: dict[str, tuple[str, frozenset[str]]] = {
    "image/jpeg": ("JPEG", frozenset({"JPEG", "MPO"})),
    "image/png": ("PNG", frozenset({"PNG"})),
    "image/gif": ("GIF", frozenset({"GIF"})),
    "image/webp": ("WEBP", frozenset({"WEBP"})),
    "image/heic": ("HEIF", frozenset({"HEIF"})),
    "image/heif": ("HEIF", frozenset({"HEIF"})),
    "image/avif": ("AVIF", frozenset({"AVIF"})),
}
_ANIMATABLE = frozenset({"GIF", "PNG", "WEBP"})
_SERVED_AS_IS = {"image/jpeg": "jpeg", "image/webp": "webp"}
# Signatures of what a polyglot hides after the picture: archives, documents, executables.
_SMUGGLED = (b"PK\x03\x04", b"PK\x05\x06", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"%PDF", b"\x1f\x8b", b"\x7fELF")

# What Pillow's parsers raise on malformed data (UnidentifiedImageError is an OSError).
_UNREADABLE = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    RuntimeError,
    struct.error,
)

_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# The first resize reduces by whole factors while the image stays this many times larger than its target.
_REDUCING_GAP = 2.5
# Modes Pillow resamples in place; others (palette, 16-bit, alpha, which Pillow premultiplies into a full-size
# copy) are converted strip by strip during the first reduction.
_RESAMPLED_AS_IS = frozenset({"L", "RGB", "CMYK"})
_STRIP_PIXELS = 1 << 20
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def process_image(
    source: Path,
    work_dir: Path,
    *,
    focus: tuple[float, float] = (0.0, 0.0),
    aspect: float | None = None,
    formats: Sequence[str] = ("webp", "jpeg"),
    limits: ImageLimits = ImageLimits(),
    encoders: EncoderSettings = DEFAULT_ENCODERS,
    encode_threads: int = ENCODE_THREADS,
) -> ProcessedMedia:
    """Write the renditions of the image at `source` into `work_dir`, or raise MediaRefused saying why.

    `focus` is Mastodon's focal point: x from -1 (left) to 1 (right), y from -1 (bottom) to 1 (top).
    `aspect` is the width:height the person chose to crop to (within Instagram's range); None keeps the
    picture's own shape, brought into that range.
    `encoders` says how hard each format's encoder works (quality, effort, progressive JPEG).
    `encode_threads` is how many threads encode WebP and AVIF beside the calling thread (0: none).
    On refusal nothing this call wrote is left in `work_dir`.
    """
    focus_x, focus_y = focus
    if not (-1.0 <= focus_x <= 1.0 and -1.0 <= focus_y <= 1.0):
        raise ValueError(f"The focus {focus} is outside [-1, 1] x [-1, 1].")
    if aspect is not None and not MIN_ASPECT <= aspect <= MAX_ASPECT:
        raise ValueError(f"The aspect {aspect} is outside Instagram's range {MIN_ASPECT:g} to {MAX_ASPECT:g}.")
    wanted = list(dict.fromkeys(formats))
    if not wanted or any(name not in ENCODERS for name in wanted):
        raise ValueError(f"formats must name some of {', '.join(ENCODERS)}, not {list(formats)}.")
    if encode_threads < 0:
        raise ValueError(f"encode_threads must be 0 or more, not {encode_threads}.")
    mime, structure = _identify(source, limits)
    written: list[Path] = []
    try:
        pipeline = _Pipeline(
            source, work_dir, mime, structure, (focus_x, focus_y), aspect, wanted, limits, encoders, written
        )
        return pipeline.run(encode_threads)
    except BaseException:
        for path in written:
            # A path this call never got to write may hold something else (a folder in the way, say).
            with suppress(FileNotFoundError, IsADirectoryError):
                path.unlink()
        raise


def _file_size(size: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def _identify(source: Path, limits: ImageLimits) -> tuple[str, Layout]:
    """Return the content's type and structure, refusing what is plainly not an acceptable image."""
    size = source.stat().st_size
    if size == 0:
        raise MediaRefused("The file is empty.")
    if size > limits.max_bytes:
        raise MediaRefused(f"The image is larger than the {_file_size(limits.max_bytes)} limit.")
    mime = sniff(source)
    if mime is not None and mime.startswith("video/"):
        raise MediaRefused(f"The file is a video ({mime}), not a supported image format ({SUPPORTED}).")
    if mime not in IMAGE_TYPES:
        raise MediaRefused(f"The file is not a supported image format ({SUPPORTED}).")
    structure = layout(source, mime)
    trailing = b""
    if structure.end is not None and structure.trailing:
        with source.open("rb") as handle:
            handle.seek(structure.end)
            trailing = handle.read(16).lstrip(b"\x00")
    if trailing.startswith(_SMUGGLED) or zipfile.is_zipfile(source):
        raise MediaRefused("The file is an image with an archive or document hidden in it, which is not accepted.")
    return mime, structure


@contextmanager
def _reading(limits: ImageLimits) -> Iterator[None]:
    """Turn what decoding bad input raises into a refusal; a decompression-bomb warning is one too.

    The warning filters are process-wide while this runs (catch_warnings is not thread-safe): workers run one
    task per process.
    """
    with warnings.catch_warnings():
        # Pillow warns about malformed EXIF and the like; bad metadata is dropped anyway.
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise MediaRefused(_too_many_pixels(limits)) from None
        except UnidentifiedImageError:
            raise MediaRefused(f"The file's content is not a valid image of its type ({SUPPORTED}).") from None
        except _UNREADABLE as error:
            if isinstance(error, EOFError) or "truncated" in str(error):
                raise MediaRefused("The image is incomplete: the file ends before the picture does.") from None
            raise MediaRefused("The image is damaged and could not be decoded.") from None
        except MemoryError:
            raise MediaRefused("The image needs more memory to decode than Photogram allows.") from None


def _too_many_pixels(limits: ImageLimits, size: tuple[int, int] | None = None) -> str:
    stated = f" ({size[0]}x{size[1]})" if size else ""
    return f"The image has too many pixels{stated}: the limit is {limits.max_pixels / 1_000_000:g} megapixels."


def _text(value: object, limit: int = 100) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    if not isinstance(value, str):
        return None
    cleaned = "".join(character for character in value if character.isprintable()).strip()
    return cleaned[:limit] or None


def _number(value: object) -> float | None:
    """A positive finite number from an EXIF value (a rational, an int, or a list of them), else None."""
    if isinstance(value, tuple | list):
        value = value[0] if value else None
    if not isinstance(value, int | float | Fraction | IFDRational):
        return None
    try:
        number = float(value)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def _rounded(value: object) -> float | None:
    number = _number(value)
    return round(number, 2) if number is not None else None


def _exposure(value: object) -> str | None:
    seconds = _number(value)
    if seconds is None:
        return None
    if seconds >= 1 or round(1 / seconds, 1) != round(1 / seconds):
        return f"{seconds:.4g}"
    return f"1/{round(1 / seconds)}"


def _camera(exif: Image.Exif) -> dict[str, str | int | float]:
    """The photographic facts of the EXIF (never its GPS block), cleaned for JSON."""
    details = exif.get_ifd(_EXIF_IFD)
    found: dict[str, str | int | float | None] = {
        "make": _text(exif.get(0x010F)),
        "model": _text(exif.get(0x0110)),
        "lens": _text(details.get(0xA434)),
        "exposure_time": _exposure(details.get(0x829A)),
        "f_number": _rounded(details.get(0x829D)),
        "focal_length": _rounded(details.get(0x920A)),
        "taken_at": _text(details.get(0x9003), 32),
    }
    iso = _number(details.get(0x8827))
    found["iso"] = int(iso) if iso is not None and iso < 1_000_000_000 else None
    return {key: value for key, value in found.items() if value is not None}


def _orientation(exif: Image.Exif) -> int:
    value = exif.get(_ORIENTATION, 1)
    return value if isinstance(value, int) and value in _TRANSPOSE else 1


def _crop_window(
    size: tuple[int, int], focus: tuple[float, float], aspect: float | None = None
) -> tuple[int, int, int, int]:
    """Return the largest box of the chosen `aspect` (else within Instagram's aspect range), placed to keep the
    focal point as central as it can."""
    width, height = size
    low, high = (aspect, aspect) if aspect is not None else (MIN_ASPECT, MAX_ASPECT)
    crop_width, crop_height = width, height
    if width / height < low:
        crop_height = max(1, min(height, round(width / low)))
    elif width / height > high:
        crop_width = max(1, min(width, round(height * high)))
    point_x = (focus[0] + 1) / 2 * width
    point_y = (1 - focus[1]) / 2 * height  # Mastodon's y points up
    left = min(max(round(point_x - crop_width / 2), 0), width - crop_width)
    top = min(max(round(point_y - crop_height / 2), 0), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def _stored_box(
    box: tuple[float, float, float, float], stored: tuple[int, int], orientation: int
) -> tuple[float, float, float, float]:
    """Map a box in the upright image to the same pixels in the image as stored (before its EXIF turn)."""
    width, height = stored
    left, top, right, bottom = box
    if orientation in {5, 6, 7, 8}:  # turned a quarter: upright x runs along the stored y
        left, top, right, bottom = top, left, bottom, right
    if orientation in {2, 3, 7, 8}:
        left, right = width - right, width - left
    if orientation in {3, 4, 6, 7}:
        top, bottom = height - bottom, height - top
    return left, top, right, bottom


def _plan(crop: tuple[int, int], limits: ImageLimits) -> list[tuple[str, int, int]]:
    """Name and size the renditions, largest first: each target width the crop reaches, and its own size if smaller."""
    width, height = crop
    targets = sorted(limits.widths, reverse=True)
    plan = [(str(target), target) for target in targets if target <= width]
    if width < targets[0]:
        plan.insert(0, ("full", width))
    return [(name, target, max(1, round(height * target / width))) for name, target in plan]


def _working_mode(image: Image.Image) -> str:
    if image.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or image.has_transparency_data:
        return "RGBa"
    if image.mode in {"CMYK", "L", "RGB"}:
        return image.mode
    if image.mode in {"1", "I", "F"} or image.mode.startswith("I;16"):
        return "L"
    return "RGB"


def _converted(image: Image.Image, mode: str) -> Image.Image:
    if image.mode in {"I", "F"} or image.mode.startswith("I;16"):
        image = image.point(lambda value: value / 256)  # 16-bit samples to 8
    if mode == "RGBa" and image.mode != "RGBA":
        image = image.convert("RGBA")
    return image if image.mode == mode else image.convert(mode)


def _reduced(
    image: Image.Image, box: tuple[float, ...], factor: int, mode: str
) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """Shrink the box's pixels by a whole factor in `mode`, converting strip by strip (never a full-size copy)."""
    left, top = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
    right, bottom = min(image.width, math.ceil(box[2])), min(image.height, math.ceil(box[3]))
    result = Image.new(mode, (-(-(right - left) // factor), -(-(bottom - top) // factor)))
    rows = factor * max(1, _STRIP_PIXELS // ((right - left) * factor))
    for row in range(top, bottom, rows):
        strip = _converted(image.crop((left, row, right, min(row + rows, bottom))), mode)
        result.paste(strip.reduce(factor) if factor > 1 else strip, (0, (row - top) // factor))
    scaled = tuple(
        min(max((edge - origin) / factor, 0.0), limit)
        for edge, origin, limit in zip(box, (left, top, left, top), (*result.size, *result.size), strict=True)
    )
    return result, (scaled[0], scaled[1], scaled[2], scaled[3])


def _srgb_transform(icc_profile: bytes, mode: str, target: str) -> ImageCms.ImageCmsTransform:
    return ImageCms.ImageCmsTransform(
        ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
        _SRGB,
        mode,
        target,
        ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


# Making a transform is a good part of the cost of applying it (docs/performance.md), and phones embed the same
# few small profiles in every photo: those transforms are kept. Large profiles are not, so memory stays bounded.
_kept_srgb_transform = functools.lru_cache(maxsize=16)(_srgb_transform)
_KEPT_PROFILE_BYTES = 64 * 1024


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert to sRGB through the embedded profile (pixels without one are taken as sRGB), as RGB or RGBA."""
    if image.mode == "RGBa":
        image = image.convert("RGBA")
    target = "RGBA" if image.mode in {"RGBA", "LA"} else "RGB"
    if icc_profile:
        try:
            make = _kept_srgb_transform if len(icc_profile) <= _KEPT_PROFILE_BYTES else _srgb_transform
            converted = make(icc_profile, image.mode, target).apply(image)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # A profile lcms cannot use, or one for other pixels than these: take them as sRGB.
        if converted is not None:
            image = converted
    if image.mode != target:
        image = image.convert(target)
    if target == "RGBA" and image.getchannel("A").getextrema()[0] == 255:
        image = image.convert("RGB")  # An alpha channel with nothing transparent in it.
    image.info = {}
    return image


def _opaque(image: Image.Image) -> Image.Image:
    """The image on white, for formats and uses without transparency."""
    if image.mode != "RGBA":
        return image.convert("RGB") if image.mode != "RGB" else image
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def _blurhash(image: Image.Image) -> str:
    """The blurhash of the smallest rendition, from a copy a few dozen pixels wide (4x3 components need no more:
    the hash is the same, and the encoder takes a fraction of the time)."""
    hashed = _opaque(image)
    if hashed.width > _BLURHASH_WIDTH:
        size = (_BLURHASH_WIDTH, max(1, round(hashed.height * _BLURHASH_WIDTH / hashed.width)))
        hashed = hashed.resize(size, Image.Resampling.BOX)
    elif hashed is image:
        hashed = image.copy()  # blurhash closes the image it is given
    with warnings.catch_warnings():
        # blurhash-python 1.2.2 reads pixels with Image.getdata, deprecated in Pillow 13 and gone in Pillow 14.
        warnings.filterwarnings("ignore", r"Image\.Image\.getdata is deprecated", DeprecationWarning)
        return str(blurhash.encode(hashed, *BLURHASH_COMPONENTS))


def _fit(size: int, length: int, centre: float) -> int:
    """The start of a window of `size` within `length`, as close to centred on `centre` as it can be."""
    return min(max(round(centre - size / 2), 0), length - size)


@dataclass(frozen=True)
class _Facts:
    """What the header and metadata say, read before any pixel is decoded."""

    stored: tuple[int, int]
    mode: str
    upright: tuple[int, int]
    orientation: int
    camera: dict[str, str | int | float]
    icc_profile: bytes | None
    has_metadata: bool
    animated: bool


@dataclass
class _Pipeline:
    source: Path
    work_dir: Path
    mime: str
    structure: Layout
    focus: tuple[float, float]
    aspect: float | None
    formats: list[str]
    limits: ImageLimits
    encoders: EncoderSettings
    written: list[Path]
    renditions: list[Rendition] = field(default_factory=list)
    encoder_pool: ThreadPoolExecutor | None = None
    encoding: list[Future[None]] = field(default_factory=list)

    def _open(self) -> Image.Image:
        plugin, reported = _PLUGINS[self.mime]
        image = Image.open(self.source, formats=[plugin])
        if image.format not in reported:
            image.close()
            raise MediaRefused(f"The file's content does not match its type ({self.mime}).")
        if image.width * image.height > self.limits.max_pixels:
            size = image.size
            image.close()
            raise MediaRefused(_too_many_pixels(self.limits, size))
        return image

    def run(self, encode_threads: int) -> ProcessedMedia:
        with _reading(self.limits):
            with self._open() as probe:
                probe.verify()  # PNG checks every chunk's CRC; the others check what their format allows.
            image = self._open()
        try:
            with _reading(self.limits):
                facts = self._facts(image)
                durations = self._check_frames(image) if facts.animated else []
            crop = _crop_window(facts.upright, self.focus, self.aspect)
            crop_size = (crop[2] - crop[0], crop[3] - crop[1])
            plan = _plan(crop_size, self.limits)
            with _reading(self.limits):
                largest = self._decode_largest(image, facts, crop, plan[0][1:])
            if facts.animated:
                self._write_animation(image, facts, crop, durations)
        finally:
            image.close()
        if encode_threads and any(ENCODERS[name].off_thread for name in self.formats):
            # Leaving the block waits for every encode, so a refusal or error cleans up only finished files.
            with ThreadPoolExecutor(encode_threads, thread_name_prefix="photogram-encode") as pool:
                self.encoder_pool = pool
                smallest = self._write_cascade(largest, plan, facts, crop_size)
                self._write_thumbnail(smallest, crop, facts.upright)
            self.encoder_pool = None
            for encode in self.encoding:
                encode.result()  # raises what an encoder thread raised
        else:
            smallest = self._write_cascade(largest, plan, facts, crop_size)
            self._write_thumbnail(smallest, crop, facts.upright)
        return ProcessedMedia(
            kind="gifv" if facts.animated else "image",
            width=facts.upright[0],
            height=facts.upright[1],
            renditions=self.renditions,
            blurhash=_blurhash(smallest),
            camera=facts.camera,
        )

    def _facts(self, image: Image.Image) -> _Facts:
        animated = image.format in _ANIMATABLE and bool(getattr(image, "is_animated", False))
        try:
            exif = image.getexif()
            orientation, camera = _orientation(exif), _camera(exif)
        except _UNREADABLE:
            orientation, camera = 1, {}  # EXIF too damaged to read: the pixels are still good.
        if animated:
            orientation = 1  # Frames are shown as stored, as browsers show animations.
        stored = image.size
        upright = (stored[1], stored[0]) if orientation in {5, 6, 7, 8} else stored
        icc_profile = image.info.get("icc_profile")
        carried = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(image.info)
        return _Facts(
            stored=stored,
            mode=image.mode,
            upright=upright,
            orientation=orientation,
            camera=camera,
            icc_profile=icc_profile if isinstance(icc_profile, bytes) else None,
            has_metadata=bool(carried or self.structure.metadata or image.format == "MPO"),
            animated=animated,
        )

    def _check_frames(self, image: Image.Image) -> list[int]:
        """Decode every frame once (a damaged one refuses the upload here) and return their durations in ms."""
        count = int(getattr(image, "n_frames", 1))
        if count > self.limits.max_frames or count * image.width * image.height > self.limits.max_animation_pixels:
            raise MediaRefused(
                f"The animation is too long: {count} frames of {image.width}x{image.height} is more than "
                "Photogram processes."
            )
        durations = []
        for index in range(count):
            image.seek(index)
            if image.width * image.height > self.limits.max_pixels:
                raise MediaRefused(_too_many_pixels(self.limits, image.size))
            image.load()
            duration = image.info.get("duration")
            # Browsers show frames meant to last under 20 ms for 100 ms; so does the animation.
            durations.append(int(duration) if isinstance(duration, int | float) and duration >= 20 else 100)
        image.seek(0)
        return durations

    def _decode_largest(
        self, image: Image.Image, facts: _Facts, crop: tuple[int, int, int, int], size: tuple[int, int]
    ) -> Image.Image:
        """Decode at the smallest size that still covers the largest rendition, and make that rendition."""
        turned = facts.orientation in {5, 6, 7, 8}
        stored_size = (size[1], size[0]) if turned else size
        box = _stored_box(crop, facts.stored, facts.orientation)
        scale = (size[0] / (crop[2] - crop[0]), size[1] / (crop[3] - crop[1]))
        if not facts.animated and max(scale) < 1:
            wanted = (math.ceil(facts.stored[0] * max(scale)), math.ceil(facts.stored[1] * max(scale)))
            drafted = image.draft(image.mode, wanted)
            if drafted is not None:
                ratio = (drafted[1][2] / facts.stored[0], drafted[1][3] / facts.stored[1])
                box = (box[0] * ratio[0], box[1] * ratio[1], box[2] * ratio[0], box[3] * ratio[1])
        image.load()
        box = (max(box[0], 0.0), max(box[1], 0.0), min(box[2], image.width), min(box[3], image.height))
        mode = _working_mode(image)
        shrink = min((box[2] - box[0]) / stored_size[0], (box[3] - box[1]) / stored_size[1])
        factor = max(1, int(shrink / _REDUCING_GAP))
        source: Image.Image = image
        if factor > 1 or image.mode not in _RESAMPLED_AS_IS or mode != image.mode:
            source, box = _reduced(image, box, factor, mode)
        largest = source.resize(stored_size, Image.Resampling.LANCZOS, box=(box[0], box[1], box[2], box[3]))
        del source  # the reduced copy, if one was made
        if facts.orientation != 1:
            largest = largest.transpose(_TRANSPOSE[facts.orientation])
        return _to_srgb(largest, facts.icc_profile)

    def _write_cascade(
        self, largest: Image.Image, plan: list[tuple[str, int, int]], facts: _Facts, crop_size: tuple[int, int]
    ) -> Image.Image:
        """Write each rendition, each one resized from the one before; return the smallest."""
        current = largest
        for index, (name, width, height) in enumerate(plan):
            if index:
                current = current.resize((width, height), Image.Resampling.LANCZOS)
            for file_format in self.formats:
                if self._can_copy(facts, crop_size, (width, height), file_format):
                    self._copy_source(name, file_format, (width, height))
                else:
                    self._write(current, name, file_format)
        return current

    def _can_copy(self, facts: _Facts, crop_size: tuple[int, int], size: tuple[int, int], file_format: str) -> bool:
        """Whether the upload's own bytes are already this rendition: served format and size, nothing to strip."""
        return (
            _SERVED_AS_IS.get(self.mime) == file_format
            and not facts.animated
            and not facts.has_metadata
            and facts.icc_profile is None
            and facts.orientation == 1
            and self.structure.end == self.structure.size
            and size == crop_size == facts.upright
            and facts.mode in {"L", "RGB", "RGBA"}
        )

    def _copy_source(self, name: str, file_format: str, size: tuple[int, int]) -> None:
        path = self.work_dir / f"{name}.{file_format}"
        self.written.append(path)
        shutil.copyfile(self.source, path)
        self.renditions.append(Rendition(name, file_format, *size, path, ENCODERS[file_format].content_type))

    def _write(self, image: Image.Image, name: str, file_format: str, **extra: Any) -> None:
        encoder = ENCODERS[file_format]
        path = self.work_dir / f"{name}.{file_format}"
        self.written.append(path)
        output = _opaque(image) if file_format == "jpeg" else image
        self.renditions.append(Rendition(name, file_format, image.width, image.height, path, encoder.content_type))
        options = {"format": encoder.pillow_format, **self.encoders.options(file_format), **extra}
        if self.encoder_pool is not None and encoder.off_thread:
            # Image.save keeps its options on the image object, so each thread saves a copy of its own.
            self.encoding.append(self.encoder_pool.submit(output.copy().save, path, **options))
        else:
            output.save(path, **options)

    def _write_thumbnail(
        self, smallest: Image.Image, crop: tuple[int, int, int, int], upright: tuple[int, int]
    ) -> None:
        """A square around the focal point, from the smallest rendition."""
        side = min(smallest.size)
        point_x = (self.focus[0] + 1) / 2 * upright[0] - crop[0]
        point_y = (1 - self.focus[1]) / 2 * upright[1] - crop[1]
        scale = smallest.width / (crop[2] - crop[0])
        left = _fit(side, smallest.width, point_x * scale)
        top = _fit(side, smallest.height, point_y * scale)
        thumbnail_side = self.limits.thumbnail_side
        thumbnail = smallest.resize(
            (thumbnail_side, thumbnail_side), Image.Resampling.LANCZOS, box=(left, top, left + side, top + side)
        )
        for file_format in self.formats:
            self._write(thumbnail, "thumbnail", file_format)

    def _write_animation(
        self, image: Image.Image, facts: _Facts, crop: tuple[int, int, int, int], durations: list[int]
    ) -> None:
        """An animated WebP at most `animation_width` wide, made one frame at a time."""
        if "webp" not in self.formats:
            return
        crop_width, crop_height = crop[2] - crop[0], crop[3] - crop[1]
        width = min(self.limits.animation_width, crop_width)
        size = (width, max(1, round(crop_height * width / crop_width)))
        frames = _Frames(image, (crop[0], crop[1], crop[2], crop[3]), size, len(durations))
        with _reading(self.limits):
            self._write(frames, "animation", "webp", save_all=True, duration=durations, loop=0)


class _Frames(Image.Image):
    """An animation's frames cropped and resized one at a time, as the encoder asks for each.

    Pillow's animated WebP encoder walks an image's frames with seek(); making each frame there, instead of
    handing it a list of ready frames, keeps a single frame in memory however long the animation is.
    """

    def __init__(self, source: Image.Image, box: tuple[int, int, int, int], size: tuple[int, int], count: int) -> None:
        super().__init__()
        self._source = source
        self._box = box
        self._count = count
        self._frame = -1
        self._mode = "RGBA"
        self._size = size
        self.seek(0)

    @property
    def n_frames(self) -> int:
        return self._count

    @property
    def is_animated(self) -> bool:
        return self._count > 1

    def tell(self) -> int:
        return self._frame

    def seek(self, frame: int) -> None:
        if frame == self._frame:
            return
        self._source.seek(frame)
        rgba = self._source.convert("RGBA")
        self.im = rgba.resize(self.size, Image.Resampling.LANCZOS, box=self._box).im
        self._frame = frame
