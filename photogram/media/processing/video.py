"""Videos: ffprobe says what an upload is, ffmpeg makes H.264 MP4 renditions and a poster frame.

Both run as child processes with argument lists (never a shell), two threads, only local files as input,
only the MP4/MOV and Matroska/WebM demuxers, and one deadline for the whole job; a child still running when
anything goes wrong is killed. Outputs are made in a private directory inside `work_dir` and moved into it
only when everything succeeded, so a refusal leaves nothing behind.
"""

from __future__ import annotations

import io
import json
import logging
import math
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from blurhash import _functions as blurhash_c  # type: ignore[import-untyped, unused-ignore]
from PIL import Image

from photogram.media.processing.types import MediaRefused, ProcessedMedia, Rendition

logger = logging.getLogger(__name__)

NOT_A_VIDEO = "The file is not a video we can read"
DAMAGED = "The video could not be processed; the file may be damaged or incomplete."
TOO_SLOW = "Processing the video took too long; please try a shorter or smaller video."

# ffprobe's names for the demuxers we accept: MP4 and QuickTime share one, WebM and Matroska another.
DEMUXERS = "mov,matroska"
OTHER_FORMAT = "Photogram accepts videos in MP4, MOV and WebM files; this file is in another format."
VIDEO_CODECS = {"h264", "hevc", "vp8", "vp9", "av1"}
VIDEO_CODECS_TEXT = "H.264, HEVC, VP8, VP9 and AV1"
AUDIO_CODECS = {"aac", "mp3", "opus", "vorbis", "flac", "alac", "ac3", "eac3", "amr_nb", "amr_wb"}
HDR_TRANSFERS = {"smpte2084", "arib-std-b67"}  # PQ (HDR10, Dolby Vision) and HLG (what phones record)

THREADS = "2"
MAX_FRAME_RATE = 60
RENDITIONS = (("720p", 720), ("1080p", 1080))  # name, short side; 720p is always made, never upscaled
POSTER_AT = 0.1  # of the duration
BLURHASH_COMPONENTS = (4, 3)

# zscale cannot tone-map in Y'CbCr: go to linear light, map the highlights down, return to BT.709.
# Phone HDR (HLG, HDR10, Dolby Vision's base layer) is always in BT.2020 primaries.
TONE_MAP = (
    "zscale=tin={transfer}:pin=2020:min=2020_ncl:t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,"
    "tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv"
)


@dataclass(frozen=True)
class VideoLimits:
    """What a video upload may be."""

    max_bytes: int = 512 * 1024 * 1024
    max_duration_seconds: float = 15 * 60
    max_width_height: int = 3840 * 2160  # pixels in one frame
    # Below the media task's 600 s soft time limit, so the person is told why rather than "failed".
    timeout_seconds: float = 540


DEFAULT_LIMITS = VideoLimits()


@dataclass(frozen=True)
class VideoInfo:
    """What ffprobe learned about an accepted upload."""

    container: str  # ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm"
    video_codec: str
    audio_codec: str | None
    width: int  # as displayed: rotated, with square pixels
    height: int
    rotation: int  # of the display matrix, in degrees, as ffprobe tells it (0, 90, 180 or 270)
    duration_seconds: float
    frame_rate: float | None
    video_stream: int  # ffprobe's stream index
    audio_stream: int | None
    audio_channels: int
    hdr_transfer: str | None  # "smpte2084" or "arib-std-b67" when the picture is HDR
    streams_duration_seconds: float  # of the streams kept: what the renditions should last

    @property
    def has_audio(self) -> bool:
        return self.audio_stream is not None


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise MediaRefused(TOO_SLOW)
        return left


@dataclass(frozen=True)
class _Run:
    returncode: int
    stdout: bytes
    errors: str  # the end of stderr, for the log


