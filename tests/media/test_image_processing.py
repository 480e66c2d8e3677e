"""The image pipeline on real files: every accepted format, orientation, colour, metadata, cropping, and every
kind of bad input (each refused with a reason, leaving nothing behind)."""

from __future__ import annotations

import io
import random
import struct
from collections.abc import Callable
from pathlib import Path

import blurhash  # type: ignore[import-untyped]
import pytest
from PIL import Image, ImageOps
from PIL.WebPImagePlugin import WebPImageFile

from photogram.media.processing.images import ImageLimits, process_image
from photogram.media.processing.sniff import layout, sniff
from photogram.media.processing.types import MediaRefused, ProcessedMedia, Rendition
from tests.media.images import (
    BLUE,
    FORMATS,
    GPS_IFD,
    GREEN,
    RED,
    YELLOW,
    adobe_rgb_profile,
    adobe_rgb_to_srgb,
    animated_gif,
    bands,
    camera_exif,
    ebml,
    ftyp,
    marked,
    noise,
    png_header_only,
    quadrants,
    save,
    textured,
    with_metadata,
    zip_bytes,
)

WHITE = (255, 255, 255)
PILLOW_FORMAT = {"webp": "WEBP", "jpeg": "JPEG", "avif": "AVIF"}


def _process(source: Path, tmp_path: Path, **options: object) -> ProcessedMedia:
    work_dir = tmp_path / "out"
    work_dir.mkdir(parents=True, exist_ok=True)
    return process_image(source, work_dir, **options)  # type: ignore[arg-type]


def _sizes(result: ProcessedMedia) -> dict[tuple[str, str], tuple[int, int]]:
    return {(r.name, r.format): (r.width, r.height) for r in result.renditions}


def _files(result: ProcessedMedia) -> dict[tuple[str, str], bytes]:
    return {(r.name, r.format): r.path.read_bytes() for r in result.renditions}


def _pixel(rendition: Rendition, x: float, y: float) -> tuple[int, ...]:
    """The colour at a point given as fractions of the rendition's width and height."""
    with Image.open(rendition.path) as image:
        converted = image.convert("RGBA" if image.mode == "RGBA" else "RGB")
        point = (min(int(x * image.width), image.width - 1), min(int(y * image.height), image.height - 1))
        value = converted.getpixel(point)
    assert isinstance(value, tuple)
    return value


def _near(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=False))


def _named(result: ProcessedMedia, name: str, file_format: str = "jpeg") -> Rendition:
    return next(r for r in result.renditions if r.name == name and r.format == file_format)


def _assert_served_clean(rendition: Rendition) -> None:
    """The file is what it claims, at its stated size, and carries pixels only: no EXIF (GPS), XMP or ICC."""
    data = rendition.path.read_bytes()
    assert b"GPS" not in data
    assert b"Exif" not in data
    assert b"TestCam" not in data
    assert b"adobe:ns:meta" not in data  # XMP
    with Image.open(rendition.path) as image:
        assert image.format == PILLOW_FORMAT[rendition.format]
        assert image.size == (rendition.width, rendition.height)
        assert GPS_IFD not in image.getexif()
        assert len(image.getexif()) == 0
        assert not {"icc_profile", "xmp", "exif"} & set(image.info)
    assert rendition.content_type == f"image/{rendition.format}"


def _refused(source: Path, tmp_path: Path, **options: object) -> str:
    """Run the pipeline expecting a refusal; check it has a reason and left nothing behind."""
    work_dir = tmp_path / "out"
    work_dir.mkdir()
    with pytest.raises(MediaRefused) as refused:
        process_image(source, work_dir, **options)  # type: ignore[arg-type]
    assert list(work_dir.iterdir()) == []
    assert refused.value.reason
    return refused.value.reason


# Accepted formats


