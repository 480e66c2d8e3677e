"""Encoder settings, from `PHOTOGRAM_MEDIA_*` to the files written: each one changes what it should and nothing
else, the defaults are the measured ones, and a value out of range stops the start-up saying which one."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from pydantic import ValidationError

from photogram.config import IMAGE_FORMATS, Environment
from photogram.media.models import MediaAttachment
from photogram.media.processing.images import ENCODERS, process_image
from photogram.media.processing.types import ENCODER_RANGES, EncoderSettings, ProcessedMedia
from photogram.media.services import processing
from tests.media.images import save, textured
from tests.support.api import make_user
from tests.support.processes import run_django


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save(textured((1600, 1200)), tmp_path_factory.mktemp("source") / "photo.jpg", "JPEG")


def _files(result: ProcessedMedia) -> dict[tuple[str, str], bytes]:
    return {(r.name, r.format): r.path.read_bytes() for r in result.renditions}


def _progressive(path: Path) -> bool:
    with Image.open(path) as image:
        return bool(image.info.get("progressive"))  # Pillow's mark of a progressive frame header (SOF2)


def test_the_defaults_are_the_measured_settings() -> None:
    defaults = EncoderSettings()
    assert defaults.options("webp") == {"quality": 82, "method": 4}
    assert defaults.options("jpeg") == {"quality": 85, "progressive": True, "optimize": True}
    assert defaults.options("avif") == {"quality": 60, "speed": 8}


@pytest.mark.parametrize(
    ("changed", "file_format"),
    [
        ({"webp_method": 0}, "webp"),
        ({"webp_quality": 60}, "webp"),
        ({"jpeg_quality": 60}, "jpeg"),
        ({"jpeg_progressive": False}, "jpeg"),
        ({"avif_speed": 10}, "avif"),
        ({"avif_quality": 40}, "avif"),
    ],
)
def test_a_setting_changes_every_file_of_its_format_and_no_other(
    photo: Path, tmp_path: Path, changed: dict[str, Any], file_format: str
) -> None:
    formats = ("webp", "jpeg", "avif")
    (tmp_path / "default").mkdir()
    (tmp_path / "changed").mkdir()
    default = _files(process_image(photo, tmp_path / "default", formats=formats))
    made = _files(process_image(photo, tmp_path / "changed", formats=formats, encoders=EncoderSettings(**changed)))

    assert made.keys() == default.keys()
    for key, data in made.items():
        assert (data != default[key]) == (key[1] == file_format), key


def test_a_baseline_jpeg_when_progressive_is_off(photo: Path, tmp_path: Path) -> None:
    (tmp_path / "progressive").mkdir()
    (tmp_path / "baseline").mkdir()
    progressive = process_image(photo, tmp_path / "progressive", formats=("jpeg",))
    baseline = process_image(
        photo, tmp_path / "baseline", formats=("jpeg",), encoders=EncoderSettings(jpeg_progressive=False)
    )

    assert all(_progressive(rendition.path) for rendition in progressive.renditions)
    assert not any(_progressive(rendition.path) for rendition in baseline.renditions)


def _with(name: str, value: int) -> EncoderSettings:
    changed: dict[str, Any] = {name: value}
    return EncoderSettings(**changed)


@pytest.mark.parametrize("name", sorted(ENCODER_RANGES))
def test_values_out_of_range_are_refused_and_the_bounds_accepted(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    low, high = ENCODER_RANGES[name]
    variable = f"PHOTOGRAM_MEDIA_{name.upper()}"
    for value in (low - 1, high + 1):
        monkeypatch.setenv(variable, str(value))
        with pytest.raises(ValidationError, match=f"media_{name}"):
            Environment()
        with pytest.raises(ValueError, match=f"{name} must be from {low} to {high}"):
            _with(name, value)
    for value in (low, high):
        monkeypatch.setenv(variable, str(value))
        assert getattr(Environment(), f"media_{name}") == value
        assert getattr(_with(name, value), name) == value


def test_the_environment_reaches_the_settings() -> None:
    variables = {
        "PHOTOGRAM_MEDIA_WEBP_QUALITY": "70",
        "PHOTOGRAM_MEDIA_WEBP_METHOD": "2",
        "PHOTOGRAM_MEDIA_JPEG_QUALITY": "80",
        "PHOTOGRAM_MEDIA_JPEG_PROGRESSIVE": "false",
        "PHOTOGRAM_MEDIA_AVIF_QUALITY": "50",
        "PHOTOGRAM_MEDIA_AVIF_SPEED": "9",
    }
    code = "from django.conf import settings; import dataclasses; print(dataclasses.asdict(settings.MEDIA_ENCODERS))"
    started = run_django(code, **variables)

    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == str(
        dataclasses.asdict(
            EncoderSettings(
                webp_quality=70, webp_method=2, jpeg_quality=80, jpeg_progressive=False, avif_quality=50, avif_speed=9
            )
        )
    )


def test_the_start_up_stops_at_a_value_out_of_range_naming_it() -> None:
    started = run_django("", PHOTOGRAM_MEDIA_WEBP_METHOD="7")

    assert started.returncode != 0
    assert "media_webp_method" in started.stderr
    assert "less than or equal to 6" in started.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"PHOTOGRAM_MEDIA_FORMATS": "webp,jpg"}, "unknown image format jpg: choose from webp, jpeg, avif"),
        ({"PHOTOGRAM_MEDIA_DEFERRED_FORMATS": "avif,heic"}, "unknown image format heic"),
        ({"PHOTOGRAM_MEDIA_FORMATS": " , "}, "at least one image format"),
    ],
)
def test_the_start_up_stops_at_an_unknown_or_missing_image_format(variables: dict[str, str], message: str) -> None:
    started = run_django("", **variables)

    assert started.returncode != 0
    assert message in started.stderr


def test_image_formats_the_settings_know_are_those_the_encoders_make() -> None:
    assert set(IMAGE_FORMATS) == set(ENCODERS)


@pytest.mark.django_db
def test_the_task_encodes_with_the_settings(settings: Any, photo: Path) -> None:
    settings.MEDIA_FORMATS = {"immediate": ["jpeg"], "deferred": []}
    settings.MEDIA_ENCODERS = EncoderSettings(jpeg_progressive=False)
    media = MediaAttachment.objects.create(
        owner=make_user("encoded", with_password=False), original_content_type="image/jpeg", original_size=1
    )
    media.original.save(str(media.pk), ContentFile(photo.read_bytes()))

    processing.process(media.pk)

    media.refresh_from_db()
    assert media.state == MediaAttachment.State.READY
    for formats in media.renditions.values():
        with default_storage.open(formats["jpeg"]["path"]) as stored, Image.open(stored) as image:
            assert image.format == "JPEG"
            assert not image.info.get("progressive")
