"""Real image files for the media tests, made with Pillow and pillow-heif: photos with known colours, EXIF with
camera facts and a GPS block, an Adobe-RGB-like ICC profile, animations, and hand-made hostile files."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pillow_heif
from PIL import Image, PngImagePlugin

pillow_heif.register_heif_opener()

RED = (220, 20, 20)
BLUE = (30, 120, 200)
GREEN = (20, 200, 40)
YELLOW = (240, 220, 30)
GPS_IFD = 0x8825
ORIENTATION = 0x0112
EXIF_IFD = 0x8769
# Where the fake GPS block puts the photographer: it must never reach a served file.
LATITUDE = (48.0, 51.0, 29.0)
# Pillow's format name and the file suffix of each accepted image format.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic", "AVIF": "avif", "GIF": "gif"}


def marked(size: tuple[int, int]) -> Image.Image:
    """Blue, with a red block over the top-left quarter: where it ends up shows how the image was turned."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 4, size[1] // 4))
    return image


def quadrants(size: tuple[int, int]) -> Image.Image:
    """Red, green, blue and yellow quarters (top-left, top-right, bottom-left, bottom-right)."""
    width, height = size
    image = Image.new("RGB", size, RED)
    image.paste(GREEN, (width // 2, 0, width, height // 2))
    image.paste(BLUE, (0, height // 2, width // 2, height))
    image.paste(YELLOW, (width // 2, height // 2, width, height))
    return image


def bands(size: tuple[int, int], colours: list[tuple[int, int, int]], *, vertical: bool = True) -> Image.Image:
    """Equal stripes of the colours, top to bottom (or left to right)."""
    width, height = size
    image = Image.new("RGB", size)
    for index, colour in enumerate(colours):
        if vertical:
            image.paste(colour, (0, height * index // len(colours), width, height * (index + 1) // len(colours)))
        else:
            image.paste(colour, (width * index // len(colours), 0, width * (index + 1) // len(colours), height))
    return image


def noise(length: int, seed: str = "noise") -> bytes:
    """The same pseudo-random bytes on every run."""
    return hashlib.shake_256(seed.encode()).digest(length)


def textured(size: tuple[int, int]) -> Image.Image:
    """Noise over a gradient: compresses and decodes like a photo."""
    noise_layer = Image.frombytes("L", size, noise(size[0] * size[1])).convert("RGB")
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    return Image.blend(noise_layer, gradient, 0.6)


def camera_exif(*, orientation: int | None = None, gps: bool = True) -> Image.Exif:
    """EXIF as a phone writes it: make, model, lens and exposure, and (unless told not to) where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x0110] = "Model 1"
    if orientation is not None:
        exif[ORIENTATION] = orientation
    details = exif.get_ifd(EXIF_IFD)
    details[0xA434] = "TestLens 24mm F1.8"
    details[0x829A] = 1 / 250
    details[0x829D] = 2.8
    details[0x8827] = 400
    details[0x920A] = 4.25
    details[0x9003] = "2024:05:01 12:34:56"
    if gps:
        exif[GPS_IFD] = {1: "N", 2: LATITUDE, 3: "E", 4: (2.0, 17.0, 40.0)}
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.5N"'
    b' exif:GPSLongitude="2,17.6E"/></rdf:RDF></x:xmpmeta>'
)


def with_metadata(file_format: str) -> dict[str, object]:
    """The save options that embed camera EXIF (with GPS) and XMP (with GPS) in a file of the format."""
    if file_format == "GIF":
        return {}
    if file_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        return {"exif": camera_exif(), "pnginfo": text}
    return {"exif": camera_exif(), "xmp": XMP}


def save(image: Image.Image, path: Path, file_format: str, **params: object) -> Path:
    image.save(path, format=file_format, **params)
    return path


def animated_gif(path: Path, size: tuple[int, int], colours: list[tuple[int, int, int]], durations: list[int]) -> Path:
    frames = [Image.new("RGB", size, colour) for colour in colours]
    frames[0].save(path, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A valid-looking PNG that declares `width` x `height` pixels but carries a few bytes of pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    """The opening ftyp box of an ISO media file (MP4, MOV, HEIF, AVIF), followed by an empty mdat."""
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + struct.pack(">I", 8) + b"mdat"


def ebml(doc_type: bytes | None) -> bytes:
    """An EBML header (WebM, Matroska) with the given DocType, or without one."""
    children = b"\x42\x86\x81\x01"  # EBMLVersion 1
    if doc_type is not None:
        children += b"\x42\x82" + bytes([0x80 | len(doc_type)]) + doc_type
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(children)]) + children + b"\x18\x53\x80\x67"


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


D50 = (0.9642, 1.0, 0.8249)
# Adobe RGB (1998): its primaries adapted to D50, as the profile Adobe publishes states them, and its gamma.
ADOBE_RGB_COLORANTS = ((0.60974, 0.31111, 0.01947), (0.20528, 0.62567, 0.06087), (0.14919, 0.06322, 0.74457))
ADOBE_RGB_GAMMA = 563 / 256
# lcms's built-in sRGB profile, adapted to D50.
SRGB_COLORANTS = (
    (0.4360747, 0.2225045, 0.0139322),
    (0.3850649, 0.7168786, 0.0971045),
    (0.1430804, 0.0606169, 0.7141733),
)


def adobe_rgb_profile() -> bytes:
    """A minimal ICC v2 matrix/TRC display profile with Adobe RGB's primaries and gamma."""
    ascii_name = b"Adobe RGB (test)\x00"
    description = b"desc" + bytes(4) + struct.pack(">I", len(ascii_name)) + ascii_name + bytes(8 + 3 + 67)
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(ADOBE_RGB_GAMMA * 256)) + bytes(2)
    tags = [
        (b"desc", description),
        (b"cprt", b"text" + bytes(4) + b"none\x00"),
        (b"wtpt", _xyz(*D50)),
        (b"rXYZ", _xyz(*ADOBE_RGB_COLORANTS[0])),
        (b"gXYZ", _xyz(*ADOBE_RGB_COLORANTS[1])),
        (b"bXYZ", _xyz(*ADOBE_RGB_COLORANTS[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    start = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        padded = body + bytes(-len(body) % 4)
        table += signature + struct.pack(">II", start + len(data), len(padded))
        data += padded
    header = (
        struct.pack(">I", start + len(data))
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)  # platform, flags, manufacturer, model, attributes, rendering intent
        + _s15(D50[0])
        + _s15(D50[1])
        + _s15(D50[2])
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + data


def _inverse(matrix: list[list[float]]) -> list[list[float]]:
    (a, b, c), (d, e, f), (g, h, i) = matrix
    determinant = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    adjugate = [
        [e * i - f * h, c * h - b * i, b * f - c * e],
        [f * g - d * i, a * i - c * g, c * d - a * f],
        [d * h - e * g, b * g - a * h, a * e - b * d],
    ]
    return [[value / determinant for value in row] for row in adjugate]


def adobe_rgb_to_srgb(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """The sRGB value of an Adobe RGB colour, worked out from the two spaces' definitions (not with lcms)."""
    linear = [(value / 255) ** ADOBE_RGB_GAMMA for value in colour]
    xyz = [sum(ADOBE_RGB_COLORANTS[channel][axis] * linear[channel] for channel in range(3)) for axis in range(3)]
    to_srgb = _inverse([[SRGB_COLORANTS[channel][axis] for channel in range(3)] for axis in range(3)])
    srgb_linear = [sum(to_srgb[channel][axis] * xyz[axis] for axis in range(3)) for channel in range(3)]

    def encode(value: float) -> int:
        value = min(max(value, 0.0), 1.0)
        return round(255 * (12.92 * value if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055))

    red, green, blue = (encode(value) for value in srgb_linear)
    return red, green, blue