@pytest.mark.parametrize("file_format", ["JPEG", "PNG", "WEBP", "HEIF", "AVIF", "GIF"])
def test_each_format_gives_every_rendition_upright_and_without_metadata(tmp_path: Path, file_format: str) -> None:
    source = save(
        marked((1600, 1200)), tmp_path / f"photo.{FORMATS[file_format]}", file_format, **with_metadata(file_format)
    )
    with Image.open(source) as original:
        assert "xmp" in original.info or "XML:com.adobe.xmp" in original.info or file_format == "GIF"

    result = _process(source, tmp_path)

    assert result.kind == "image"
    assert (result.width, result.height) == (1600, 1200)
    expected = {"1080": (1080, 810), "640": (640, 480), "320": (320, 240), "thumbnail": (150, 150)}
    assert _sizes(result) == {(name, fmt): size for name, size in expected.items() for fmt in ("webp", "jpeg")}
    for rendition in result.renditions:
        assert rendition.path.parent == tmp_path / "out"
        _assert_served_clean(rendition)
        if rendition.name != "thumbnail":
            assert _near(_pixel(rendition, 0.02, 0.02), RED)
            assert _near(_pixel(rendition, 0.98, 0.98), BLUE)
    if file_format != "GIF":
        assert result.camera["make"] == "TestCam"
        assert not any("gps" in key.lower() for key in result.camera)


def test_avif_renditions_when_asked_for(tmp_path: Path) -> None:
    source = save(marked((1600, 1200)), tmp_path / "photo.jpg", "JPEG", exif=camera_exif())

    result = _process(source, tmp_path, formats=("avif",))

    assert _sizes(result) == {
        ("1080", "avif"): (1080, 810),
        ("640", "avif"): (640, 480),
        ("320", "avif"): (320, 240),
        ("thumbnail", "avif"): (150, 150),
    }
    for rendition in result.renditions:
        _assert_served_clean(rendition)


def test_an_animated_gif_becomes_an_animated_webp_and_a_still_set(tmp_path: Path) -> None:
    # 800x300 is wider than 1.91:1, so every frame is cropped to 573x300 around the centre.
    source = animated_gif(tmp_path / "loop.gif", (800, 300), [RED, GREEN, BLUE, YELLOW], [100, 200, 50, 10])

    result = _process(source, tmp_path)

    assert result.kind == "gifv"
    assert (result.width, result.height) == (800, 300)
    assert _sizes(result) == {
        ("animation", "webp"): (573, 300),
        ("full", "webp"): (573, 300),
        ("full", "jpeg"): (573, 300),
        ("320", "webp"): (320, 168),
        ("320", "jpeg"): (320, 168),
        ("thumbnail", "webp"): (150, 150),
        ("thumbnail", "jpeg"): (150, 150),
    }
    with Image.open(_named(result, "animation", "webp").path) as animation:
        assert isinstance(animation, WebPImageFile)
        assert animation.n_frames == 4
        colours, durations = [], []
        for index in range(4):
            animation.seek(index)
            animation.load()
            colour = animation.convert("RGB").getpixel((286, 150))
            assert isinstance(colour, tuple)
            colours.append(colour)
            durations.append(animation.info["duration"])
    assert all(_near(c, e) for c, e in zip(colours, [RED, GREEN, BLUE, YELLOW], strict=True)), colours
    assert durations == [100, 200, 50, 100]  # a 10 ms frame plays for 100 ms, as in browsers
    assert _near(_pixel(_named(result, "full"), 0.5, 0.5), RED)  # the still set shows the first frame
    for rendition in result.renditions:
        _assert_served_clean(rendition)


def test_an_animated_webp_stays_animated(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (200, 200), colour) for colour in (RED, GREEN, BLUE)]
    source = tmp_path / "loop.webp"
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=80, loop=0)

    result = _process(source, tmp_path)

    assert result.kind == "gifv"
    with Image.open(_named(result, "animation", "webp").path) as animation:
        assert isinstance(animation, WebPImageFile)
        assert (animation.n_frames, animation.size) == (3, (200, 200))


def test_an_animation_asked_for_without_webp_has_its_still_set_only(tmp_path: Path) -> None:
    source = animated_gif(tmp_path / "loop.gif", (200, 200), [RED, GREEN], [100, 100])

    result = _process(source, tmp_path, formats=("jpeg",))

    assert result.kind == "gifv"
    assert set(_sizes(result)) == {("full", "jpeg"), ("thumbnail", "jpeg")}


def test_a_single_frame_gif_is_an_image(tmp_path: Path) -> None:
    source = save(Image.new("RGB", (200, 200), GREEN), tmp_path / "still.gif", "GIF")

    result = _process(source, tmp_path)

    assert result.kind == "image"
    assert ("animation", "webp") not in _sizes(result)


