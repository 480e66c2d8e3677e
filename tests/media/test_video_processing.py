"""process_video on real clips made with ffmpeg: the renditions it writes, and what it refuses."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from photogram.media.processing.types import MediaRefused, ProcessedMedia, Rendition
from photogram.media.processing.video import (
    DEFAULT_LIMITS,
    VideoLimits,
    _describe_duration,
    probe,
    process_video,
)
from tests.media.videos import (
    AAC,
    AV1,
    H264,
    HEVC,
    OPUS,
    VP9,
    describe,
    ffmpeg,
    has_encoder,
    make_marked_video,
    make_video,
    rotate,
    streams,
)

LOCATION = "+48.8577+002.295/"


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture
def work_dir(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


def by_name(result: ProcessedMedia) -> dict[str, Rendition]:
    return {rendition.name: rendition for rendition in result.renditions}


def assert_rendition(rendition: Rendition, width: int, height: int, *, audio: bool) -> None:
    """An H.264 High yuv420p MP4 of that size, with AAC sound or none, and nothing turned by metadata."""
    assert (rendition.format, rendition.content_type) == ("mp4", "video/mp4")
    assert (rendition.width, rendition.height) == (width, height)
    [video] = streams(rendition.path, "video")
    assert (video["codec_name"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert (video["width"], video["height"]) == (width, height)
    assert not [data for data in video.get("side_data_list", []) if "rotation" in data]
    sounds = streams(rendition.path, "audio")
    assert [sound["codec_name"] for sound in sounds] == (["aac"] if audio else [])


def assert_poster(rendition: Rendition, width: int, height: int) -> None:
    assert (rendition.name, rendition.format, rendition.content_type) == ("poster", "jpeg", "image/jpeg")
    with Image.open(rendition.path) as poster:
        assert (poster.format, poster.size) == ("JPEG", (width, height))


def children() -> list[str]:
    """ffmpeg and ffprobe processes (running or not yet reaped) whose parent is this test process."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # It ended while we looked.
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == os.getpid() and name in {"ffmpeg", "ffprobe"}:
            found.append(name)
    return found


# --- What is made ---


@pytest.fixture(scope="module")
def landscape(clips: Path, tmp_path_factory: pytest.TempPathFactory) -> ProcessedMedia:
    """A 1280x720 H.264 + AAC phone-like MP4 with a place in its metadata, processed once for several tests."""
    source = make_video(clips / "landscape.mp4", size="1280x720", extra=("-metadata", f"location={LOCATION}"))
    assert LOCATION[:6] in str(describe(source)["format"]["tags"])
    return process_video(source, tmp_path_factory.mktemp("landscape"))


def test_a_720p_source_gives_a_720p_rendition_a_poster_and_its_facts(landscape: ProcessedMedia) -> None:
    renditions = by_name(landscape)
    assert sorted(renditions) == ["720p", "poster"]
    assert_rendition(renditions["720p"], 1280, 720, audio=True)
    assert_poster(renditions["poster"], 1280, 720)
    assert (landscape.kind, landscape.width, landscape.height, landscape.frame_rate) == ("video", 1280, 720, 10.0)
    assert landscape.duration_seconds == pytest.approx(2, abs=0.1)
    assert float(describe(renditions["720p"].path)["format"]["duration"]) == pytest.approx(2, abs=0.1)
    assert len(landscape.blurhash) == 28  # 4x3 components
    # Written into the work directory, and nothing else left there.
    work_dir = renditions["720p"].path.parent
    assert sorted(path.name for path in work_dir.iterdir()) == ["720p.mp4", "poster.jpeg"]


def test_the_place_a_video_was_shot_is_not_in_its_renditions(landscape: ProcessedMedia) -> None:
    for rendition in landscape.renditions:
        assert b"+48.85" not in rendition.path.read_bytes()
    tags = describe(by_name(landscape)["720p"].path)["format"].get("tags", {})
    assert not [key for key in tags if key.startswith("location")]