def _executable(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed; `make run` (bin/services tools) installs it")
    return path


def _run(command: list[str], deadline: _Deadline) -> _Run:
    """Run a child until it ends or the deadline passes; never leave it running."""
    timeout = deadline.remaining()
    # stderr goes to a file: a damaged video can make ffmpeg write an error per frame.
    with tempfile.TemporaryFile() as errors:
        with subprocess.Popen(  # noqa: S603 - an argument list built here; the only input is a local path
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors
        ) as process:
            try:
                stdout, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                logger.info("%s killed after %.1f s", Path(command[0]).name, timeout)
                raise MediaRefused(TOO_SLOW) from None
            except BaseException:
                process.kill()  # The task's own time limit, or an interrupt: the child goes too.
                raise
        errors.seek(max(0, errors.seek(0, io.SEEK_END) - 2000))
        return _Run(process.returncode, stdout, errors.read().decode(errors="replace"))


def _ffprobe(path: Path, deadline: _Deadline) -> tuple[dict[str, Any] | None, str]:
    """Return ffprobe's description of a file (None when it cannot read it) and its complaints."""
    run = _run(
        [
            _executable("ffprobe"),
            "-v",
            "error",
            "-hide_banner",
            "-protocol_whitelist",
            "file",
            "-format_whitelist",
            DEMUXERS,
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            f"file:{path}",
        ],
        deadline,
    )
    if run.returncode != 0:
        return None, run.errors
    try:
        described = json.loads(run.stdout.decode(errors="replace"))
    except ValueError:
        return None, run.errors
    return (described if isinstance(described, dict) else None), run.errors


def _number(value: object) -> float | None:
    """A positive finite number from ffprobe's text ("2.000000", "N/A", ...), or None."""
    if not isinstance(value, str | int | float):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number > 0 else None


def _ratio(value: object) -> Fraction | None:
    """A positive ratio from ffprobe's "30000/1001" or "4:3", or None ("0/0", "N/A", ...)."""
    if not isinstance(value, str):
        return None
    numerator, _, denominator = value.replace(":", "/").partition("/")
    try:
        ratio = Fraction(int(numerator), int(denominator or "1"))
    except (ValueError, ZeroDivisionError):
        return None
    return ratio if ratio > 0 else None


def _rotation(stream: dict[str, Any]) -> int:
    for side_data in stream.get("side_data_list") or []:
        if isinstance(side_data, dict) and "rotation" in side_data:
            try:
                return round(float(side_data["rotation"])) % 360
            except (TypeError, ValueError):
                return 0
    try:
        return round(float((stream.get("tags") or {}).get("rotate", 0))) % 360
    except (TypeError, ValueError):
        return 0


def _pick(streams: list[dict[str, Any]], accept: Callable[[str], bool]) -> dict[str, Any] | None:
    """The default stream among those in an accepted codec, else the first of them."""
    accepted = [stream for stream in streams if accept(str(stream.get("codec_name", "")))]
    for stream in accepted:
        if (stream.get("disposition") or {}).get("default") == 1:
            return stream
    return accepted[0] if accepted else None


def _describe_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{value} {unit}" for value, unit in ((hours, "h"), (minutes, "min"), (seconds, "s")) if value]
    return " ".join(parts) or "0 s"


def _describe_bytes(size: float) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(size)} bytes"


def _over(actual: float, limit: float) -> int:
    """Whole seconds to show for a length over the limit, without ever showing the limit itself."""
    shown = math.floor(actual)
    return shown if shown > limit else math.ceil(actual)


def _check_size(source: Path, limits: VideoLimits) -> None:
    size = source.stat().st_size
    if size == 0:
        raise MediaRefused("The file is empty.")
    if size > limits.max_bytes:
        raise MediaRefused(f"The video is {_describe_bytes(size)}; the limit is {_describe_bytes(limits.max_bytes)}.")