def test_content_decides_the_format_not_the_name(tmp_path: Path) -> None:
    source = save(marked((400, 300)), tmp_path / "photo.jpg", "PNG")

    result = _process(source, tmp_path)

    assert _sizes(result)[("full", "webp")] == (400, 300)


# Orientation, colour, metadata


@pytest.mark.parametrize(
    ("size", "orientation"),
    [((480, 400), orientation) for orientation in range(1, 9)]
    # Large enough to be decoded at half size (JPEG DCT scaling): the crop box is mapped through the scale too.
    + [((4000, 3000), orientation) for orientation in (3, 5, 6, 8)],
)
def test_exif_orientation_turns_the_picture_upright(tmp_path: Path, size: tuple[int, int], orientation: int) -> None:
    source = save(quadrants(size), tmp_path / "turned.jpg", "JPEG", exif=camera_exif(orientation=orientation))
    with Image.open(source) as stored:
        upright = ImageOps.exif_transpose(stored).convert("RGB")

    result = _process(source, tmp_path)

    assert (result.width, result.height) == upright.size
    largest = result.renditions[0]
    if size == (480, 400):  # 480x400 and 400x480 are both within the aspect range: nothing is cropped
        assert (largest.name, largest.width, largest.height) == ("full", *upright.size)
    else:  # 3000x4000 upright is taller than 4:5
        assert (largest.name, largest.width) == ("1080", 1080)
        assert largest.height == (1350 if upright.height > upright.width else 810)
    for x, y in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]:
        expected = upright.getpixel((int(x * upright.width), int(y * upright.height)))
        assert isinstance(expected, tuple)
        assert _near(_pixel(largest, x, y), expected), (orientation, x, y)
    for rendition in result.renditions:
        _assert_served_clean(rendition)


def test_a_rotated_phone_photo_is_upright_and_clamped_to_four_by_five(tmp_path: Path) -> None:
    # Stored 1600x1200 with orientation 6: upright it is 1200x1600, taller than 4:5, so cropped to 1200x1500.
    source = save(marked((1600, 1200)), tmp_path / "phone.jpg", "JPEG", exif=camera_exif(orientation=6))

    result = _process(source, tmp_path)

    assert (result.width, result.height) == (1200, 1600)
    largest = _named(result, "1080")
    assert (largest.width, largest.height) == (1080, 1350)
    assert _near(_pixel(largest, 0.98, 0.02), RED), "the top-left block is at the top right after a 90° turn"
    assert _near(_pixel(largest, 0.02, 0.02), BLUE)


@pytest.mark.parametrize(("file_format", "alpha"), [("PNG", None), ("JPEG", None), ("PNG", 128)])
def test_an_embedded_colour_profile_is_converted_to_srgb(tmp_path: Path, file_format: str, alpha: int | None) -> None:
    adobe = (200, 80, 60)
    expected = adobe_rgb_to_srgb(adobe)  # (230, 79, 56): far enough from the raw values to tell
    source = tmp_path / f"adobe.{FORMATS[file_format]}"
    image = Image.new("RGB", (64, 64), adobe) if alpha is None else Image.new("RGBA", (64, 64), (*adobe, alpha))
    save(image, source, file_format, icc_profile=adobe_rgb_profile())

    result = _process(source, tmp_path)

    for rendition in result.renditions:
        _assert_served_clean(rendition)
        if alpha is not None and rendition.format == "jpeg":
            continue  # flattened on white
        colour = _pixel(rendition, 0.5, 0.5)
        assert _near(colour[:3], expected, 4), (rendition.name, rendition.format, colour, expected)
        assert not _near(colour[:3], adobe, 12)
        if alpha is not None:
            assert _near(colour[3:], (alpha,), 2)


def test_a_profile_too_large_to_keep_converts_as_a_kept_one_does(tmp_path: Path) -> None:
    # Transforms of small profiles are kept between images, those of large ones are made each time.
    image = textured((640, 480))
    small = save(image, tmp_path / "small.png", "PNG", icc_profile=adobe_rgb_profile())
    large = save(image, tmp_path / "large.png", "PNG", icc_profile=adobe_rgb_profile() + bytes(70_000))

    kept = [_process(small, tmp_path / f"small-{run}") for run in range(2)]
    made = _process(large, tmp_path / "large")

    for result in kept:
        assert _files(result) == _files(made)


