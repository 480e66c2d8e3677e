"""What a file is, decided by its content: magic bytes for the type, and the container's own structure for where
the picture ends and which metadata blocks it carries.

Names and declared types are never trusted; everything here reads the bytes.
"""

from __future__ import annotations

import mmap
import re
import struct
from dataclasses import dataclass
from pathlib import Path

IMAGE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif"}
)

_HEAD = 4096
_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})
_QUICKTIME_BRANDS = frozenset({b"qt  "})
_MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"mp41", b"mp42", b"mp71"}
    | {b"avc1", b"M4V ", b"M4VH", b"M4VP", b"dash", b"mmp4", b"MSNV", b"f4v ", b"XAVC", b"NDAS"}
)
_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "})
# The major brand decides; a generic one (mif1, or one not listed) leaves it to the compatible brands, in order.
_MAJOR_BRANDS = (
    (_AVIF_BRANDS, "image/avif"),
    (_HEIC_BRANDS, "image/heic"),
    (_QUICKTIME_BRANDS, "video/quicktime"),
    (_AUDIO_BRANDS, "audio/mp4"),
    (_MP4_BRANDS, "video/mp4"),
)
_COMPATIBLE_BRANDS = (
    (_AVIF_BRANDS, "image/avif"),
    (_HEIC_BRANDS, "image/heic"),
    (_HEIF_BRANDS, "image/heif"),
    (_QUICKTIME_BRANDS, "video/quicktime"),
    (_MP4_BRANDS, "video/mp4"),
)
# QuickTime files from before ftyp existed start with one of these atoms.
_QUICKTIME_ATOMS = frozenset({b"moov", b"mdat", b"wide", b"pnot"})


def sniff(path: Path) -> str | None:
    """Return the MIME type of the file's content (images and videos Photogram knows), or None."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
        size = handle.seek(0, 2)
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _matroska_type(head)
    if head[4:8] == b"ftyp":
        return _ftyp_type(head)
    old_quicktime = len(head) >= 8 and head[4:8] in _QUICKTIME_ATOMS
    return "video/quicktime" if old_quicktime and 8 <= struct.unpack(">I", head[:4])[0] <= size else None


def _ftyp_type(head: bytes) -> str | None:
    """Decide an ISO media file's type from its ftyp box: the major brand first, then the compatible brands."""
    box_size = struct.unpack(">I", head[:4])[0]
    if box_size < 16:
        return None
    major = head[8:12]
    if major[:3] in {b"3gp", b"3ge", b"3gg", b"3g2"}:
        return "video/3gpp2" if major.startswith(b"3g2") else "video/3gpp"
    for brands, mime in _MAJOR_BRANDS:
        if major in brands:
            return mime
    compatible = {major} | {head[offset : offset + 4] for offset in range(16, min(box_size, len(head)) - 3, 4)}
    for brands, mime in _COMPATIBLE_BRANDS:
        if compatible & brands:
            return mime
    return None


def _read_vint(data: bytes, offset: int, *, keep_marker: bool) -> tuple[int, int] | None:
    """Read an EBML variable-length integer at `offset`; return (value, next offset) or None when malformed."""
    if offset >= len(data) or data[offset] == 0:
        return None
    first = data[offset]
    length = 8 - first.bit_length() + 1
    if offset + length > len(data):
        return None
    value = first if keep_marker else first & ((1 << (8 - length)) - 1)
    for byte in data[offset + 1 : offset + length]:
        value = (value << 8) | byte
    return value, offset + length


def _matroska_type(head: bytes) -> str | None:
    """Return video/webm or video/x-matroska from the EBML header's DocType (matroska when it is absent)."""
    header_size = _read_vint(head, 4, keep_marker=False)
    if header_size is None:
        return None
    size, offset = header_size
    end = min(offset + size, len(head))
    while offset < end:
        element = _read_vint(head, offset, keep_marker=True)
        length = _read_vint(head, element[1], keep_marker=False) if element else None
        if element is None or length is None:
            return None
        (element_id, _), (data_size, data_start) = element, length
        if element_id == 0x4282:  # DocType
            doc_type = head[data_start : data_start + data_size].rstrip(b"\x00")
            return {b"webm": "video/webm", b"matroska": "video/x-matroska"}.get(doc_type)
        offset = data_start + data_size
    return "video/x-matroska"


@dataclass(frozen=True)
class Layout:
    """How an image file is put together, read from its container without decoding the picture.

    `end` is where the picture's container ends (bytes after it are trailing data: phones append videos and
    vendor blocks there, polyglots append archives); None when the structure could not be followed to its end.
    `metadata` names the blocks that carry more than pixels (EXIF, XMP, ICC, comments, animation, ...).
    """

    size: int
    end: int | None
    metadata: frozenset[str]

    @property
    def trailing(self) -> int:
        return self.size - self.end if self.end is not None else 0