def _probe(source: Path, limits: VideoLimits, deadline: _Deadline) -> VideoInfo:
    _check_size(source, limits)
    described, errors = _ffprobe(source, deadline)
    if described is None:
        logger.info("ffprobe refused %s: %s", source, errors.strip())
        if "not on whitelist" in errors:
            raise MediaRefused(OTHER_FORMAT)
        raise MediaRefused(NOT_A_VIDEO + ".")
    file_format = described.get("format") or {}
    streams = [stream for stream in described.get("streams") or [] if isinstance(stream, dict)]
    container = str(file_format.get("format_name", ""))
    if not {"mov", "mp4", "matroska", "webm"} & set(container.split(",")):
        raise MediaRefused(OTHER_FORMAT)

    # A cover picture (an attached_pic "video" stream) does not make a sound file a video.
    pictures = [
        stream
        for stream in streams
        if stream.get("codec_type") == "video" and (stream.get("disposition") or {}).get("attached_pic") != 1
    ]
    if not pictures:
        raise MediaRefused(NOT_A_VIDEO + ": it has no picture.")
    video = _pick(pictures, VIDEO_CODECS.__contains__)
    if video is None:
        codec = pictures[0].get("codec_name") or "a codec we do not know"
        raise MediaRefused(
            f"The video is encoded with {codec}, which Photogram does not accept; it accepts {VIDEO_CODECS_TEXT}."
        )
    sounds = [stream for stream in streams if stream.get("codec_type") == "audio"]
    audio = _pick(sounds, lambda codec: codec in AUDIO_CODECS or codec.startswith("pcm_"))
    if sounds and audio is None:
        codec = sounds[0].get("codec_name") or "a format we do not know"
        raise MediaRefused(f"The video's sound is in {codec}, which Photogram cannot read.")

    coded_width, coded_height = int(video.get("width") or 0), int(video.get("height") or 0)
    if coded_width <= 0 or coded_height <= 0:
        raise MediaRefused(NOT_A_VIDEO + ": its picture size is missing.")
    pixel_shape = _ratio(video.get("sample_aspect_ratio")) or Fraction(1)
    width, height = max(1, round(coded_width * pixel_shape)), coded_height
    rotation = _rotation(video)
    if rotation in {90, 270}:
        width, height = height, width
    if max(coded_width * coded_height, width * height) > limits.max_width_height:
        limit = "4K (3840x2160)" if limits.max_width_height == 3840 * 2160 else f"{limits.max_width_height:,}"
        raise MediaRefused(f"The video is {width}x{height} pixels; the limit is {limit} pixels a frame.")

    duration = _number(file_format.get("duration")) or _number(video.get("duration"))
    if duration is None:
        raise MediaRefused("The video's length cannot be read; the file may be damaged.")
    if duration > limits.max_duration_seconds:
        raise MediaRefused(
            f"The video is {_describe_duration(_over(duration, limits.max_duration_seconds))} long; "
            f"the limit is {_describe_duration(round(limits.max_duration_seconds))}."
        )
    kept = [_number(stream.get("duration")) for stream in (video, audio) if stream is not None]
    frame_rate = _ratio(video.get("avg_frame_rate")) or _ratio(video.get("r_frame_rate"))
    transfer = video.get("color_transfer")
    return VideoInfo(
        container=container,
        video_codec=str(video["codec_name"]),
        audio_codec=None if audio is None else str(audio["codec_name"]),
        width=width,
        height=height,
        rotation=rotation,
        duration_seconds=duration,
        frame_rate=None if frame_rate is None else round(float(frame_rate), 3),
        video_stream=int(video["index"]),
        audio_stream=None if audio is None else int(audio["index"]),
        audio_channels=0 if audio is None else int(audio.get("channels") or 0),
        hdr_transfer=transfer if transfer in HDR_TRANSFERS else None,
        streams_duration_seconds=max((value for value in kept if value is not None), default=duration),
    )


def probe(source: Path, limits: VideoLimits = DEFAULT_LIMITS) -> VideoInfo:
    """Describe an upload, or refuse it (MediaRefused) when it is not a video Photogram accepts."""
    return _probe(source, limits, _Deadline(limits.timeout_seconds))


def _even(value: float) -> int:
    return max(2, 2 * round(value / 2))


def _fit(width: int, height: int, short_side: int) -> tuple[int, int]:
    """The size with the given short side and the same shape; the source's own (made even) when smaller."""
    if min(width, height) <= short_side:
        return max(2, width - width % 2), max(2, height - height % 2)
    if width <= height:
        return short_side, _even(height * short_side / width)
    return _even(width * short_side / height), short_side


def _picture(info: VideoInfo, width: int, height: int) -> str:
    """Filters from the (already upright) decoded frames to one rendition's 8-bit BT.709 pictures."""
    chain = [f"scale={width}:{height}", "setsar=1"]
    if info.hdr_transfer is not None:
        chain.append(TONE_MAP.format(transfer=info.hdr_transfer))
    return ",".join(chain)