def test_renditions_start_with_their_index_so_playback_starts_before_the_download_ends(
    landscape: ProcessedMedia,
) -> None:
    data = by_name(landscape)["720p"].path.read_bytes()
    assert 0 < data.index(b"moov") < data.index(b"mdat")


def test_a_1080p_source_gives_720p_and_1080p(clips: Path, work_dir: Path) -> None:
    source = make_video(clips / "full-hd.mp4", size="1920x1080", duration=1)

    result = process_video(source, work_dir)

    renditions = by_name(result)
    assert sorted(renditions) == ["1080p", "720p", "poster"]
    assert_rendition(renditions["720p"], 1280, 720, audio=True)
    assert_rendition(renditions["1080p"], 1920, 1080, audio=True)
    assert_poster(renditions["poster"], 1920, 1080)


def test_a_portrait_video_keeps_its_shape_with_a_720_wide_rendition(clips: Path, work_dir: Path) -> None:
    source = make_video(clips / "portrait.mp4", size="720x1280", duration=1, audio=None)

    result = process_video(source, work_dir)

    assert sorted(by_name(result)) == ["720p", "poster"]
    assert_rendition(by_name(result)["720p"], 720, 1280, audio=False)
    assert (result.width, result.height) == (720, 1280)


def test_a_small_video_is_not_upscaled_and_odd_sizes_are_made_even(clips: Path, work_dir: Path) -> None:
    # 4:4:4 sampling allows odd sizes (testsrc2 only draws even ones, hence the scale).
    odd = ("-pix_fmt", "yuv444p", "-vf", "scale=321:241")
    source = make_video(clips / "odd.mp4", duration=1, video=(*H264[:-2], *odd))

    result = process_video(source, work_dir)

    assert (result.width, result.height) == (321, 241)
    assert_rendition(by_name(result)["720p"], 320, 240, audio=True)


@pytest.mark.parametrize(
    ("name", "video", "audio", "codecs"),
    [
        pytest.param("quicktime.mov", H264, AAC, ("h264", "aac"), id="mov-h264-aac"),
        pytest.param("hevc.mp4", HEVC, AAC, ("hevc", "aac"), id="mp4-hevc-aac"),
        pytest.param("vp9.webm", VP9, OPUS, ("vp9", "opus"), id="webm-vp9-opus"),
        pytest.param("av1.mkv", AV1, OPUS, ("av1", "opus"), id="matroska-av1-opus"),
    ],
)
def test_accepted_containers_and_codecs_become_h264_mp4(
    clips: Path, work_dir: Path, name: str, video: tuple[str, ...], audio: tuple[str, ...], codecs: tuple[str, str]
) -> None:
    if "libx265" in video:
        assert has_encoder("libx265"), "this ffmpeg build has no libx265 to make the HEVC test clip"
    source = make_video(clips / name, duration=1, video=video, audio=audio)
    info = probe(source)
    assert (info.video_codec, info.audio_codec) == codecs

    result = process_video(source, work_dir)

    assert_rendition(by_name(result)["720p"], 320, 240, audio=True)
    assert result.duration_seconds == pytest.approx(1, abs=0.1)


def test_a_video_without_sound_gives_renditions_without_sound(clips: Path, work_dir: Path) -> None:
    source = make_video(clips / "silent.mp4", duration=1, audio=None)

    result = process_video(source, work_dir)

    assert not probe(source).has_audio
    assert_rendition(by_name(result)["720p"], 320, 240, audio=False)


def red_corner(picture: Path) -> str:
    """Which corner of a picture made from make_marked_video holds the red block."""
    with Image.open(picture) as image:
        rgb = image.convert("RGB")
    corners = {
        "top-left": (5, 5),
        "top-right": (rgb.width - 6, 5),
        "bottom-left": (5, rgb.height - 6),
        "bottom-right": (rgb.width - 6, rgb.height - 6),
    }
    red = []
    for name, xy in corners.items():
        pixel = rgb.getpixel(xy)
        assert isinstance(pixel, tuple)
        if pixel[0] > 200:
            red.append(name)
    [corner] = red
    return corner