def layout(path: Path, mime: str) -> Layout:
    """Follow the container structure of an image of type `mime` (one of IMAGE_TYPES)."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        if size == 0:
            return Layout(0, None, frozenset())
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            walker = {
                "image/jpeg": _jpeg_layout,
                "image/png": _png_layout,
                "image/gif": _gif_layout,
                "image/webp": _webp_layout,
            }.get(mime, _bmff_layout)
            try:
                end, metadata = walker(data)
            except (IndexError, struct.error, ValueError):
                end, metadata = None, set()
    return Layout(size, end, frozenset(metadata))


def _jpeg_layout(data: mmap.mmap) -> tuple[int | None, set[str]]:
    """Walk the JPEG markers to the end of image (EOI), skipping each scan's entropy-coded data."""
    metadata: set[str] = set()
    offset = 2
    size = len(data)
    while offset + 1 < size:
        if data[offset] != 0xFF:
            return None, metadata
        marker = data[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker == 0xD9:
            return offset + 2, metadata
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            offset += 2
            continue
        length = struct.unpack(">H", data[offset + 2 : offset + 4])[0]
        if length < 2:
            return None, metadata
        segment = data[offset + 4 : offset + 4 + 5]
        if 0xE0 <= marker <= 0xEF and not (marker == 0xE0 and segment == b"JFIF\x00") and segment[:5] != b"Adobe":
            metadata.add(f"APP{marker - 0xE0}")
        elif marker == 0xFE:
            metadata.add("COM")
        offset += 2 + length
        if marker == 0xDA:
            offset = _scan_end(data, offset)
    return None, metadata


# A marker: 0xFF and a byte that is none of stuffing (0x00), a restart (0xD0-0xD7) or another fill 0xFF. One
# regular expression search finds it without a Python step per stuffed byte (tens of thousands in a photo).
_MARKER_AFTER_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _scan_end(data: mmap.mmap, offset: int) -> int:
    """Return the offset of the first marker after entropy-coded data (stuffed 0xFF00 and restarts are data)."""
    found = _MARKER_AFTER_SCAN.search(data, offset)
    return found.start() if found else len(data)


_PNG_PIXEL_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS"})


def _png_layout(data: mmap.mmap) -> tuple[int | None, set[str]]:
    metadata: set[str] = set()
    offset = 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        offset += 12 + length
        if kind not in _PNG_PIXEL_CHUNKS:
            metadata.add(kind.decode("latin-1"))
        if kind == b"IEND":
            return (offset, metadata) if offset <= len(data) else (None, metadata)
    return None, metadata


def _gif_layout(data: mmap.mmap) -> tuple[int | None, set[str]]:
    metadata: set[str] = set()
    flags = data[10]
    offset = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while offset < len(data):
        block = data[offset]
        if block == 0x3B:  # trailer
            return offset + 1, metadata
        if block == 0x21:  # extension: label, then sub-blocks
            if data[offset + 1] != 0xF9:
                metadata.add(f"extension {data[offset + 1]:#04x}")
            offset = _skip_sub_blocks(data, offset + 2)
        elif block == 0x2C:  # image: descriptor, local colour table, LZW code size, sub-blocks
            flags = data[offset + 9]
            offset += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
            offset = _skip_sub_blocks(data, offset + 1)
        else:
            return None, metadata
    return None, metadata


def _skip_sub_blocks(data: mmap.mmap, offset: int) -> int:
    while data[offset] != 0:
        offset += data[offset] + 1
    return offset + 1


def _webp_layout(data: mmap.mmap) -> tuple[int | None, set[str]]:
    metadata: set[str] = set()
    riff_size = struct.unpack("<I", data[4:8])[0]
    end = 8 + riff_size + (riff_size & 1)
    if end > len(data):
        return None, metadata
    offset = 12
    while offset + 8 <= end:
        kind, length = struct.unpack("<4sI", data[offset : offset + 8])
        if kind not in {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}:
            metadata.add(kind.decode("latin-1").strip())
        offset += 8 + length + (length & 1)
    return end, metadata


def _bmff_layout(data: mmap.mmap) -> tuple[int | None, set[str]]:
    """Walk the top-level boxes of an ISO media file (HEIF, AVIF); the end is where they stop making sense."""
    offset = 0
    size = len(data)
    while offset + 8 <= size:
        box_size = struct.unpack(">I", data[offset : offset + 4])[0]
        header = 8
        if box_size == 1:
            box_size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
            header = 16
        elif box_size == 0:  # extends to the end of the file
            return size, {"boxes"}
        if box_size < header or offset + box_size > size:
            break
        offset += box_size
    return offset, {"boxes"}  # never served as they are, so every HEIF is treated as carrying metadata