def _input(source: Path) -> list[str]:
    # Autorotation is ffmpeg's default: the frames reach the filters upright.
    return [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        DEMUXERS,
        "-threads",
        THREADS,
        "-i",
        f"file:{source}",
    ]


def _ffmpeg(arguments: list[str], deadline: _Deadline, what: str) -> None:
    quiet = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    # Filters would otherwise take a thread per core, next to the decoder's and each encoder's two.
    threads = ["-filter_threads", THREADS, "-filter_complex_threads", THREADS]
    run = _run([_executable("ffmpeg"), *quiet, *threads, *arguments], deadline)
    if run.returncode != 0:
        logger.info("ffmpeg failed making the %s (status %s): %s", what, run.returncode, run.errors.strip())
        raise MediaRefused(DAMAGED)


def _transcode(
    source: Path, info: VideoInfo, sizes: list[tuple[str, int, int]], scratch: Path, deadline: _Deadline
) -> None:
    """Decode once, and encode every rendition from the same frames."""
    video = f"[0:{info.video_stream}]"
    if info.frame_rate is not None and info.frame_rate > MAX_FRAME_RATE:
        video += f"fps={MAX_FRAME_RATE},"
    graph = [f"{video}split={len(sizes)}" + "".join(f"[s{n}]" for n in range(len(sizes)))]
    graph += [
        f"[s{n}]{_picture(info, width, height)},format=yuv420p[v{n}]" for n, (_, width, height) in enumerate(sizes)
    ]
    arguments = [*_input(source), "-filter_complex", ";".join(graph)]
    for n, (name, _, _) in enumerate(sizes):
        arguments += ["-map", f"[v{n}]"]
        if info.audio_stream is not None:
            arguments += ["-map", f"0:{info.audio_stream}", "-c:a", "aac", "-b:a", "128k"]
            if info.audio_channels > 2:
                arguments += ["-ac", "2"]
        arguments += [
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "23",
            "-profile:v",
            "high",
            "-pix_fmt",
            "yuv420p",
            "-threads",
            THREADS,
            # Frames keep their own times: filling a variable-rate phone clip up to its nominal rate (often
            # far above the real one) would only make the file bigger. Above 60 fps the fps filter thins it.
            "-fps_mode",
            "vfr",
            # A container that understates its length must not get a longer video through.
            "-t",
            f"{info.duration_seconds + 1:.3f}",
            # Nothing from the source's metadata (place, device, dates, rotation) reaches the output.
            "-map_metadata",
            "-1",
            "-map_chapters",
            "-1",
            "-metadata:s:v",
            "rotate=0",
            "-movflags",
            "+faststart",
            "-max_muxing_queue_size",
            "1024",
            "-f",
            "mp4",
            f"file:{scratch / f'{name}.mp4'}",
        ]
    _ffmpeg(arguments, deadline, "renditions")


def _poster(source: Path, info: VideoInfo, size: tuple[int, int], target: Path, deadline: _Deadline) -> None:
    """One JPEG frame at a tenth of the way in; the first frame when that is past the picture's end."""
    starts = [info.duration_seconds * POSTER_AT, 0.0] if info.duration_seconds >= 1 else [0.0]
    for start in starts:
        _ffmpeg(
            [
                *(["-ss", f"{start:.3f}"] if start else []),
                *_input(source),
                "-map",
                f"0:{info.video_stream}",
                "-frames:v",
                "1",
                "-vf",
                _picture(info, *size),
                "-q:v",
                "3",
                "-map_metadata",
                "-1",
                "-f",
                "image2",
                "-update",
                "1",
                f"file:{target}",
            ],
            deadline,
            "poster",
        )
        if target.exists() and target.stat().st_size > 0:
            return
    raise MediaRefused(DAMAGED)