@pytest.mark.parametrize(
    ("rotate_tag", "rotation", "corner"),
    [
        # The display matrix turns the picture counter-clockwise by `rotation` degrees; a phone held upright
        # records 270 (ffprobe's -90), so its sensor's top-left corner is shown top-right.
        pytest.param(270, 270, "top-right", id="phone-held-upright"),
        pytest.param(90, 90, "bottom-left", id="phone-held-upside-down"),
    ],
)
def test_a_video_recorded_sideways_is_turned_upright(
    clips: Path, work_dir: Path, rotate_tag: int, rotation: int, corner: str
) -> None:
    source = rotate(make_marked_video(clips / "marked.mp4"), clips / f"sideways-{rotate_tag}.mp4", rotate_tag)
    info = probe(source)
    assert (info.rotation, info.width, info.height) == (rotation, 240, 320)

    result = process_video(source, work_dir)

    assert (result.width, result.height) == (240, 320)
    assert_rendition(by_name(result)["720p"], 240, 320, audio=False)
    first_frame = work_dir.parent / "first-frame.png"
    ffmpeg("-i", str(by_name(result)["720p"].path), "-frames:v", "1", str(first_frame))
    assert red_corner(first_frame) == corner
    assert red_corner(by_name(result)["poster"].path) == corner


def test_the_frame_rate_is_capped_at_60(clips: Path, work_dir: Path) -> None:
    source = make_video(clips / "fast.mp4", rate=120, duration=0.5, audio=None)

    result = process_video(source, work_dir)

    assert result.frame_rate == 120
    [video] = streams(by_name(result)["720p"].path, "video")
    assert video["avg_frame_rate"] == "60/1"


def test_hdr_video_is_tone_mapped_to_8_bit_bt709(clips: Path, work_dir: Path) -> None:
    hlg = ("-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020", "-color_trc", "arib-std-b67")
    source = make_video(clips / "hlg.mp4", duration=1, video=(*HEVC, *hlg, "-colorspace", "bt2020nc"), audio=None)
    assert probe(source).hdr_transfer == "arib-std-b67"

    result = process_video(source, work_dir)

    [video] = streams(by_name(result)["720p"].path, "video")
    assert (video["pix_fmt"], video["color_transfer"], video["color_primaries"]) == ("yuv420p", "bt709", "bt709")


# --- What is refused ---


def make_text(path: Path) -> Path:
    path.write_text("This is not a video, whatever its name says.\n")
    return path


def make_empty(path: Path) -> Path:
    path.touch()
    return path


def make_truncated(path: Path, *, faststart: bool = False) -> Path:
    whole = make_video(path.with_suffix(".whole.mp4"), extra=("-movflags", "+faststart") if faststart else ())
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 10])
    return path


def make_audio_only(path: Path) -> Path:
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", str(path.with_suffix(".m4a")))
    path.with_suffix(".m4a").rename(path)
    return path


def make_photo(path: Path) -> Path:
    Image.new("RGB", (64, 48), (30, 120, 200)).save(path, format="JPEG")
    return path


def make_avi(path: Path) -> Path:
    make_video(path.with_suffix(".avi"), duration=1, video=("-c:v", "mpeg4"), audio=None)
    path.with_suffix(".avi").rename(path)
    return path


def make_playlist(path: Path) -> Path:
    """An HLS playlist named .mp4 that would have ffmpeg read another local file."""
    path.write_text("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:/etc/hostname\n#EXT-X-ENDLIST\n")
    return path