def test_camera_details_are_extracted_and_gps_is_not(tmp_path: Path) -> None:
    source = save(marked((400, 300)), tmp_path / "photo.jpg", "JPEG", exif=camera_exif())

    result = _process(source, tmp_path)

    assert result.camera == {
        "make": "TestCam",
        "model": "Model 1",
        "lens": "TestLens 24mm F1.8",
        "exposure_time": "1/250",
        "f_number": 2.8,
        "iso": 400,
        "focal_length": 4.25,
        "taken_at": "2024:05:01 12:34:56",
    }


def test_odd_exif_values_are_cleaned_or_dropped(tmp_path: Path) -> None:
    exif = camera_exif(gps=False)
    exif[0x010F] = "Canon\x00\x00 "
    details = exif.get_ifd(0x8769)
    details[0x829A] = 2.5  # a long exposure, in seconds
    details[0x829D] = float("nan")
    details[0x8827] = (800, 0)
    source = save(marked((400, 300)), tmp_path / "photo.jpg", "JPEG", exif=exif)

    camera = _process(source, tmp_path).camera

    assert (camera["make"], camera["exposure_time"], camera["iso"]) == ("Canon", "2.5", 800)
    assert "f_number" not in camera


def test_transparency_is_kept_in_webp_and_flattened_on_white_in_jpeg(tmp_path: Path) -> None:
    # Left half opaque red, right half fully transparent over green: the hidden green must not bleed.
    image = Image.new("RGBA", (1200, 1000), (0, 255, 0, 0))
    image.paste((*RED, 255), (0, 0, 600, 1000))
    source = save(image, tmp_path / "cutout.png", "PNG")

    # Small rendition widths make the first resize a strip-by-strip reduction of the 1200 px source.
    result = _process(source, tmp_path, limits=ImageLimits(widths=(200, 100)))

    webp, jpeg = _named(result, "200", "webp"), _named(result, "200", "jpeg")
    assert _near(_pixel(webp, 0.2, 0.5), (*RED, 255))
    assert _pixel(webp, 0.8, 0.5)[3] == 0
    with Image.open(webp.path) as output:
        rgba = output.convert("RGBA")
        for x in range(rgba.width):
            red, green, _, alpha = rgba.getpixel((x, 50))  # type: ignore[misc]
            assert alpha < 30 or green < 60, (x, red, green, alpha)
    assert _near(_pixel(jpeg, 0.2, 0.5), RED)
    assert _near(_pixel(jpeg, 0.8, 0.5), WHITE)


def test_palette_sixteen_bit_and_cmyk_sources_come_out_as_srgb(tmp_path: Path) -> None:
    palette = Image.new("RGB", (300, 200), GREEN).quantize(colors=4)
    palette.info["transparency"] = 0
    deep = Image.new("I;16", (300, 200), 40000)  # 40000 of 65535 is about 156 of 255
    cmyk = Image.new("CMYK", (300, 200), (0, 255, 255, 0))  # red, with no profile: converted naively
    sources = [
        save(palette, tmp_path / "palette.png", "PNG", transparency=0),
        save(deep, tmp_path / "deep.png", "PNG"),
        save(cmyk, tmp_path / "print.jpg", "JPEG"),
    ]
    colours = []
    for index, source in enumerate(sources):
        result = _process(source, tmp_path / str(index))
        colours.append(_pixel(_named(result, "full", "webp"), 0.5, 0.5))
    assert colours[0][3] == 0
    assert _near(colours[1], (156, 156, 156), 3)
    assert _near(colours[2], (255, 0, 0))


# Aspect, focus, sizes


@pytest.mark.parametrize(
    ("focus", "top", "middle", "bottom"),
    [
        ((0.0, 1.0), RED, RED, BLUE),  # y = 1 is the top in Mastodon's convention
        ((0.0, 0.0), RED, BLUE, GREEN),
        ((0.0, -1.0), BLUE, GREEN, GREEN),
    ],
)
def test_a_tall_image_is_cropped_to_four_by_five_around_the_focus(
    tmp_path: Path, focus: tuple[float, float], top: tuple[int, ...], middle: tuple[int, ...], bottom: tuple[int, ...]
) -> None:
    source = save(bands((1000, 3000), [RED, BLUE, GREEN]), tmp_path / "tall.png", "PNG")

    result = _process(source, tmp_path, focus=focus)

    assert (result.width, result.height) == (1000, 3000)
    assert _sizes(result)[("full", "jpeg")] == (1000, 1250)
    assert _sizes(result)[("640", "jpeg")] == (640, 800)
    full = _named(result, "full")
    assert _near(_pixel(full, 0.5, 0.01), top)
    assert _near(_pixel(full, 0.5, 0.5), middle)
    assert _near(_pixel(full, 0.5, 0.99), bottom)