def _blurhash(poster: Path) -> str:
    """The poster's blurhash, from a small copy of it.

    blurhash.encode reads pixels with Image.getdata, deprecated in Pillow 13 and gone in 14, so the
    library's C encoder is called directly with the pixels Pillow gives as bytes.
    """
    with Image.open(poster) as image:
        image.draft("RGB", (64, 64))
        small = image.convert("RGB")
    small.thumbnail((64, 64))
    width, height = small.size
    ffi, lib = blurhash_c.ffi, blurhash_c.lib
    destination = ffi.new("char[]", 2 + 4 + (9 * 9 - 1) * 2 + 1)
    pixels = ffi.from_buffer("uint8_t[]", small.tobytes())
    encoded = lib.create_hash_from_pixels(*BLURHASH_COMPONENTS, width, height, pixels, width * 3, destination)
    return str(ffi.string(encoded).decode())


def _check_rendition(path: Path, info: VideoInfo, deadline: _Deadline) -> tuple[int, int]:
    """The size of a rendition as ffprobe reads it; refuse when it is much shorter than its source.

    ffmpeg stops quietly where a truncated file ends, so a short output is how a damaged upload shows.
    """
    described, errors = _ffprobe(path, deadline)
    streams = (described or {}).get("streams") or []
    video = next((stream for stream in streams if stream.get("codec_type") == "video"), None)
    duration = _number(((described or {}).get("format") or {}).get("duration")) or 0.0
    if video is None:
        logger.info("ffprobe cannot read the rendition %s: %s", path.name, errors.strip())
        raise MediaRefused(DAMAGED)
    if duration < info.streams_duration_seconds * 0.9 - 0.5:
        logger.info("rendition lasts %.2f s of %.2f s", duration, info.streams_duration_seconds)
        raise MediaRefused(DAMAGED)
    return int(video["width"]), int(video["height"])


def process_video(source: Path, work_dir: Path, *, limits: VideoLimits = DEFAULT_LIMITS) -> ProcessedMedia:
    """Make the "720p" (and, from 1080p sources, "1080p") MP4 renditions and the "poster" JPEG of an upload.

    Raises MediaRefused, with a reason for the person who uploaded it, for anything that is not a video
    Photogram accepts or that ffmpeg cannot process within the limits.
    """
    deadline = _Deadline(limits.timeout_seconds)
    info = _probe(source, limits, deadline)
    sizes = [
        (name, *_fit(info.width, info.height, short_side))
        for name, short_side in RENDITIONS
        if name == "720p" or min(info.width, info.height) >= short_side
    ]
    scratch = Path(tempfile.mkdtemp(prefix=".video-", dir=work_dir))
    try:
        _transcode(source, info, sizes, scratch, deadline)
        renditions = []
        for name, _, _ in sizes:
            width, height = _check_rendition(scratch / f"{name}.mp4", info, deadline)
            renditions.append(Rendition(name, "mp4", width, height, work_dir / f"{name}.mp4", "video/mp4"))
        _, poster_width, poster_height = sizes[-1]
        _poster(source, info, (poster_width, poster_height), scratch / "poster.jpeg", deadline)
        blurhash = _blurhash(scratch / "poster.jpeg")
        renditions.append(
            Rendition("poster", "jpeg", poster_width, poster_height, work_dir / "poster.jpeg", "image/jpeg")
        )
        for rendition in renditions:
            (scratch / rendition.path.name).replace(rendition.path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ProcessedMedia(
        kind="video",
        width=info.width,
        height=info.height,
        renditions=renditions,
        blurhash=blurhash,
        duration_seconds=round(info.duration_seconds, 3),
        frame_rate=info.frame_rate,
    )


def crop_video(
    source: Path, target: Path, box: tuple[int, int, int, int], size: tuple[int, int], *, timeout: float = 300
) -> None:
    """Write to `target` the part `box` (left, top, right, bottom) of a rendition we made, scaled to `size`.

    For the derived renditions (the 9:16 one of stories): the source is already upright 8-bit H.264, so only
    the picture is cropped and re-encoded; the sound is copied as it is.
    """
    left, top, right, bottom = box
    width, height = size
    picture = f"crop={right - left}:{bottom - top}:{left}:{top},scale={width}:{height},setsar=1,format=yuv420p"
    arguments = [*_input(source), "-map", "0:v:0", "-map", "0:a?", "-vf", picture, "-c:a", "copy"]
    arguments += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-threads", THREADS]
    arguments += ["-movflags", "+faststart", "-f", "mp4", f"file:{target}"]
    _ffmpeg(arguments, _Deadline(timeout), "vertical rendition")
