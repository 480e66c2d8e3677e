"""Short test videos made with ffmpeg's generated sources, and ffprobe's view of what the pipeline wrote."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FFMPEG = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"
FFPROBE = shutil.which("ffprobe") or "/usr/bin/ffprobe"

H264 = ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
HEVC = ("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1")
VP9 = ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8")
AV1 = ("-c:v", "libaom-av1", "-usage", "realtime", "-cpu-used", "8")
AAC = ("-c:a", "aac")
OPUS = ("-c:a", "libopus")


def ffmpeg(*arguments: str) -> None:
    subprocess.run([FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *arguments], check=True)


def make_video(
    path: Path,
    *,
    size: str = "320x240",
    rate: int = 10,
    duration: float = 2,
    picture: str = "testsrc2",
    video: Sequence[str] = H264,
    audio: Sequence[str] | None = AAC,
    extra: Sequence[str] = (),
) -> Path:
    """Write a clip of ffmpeg's test picture (and a 440 Hz tone unless audio is None) to path."""
    inputs = ["-f", "lavfi", "-i", f"{picture}=size={size}:rate={rate}:duration={duration}"]
    if audio is not None:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}", "-map", "0:v", "-map", "1:a"]
    ffmpeg(*inputs, *video, *(audio or ()), *extra, str(path))
    return path


def make_marked_video(path: Path, *, size: tuple[int, int] = (320, 240), extra: Sequence[str] = ()) -> Path:
    """A blue clip with a red block in the top-left corner, to see where the top-left ends up."""
    width, height = size
    picture = f"color=c=blue:size={width}x{height}:rate=10:duration=1,drawbox=x=0:y=0:w={width // 4}:h={height // 4}"
    ffmpeg("-f", "lavfi", "-i", f"{picture}:color=red:t=fill", *H264, *extra, str(path))
    return path


def rotate(source: Path, target: Path, degrees: int) -> Path:
    """Copy a clip, adding the rotation a phone held sideways records (the pictures stay as they are)."""
    ffmpeg("-i", str(source), "-c", "copy", "-metadata:s:v", f"rotate={degrees}", str(target))
    return target


def describe(path: Path) -> dict[str, Any]:
    """ffprobe's streams and format of a file."""
    output = subprocess.run(
        [FFPROBE, "-v", "error", "-print_format", "json", "-show_streams", "-show_format", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    described: dict[str, Any] = json.loads(output)
    return described


def streams(path: Path, codec_type: str) -> list[dict[str, Any]]:
    return [stream for stream in describe(path)["streams"] if stream["codec_type"] == codec_type]


def has_encoder(name: str) -> bool:
    listing = subprocess.run([FFMPEG, "-hide_banner", "-encoders"], check=True, capture_output=True, text=True)
    return any(line.split()[1:2] == [name] for line in listing.stdout.splitlines())