@pytest.mark.parametrize(
    ("focus", "left", "middle", "right"),
    [((1.0, 0.0), BLUE, GREEN, GREEN), ((-1.0, 0.0), RED, RED, BLUE), ((0.0, 0.0), RED, BLUE, GREEN)],
)
def test_a_wide_image_is_cropped_to_one_point_nine_one_around_the_focus(
    tmp_path: Path, focus: tuple[float, float], left: tuple[int, ...], middle: tuple[int, ...], right: tuple[int, ...]
) -> None:
    source = save(bands((3000, 1000), [RED, BLUE, GREEN], vertical=False), tmp_path / "wide.png", "PNG")

    result = _process(source, tmp_path, focus=focus)

    assert _sizes(result)[("1080", "webp")] == (1080, 565)  # 1910x1000 scaled to 1080 wide
    largest = _named(result, "1080")
    assert _near(_pixel(largest, 0.01, 0.5), left)
    assert _near(_pixel(largest, 0.5, 0.5), middle)
    assert _near(_pixel(largest, 0.99, 0.5), right)


@pytest.mark.parametrize(
    ("size", "aspect", "largest"),
    [
        ((1600, 900), 1.0, (900, 900)),  # a landscape photo cut square
        ((1600, 900), 0.8, (720, 900)),  # and to portrait
        ((900, 1600), 1.91, (900, 471)),  # a portrait photo cut to landscape
        ((1000, 1000), 0.8, (800, 1000)),
    ],
)
def test_a_chosen_crop_cuts_the_original_to_that_shape_once(
    tmp_path: Path, size: tuple[int, int], aspect: float, largest: tuple[int, int]
) -> None:
    source = save(bands(size, [RED, BLUE, GREEN], vertical=False), tmp_path / "photo.png", "PNG")

    result = _process(source, tmp_path, aspect=aspect)

    assert (result.width, result.height) == size  # the original's, as before
    made = _sizes(result)
    assert made[("full", "jpeg")] == largest
    width, height = made[("320", "jpeg")]
    assert abs(width / height - aspect) < 0.02
    middle = _named(result, "full")
    assert _near(_pixel(middle, 0.5, 0.5), BLUE)


def test_a_crop_outside_instagrams_range_is_a_programming_error(tmp_path: Path) -> None:
    source = save(bands((100, 100), [RED, BLUE]), tmp_path / "photo.png", "PNG")
    with pytest.raises(ValueError, match="aspect"):
        _process(source, tmp_path, aspect=3.0)


@pytest.mark.parametrize(
    ("focus", "left", "middle", "right"),
    [((-1.0, 0.0), RED, RED, BLUE), ((0.0, 0.0), RED, None, BLUE), ((1.0, 0.0), RED, BLUE, BLUE)],
)
def test_the_thumbnail_is_a_square_around_the_focus(
    tmp_path: Path,
    focus: tuple[float, float],
    left: tuple[int, ...],
    middle: tuple[int, ...] | None,
    right: tuple[int, ...],
) -> None:
    # Red then blue halves: the 900 px square covers x 0-900 (focus left), 350-1250, or 700-1600 (focus right).
    source = save(bands((1600, 900), [RED, BLUE], vertical=False), tmp_path / "pair.jpg", "JPEG")

    thumbnail = _named(_process(source, tmp_path, focus=focus), "thumbnail")

    assert (thumbnail.width, thumbnail.height) == (150, 150)
    assert _near(_pixel(thumbnail, 0.05, 0.5), left)
    if middle is not None:
        assert _near(_pixel(thumbnail, 0.5, 0.5), middle)
    assert _near(_pixel(thumbnail, 0.95, 0.5), right)


def test_a_small_image_gets_its_own_size_and_the_smaller_widths(tmp_path: Path) -> None:
    source = save(marked((400, 300)), tmp_path / "small.png", "PNG")

    result = _process(source, tmp_path)

    assert _sizes(result) == {
        (name, fmt): size
        for name, size in {"full": (400, 300), "320": (320, 240), "thumbnail": (150, 150)}.items()
        for fmt in ("webp", "jpeg")
    }