@pytest.mark.parametrize(
    ("make", "limits", "reason"),
    [
        pytest.param(make_empty, DEFAULT_LIMITS, "The file is empty.", id="zero-bytes"),
        pytest.param(make_text, DEFAULT_LIMITS, "The file is not a video we can read.", id="text-named-mp4"),
        pytest.param(make_truncated, DEFAULT_LIMITS, "The file is not a video we can read.", id="truncated"),
        pytest.param(
            lambda path: make_truncated(path, faststart=True),
            DEFAULT_LIMITS,
            "The video could not be processed; the file may be damaged or incomplete.",
            id="truncated-index-first",
        ),
        pytest.param(
            lambda path: make_video(path, duration=1),
            replace(DEFAULT_LIMITS, max_bytes=1000),
            "The video is * KB; the limit is 1000 bytes.",
            id="over-max-bytes",
        ),
        pytest.param(
            make_video,
            replace(DEFAULT_LIMITS, max_duration_seconds=1),
            "The video is 2 s long; the limit is 1 s.",
            id="over-max-duration",
        ),
        pytest.param(
            lambda path: make_video(path, duration=0.5),
            replace(DEFAULT_LIMITS, max_width_height=320 * 200),
            "The video is 320x240 pixels; the limit is 64,000 pixels a frame.",
            id="over-pixel-limit",
        ),
        pytest.param(
            make_audio_only, DEFAULT_LIMITS, "The file is not a video we can read: it has no picture.", id="audio-only"
        ),
        pytest.param(
            make_photo,
            DEFAULT_LIMITS,
            "Photogram accepts videos in MP4, MOV and WebM files; this file is in another format.",
            id="photo-named-mp4",
        ),
        pytest.param(
            make_avi,
            DEFAULT_LIMITS,
            "Photogram accepts videos in MP4, MOV and WebM files; this file is in another format.",
            id="avi-container",
        ),
        pytest.param(
            lambda path: make_video(path, duration=0.5, video=("-c:v", "mpeg4"), audio=None),
            DEFAULT_LIMITS,
            "The video is encoded with mpeg4, which Photogram does not accept; "
            "it accepts H.264, HEVC, VP8, VP9 and AV1.",
            id="codec-not-accepted",
        ),
        pytest.param(
            make_playlist,
            DEFAULT_LIMITS,
            "Photogram accepts videos in MP4, MOV and WebM files; this file is in another format.",
            id="hls-playlist",
        ),
    ],
)
def test_what_is_not_an_acceptable_video_is_refused_with_a_reason_and_leaves_nothing(
    tmp_path: Path, work_dir: Path, make: Callable[[Path], Path], limits: VideoLimits, reason: str
) -> None:
    source = make(tmp_path / "upload.mp4")

    with pytest.raises(MediaRefused) as refused:
        process_video(source, work_dir, limits=limits)

    prefix, _, suffix = reason.partition("*")
    assert refused.value.reason.startswith(prefix)
    assert refused.value.reason.endswith(suffix)
    assert list(work_dir.iterdir()) == []
    assert children() == []


@pytest.mark.parametrize("timeout", [0.01, 0.5])
def test_processing_that_takes_too_long_is_stopped_and_refused(clips: Path, work_dir: Path, timeout: float) -> None:
    """0.01 s stops ffprobe; 0.5 s lets the probe finish and stops ffmpeg in the middle of 1080p encoding."""
    source = clips / "slow.mp4"
    if not source.exists():
        make_video(source, size="1920x1080", rate=30, duration=2)

    with pytest.raises(MediaRefused) as refused:
        process_video(source, work_dir, limits=replace(DEFAULT_LIMITS, timeout_seconds=timeout))

    assert refused.value.reason == "Processing the video took too long; please try a shorter or smaller video."
    assert list(work_dir.iterdir()) == []
    assert children() == []


def test_lengths_are_told_in_hours_minutes_and_seconds() -> None:
    assert _describe_duration(963) == "16 min 3 s"
    assert _describe_duration(900) == "15 min"
    assert _describe_duration(3725) == "1 h 2 min 5 s"
    assert _describe_duration(2) == "2 s"