def test_a_tiny_image_still_gets_a_full_size_thumbnail(tmp_path: Path) -> None:
    source = save(marked((40, 30)), tmp_path / "tiny.png", "PNG")

    assert _sizes(_process(source, tmp_path)) == {
        ("full", "webp"): (40, 30),
        ("full", "jpeg"): (40, 30),
        ("thumbnail", "webp"): (150, 150),
        ("thumbnail", "jpeg"): (150, 150),
    }


def test_a_small_served_file_without_metadata_is_copied_as_it_is(tmp_path: Path) -> None:
    jpeg = save(textured((400, 300)), tmp_path / "plain.jpg", "JPEG", quality=90)
    webp = save(textured((400, 300)), tmp_path / "plain.webp", "WEBP", quality=90)
    with_exif = save(textured((400, 300)), tmp_path / "exif.jpg", "JPEG", quality=90, exif=camera_exif(gps=False))

    from_jpeg = _process(jpeg, tmp_path / "jpeg")
    from_webp = _process(webp, tmp_path / "webp")
    from_exif = _process(with_exif, tmp_path / "exif")

    assert _named(from_jpeg, "full", "jpeg").path.read_bytes() == jpeg.read_bytes()
    assert _named(from_jpeg, "full", "webp").path.read_bytes() != webp.read_bytes()
    assert _named(from_webp, "full", "webp").path.read_bytes() == webp.read_bytes()
    assert _named(from_exif, "full", "jpeg").path.read_bytes() != with_exif.read_bytes()
    for rendition in [*from_jpeg.renditions, *from_webp.renditions, *from_exif.renditions]:
        _assert_served_clean(rendition)


def test_a_motion_photo_is_accepted_and_its_video_dropped(tmp_path: Path) -> None:
    # Phones append a video (or vendor data) after the JPEG's end; it is not a hidden archive.
    photo = io.BytesIO()
    textured((400, 300)).save(photo, format="JPEG")
    source = tmp_path / "motion.jpg"
    source.write_bytes(photo.getvalue() + ftyp(b"mp42", b"isom") + bytes(2000))

    result = _process(source, tmp_path)

    full = _named(result, "full", "jpeg")
    assert full.path.read_bytes() != source.read_bytes()
    assert b"ftyp" not in full.path.read_bytes()


def test_the_blurhash_has_the_length_of_four_by_three_components(tmp_path: Path) -> None:
    source = save(marked((800, 600)), tmp_path / "photo.jpg", "JPEG")

    hashed = _process(source, tmp_path).blurhash

    assert len(hashed) == 28  # size flag, maximum, DC (4) and 11 AC components of 2 characters
    assert blurhash.is_valid_blurhash(hashed)


# Refusals


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _jpeg_bytes(size: tuple[int, int] = (256, 192)) -> bytes:
    buffer = io.BytesIO()
    textured(size).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _png_with_bad_crc() -> bytes:
    buffer = io.BytesIO()
    textured((64, 64)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    data[-20] ^= 0xFF  # inside the last IDAT chunk's data
    return bytes(data)


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zero bytes": (lambda tmp: _write(tmp / "empty.jpg", b""), "empty"),
    "text named .jpg": (lambda tmp: _write(tmp / "notes.jpg", b"not a photo at all\n" * 20), "not a supported image"),
    "corrupt bytes": (lambda tmp: _write(tmp / "noise.jpg", b"\xff\xd8\xff\xe0" + noise(900)), "damaged"),
    "truncated jpeg": (lambda tmp: _write(tmp / "cut.jpg", _jpeg_bytes()[:5000]), "incomplete"),
    "png with a bad checksum": (lambda tmp: _write(tmp / "bad.png", _png_with_bad_crc()), "damaged"),
    "jpeg and zip polyglot": (lambda tmp: _write(tmp / "both.jpg", _jpeg_bytes() + zip_bytes()), "archive"),
    "gif magic over a png": (
        lambda tmp: _write(tmp / "liar.gif", b"GIF89a" + png_header_only(10, 10)),
        "not a valid image of its type",
    ),
    "bmp": (lambda tmp: save(marked((64, 48)), tmp / "old.bmp", "BMP"), "not a supported image format"),
    "tiff": (lambda tmp: save(marked((64, 48)), tmp / "scan.tif", "TIFF"), "not a supported image format"),
    "video": (lambda tmp: _write(tmp / "clip.jpg", ftyp(b"isom", b"isom", b"avc1")), "is a video"),
    # 100 megapixels declared: Pillow warns (a warning must not escape; it is a refusal).
    "bomb that pillow warns about": (lambda tmp: _write(tmp / "bomb.png", png_header_only(10_000, 10_000)), "pixels"),
    # 10 gigapixels declared: Pillow raises.
    "bomb that pillow refuses": (lambda tmp: _write(tmp / "bomb.png", png_header_only(100_000, 100_000)), "pixels"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_with_a_reason_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    make, reason = BAD_INPUTS[case]
    source = make(tmp_path)

    assert reason in _refused(source, tmp_path)


def test_a_file_over_the_size_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    source = save(textured((200, 200)), tmp_path / "big.png", "PNG")

    reason = _refused(source, tmp_path, limits=ImageLimits(max_bytes=1024))

    assert "larger than the 1 KB limit" in reason


def test_an_image_over_the_pixel_limit_is_refused(tmp_path: Path) -> None:
    source = save(textured((200, 200)), tmp_path / "many.png", "PNG")

    reason = _refused(source, tmp_path, limits=ImageLimits(max_pixels=10_000))

    assert "too many pixels (200x200)" in reason


def test_an_animation_with_too_many_frames_is_refused(tmp_path: Path) -> None:
    source = animated_gif(tmp_path / "long.gif", (64, 64), [RED, GREEN, BLUE, YELLOW], [100] * 4)

    assert "animation is too long" in _refused(source, tmp_path, limits=ImageLimits(max_frames=3))


def test_what_was_written_is_removed_when_writing_fails(tmp_path: Path) -> None:
    source = save(marked((1600, 1200)), tmp_path / "photo.jpg", "JPEG")
    work_dir = tmp_path / "out"
    (work_dir / "320.webp").mkdir(parents=True)  # in the way of the third rendition

    with pytest.raises(IsADirectoryError):
        process_image(source, work_dir)

    assert [path.name for path in work_dir.iterdir()] == ["320.webp"]


@pytest.mark.parametrize("formats", [("webp", "jpeg"), ("webp", "jpeg", "avif"), ("avif",)])
def test_encoding_on_threads_writes_the_same_files_as_encoding_in_turn(
    tmp_path: Path, formats: tuple[str, ...]
) -> None:
    source = save(textured((1600, 1200)), tmp_path / "photo.jpg", "JPEG", **with_metadata("JPEG"))

    in_turn = _process(source, tmp_path / "in-turn", formats=formats, encode_threads=0)
    threaded = _process(source, tmp_path / "threaded", formats=formats, encode_threads=2)

    assert [(r.name, r.format, r.width, r.height) for r in threaded.renditions] == [
        (r.name, r.format, r.width, r.height) for r in in_turn.renditions
    ]
    for made, expected in zip(threaded.renditions, in_turn.renditions, strict=True):
        assert made.path.read_bytes() == expected.path.read_bytes(), made.path.name
    assert threaded.blurhash == in_turn.blurhash


@pytest.mark.parametrize(
    ("focus", "formats"),
    [
        ((1.5, 0.0), ("webp",)),
        ((0.0, -1.01), ("webp",)),
        ((float("nan"), 0.0), ("webp",)),
        ((0.0, 0.0), ("png",)),
        ((0.0, 0.0), ()),
    ],
)
def test_invalid_arguments_are_programming_errors(
    tmp_path: Path, focus: tuple[float, float], formats: tuple[str, ...]
) -> None:
    source = save(marked((64, 48)), tmp_path / "photo.png", "PNG")

    with pytest.raises(ValueError, match=r"focus|formats"):
        process_image(source, tmp_path, focus=focus, formats=formats)


def _mutated(data: bytes, rng: random.Random) -> bytes:
    mutated = bytearray(data)
    kind = rng.choice(["flip", "scribble", "truncate", "insert", "fill"])
    position = rng.randrange(len(mutated))
    if kind == "flip":
        mutated[position] ^= 1 << rng.randrange(8)
    elif kind == "scribble":
        for _ in range(rng.randint(2, 24)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    elif kind == "truncate":
        del mutated[max(position, 1) :]
    elif kind == "insert":
        mutated[position:position] = rng.randbytes(rng.randint(1, 64))
    else:
        length = rng.randint(1, 16)
        mutated[position : position + length] = bytes([rng.choice((0x00, 0xFF))]) * length
    return bytes(mutated)


@pytest.mark.parametrize(
    ("file_format", "runs"), [("JPEG", 200), ("PNG", 200), ("GIF", 60), ("WEBP", 60), ("HEIF", 60), ("AVIF", 60)]
)
def test_mutated_files_are_processed_or_refused_never_crash(tmp_path: Path, file_format: str, runs: int) -> None:
    buffer = io.BytesIO()
    textured((64, 48)).save(buffer, format=file_format, **({} if file_format == "GIF" else {"exif": camera_exif()}))
    original = buffer.getvalue()
    rng = random.Random(f"{file_format}-fuzz")  # noqa: S311 - seeded, so every run tries the same mutants
    reasons: list[str] = []
    left_behind: list[Path] = []
    for run in range(runs):
        source = _write(tmp_path / f"mutant-{run}", _mutated(original, rng))
        work_dir = tmp_path / f"out-{run}"
        work_dir.mkdir()
        try:
            result = process_image(source, work_dir)
        except MediaRefused as refused:
            reasons.append(refused.reason)
            left_behind.extend(work_dir.iterdir())
            continue
        for rendition in result.renditions:
            with Image.open(rendition.path) as image:
                image.load()
                assert image.size == (rendition.width, rendition.height)
    assert reasons, "some mutants must be refused"
    assert all(reasons)
    assert left_behind == []


# Sniffing


def _real(file_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), RED).save(buffer, format=file_format)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_real("JPEG"), "image/jpeg"),
        (_real("PNG"), "image/png"),
        (_real("GIF"), "image/gif"),
        (_real("WEBP"), "image/webp"),
        (_real("HEIF"), "image/heic"),
        (_real("AVIF"), "image/avif"),
        (ftyp(b"mif1", b"mif1", b"heic"), "image/heic"),
        (ftyp(b"mif1", b"mif1", b"avif"), "image/avif"),
        (ftyp(b"mif1", b"mif1", b"miaf"), "image/heif"),
        (ftyp(b"isom", b"isom", b"avc1"), "video/mp4"),
        (ftyp(b"mp41"), "video/mp4"),
        (ftyp(b"mp42", b"isom"), "video/mp4"),
        (ftyp(b"avc1"), "video/mp4"),
        (ftyp(b"M4V ", b"M4V ", b"mp42"), "video/mp4"),
        (ftyp(b"qt  ", b"qt  "), "video/quicktime"),
        (ftyp(b"XYZW", b"XYZW", b"iso6"), "video/mp4"),
        (ftyp(b"M4A ", b"mp42"), "audio/mp4"),
        (ftyp(b"3gp5"), "video/3gpp"),
        (struct.pack(">I", 16) + b"moov" + bytes(8), "video/quicktime"),
        (ebml(b"webm"), "video/webm"),
        (ebml(b"matroska"), "video/x-matroska"),
        (ebml(None), "video/x-matroska"),
        (b"RIFF\x10\x00\x00\x00AVI LIST", None),
        (b"BM" + bytes(60), None),
        (b"II*\x00" + bytes(60), None),
        (b"I'm free to write what I like", None),
        (b"PK\x03\x04" + bytes(60), None),
        (b"\xff\xd8", None),
        (b"", None),
    ],
)
def test_sniff_names_the_content(tmp_path: Path, data: bytes, expected: str | None) -> None:
    assert sniff(_write(tmp_path / "upload", data)) == expected


@pytest.mark.parametrize("options", [{}, {"progressive": True}, {"restart_marker_blocks": 4}])
def test_the_jpeg_layout_ends_at_the_end_of_image_past_every_scan(tmp_path: Path, options: dict[str, object]) -> None:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (256, 256), noise(256 * 256 * 3)).save(buffer, format="JPEG", quality=95, **options)
    picture = buffer.getvalue()
    assert picture.count(b"\xff\x00") > 100  # entropy-coded data full of stuffed bytes to step over
    trailing = b"\xff\xd8\xff\xe1 a second picture, or anything"

    found = layout(_write(tmp_path / "photo.jpg", picture + trailing), "image/jpeg")

    assert found.end == len(picture)
    assert found.trailing == len(trailing)
