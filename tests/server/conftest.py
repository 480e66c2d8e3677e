from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from PIL import Image

from photogram.api.serializers import emojis
from photogram.server.models import CustomEmoji
from photogram.server.services import instance


def forget_instance_caches() -> None:
    cache = caches["default"]
    cache.delete_many([emojis._key(), instance.ACTIVITY_KEY, instance.USAGE_KEY])


@pytest.fixture(autouse=True)
def fresh_instance_caches() -> Iterator[None]:
    """Each test reads the emoji table, the activity and the usage from its own rows, not a test's before."""
    forget_instance_caches()
    yield
    forget_instance_caches()


def png(size: tuple[int, int] = (64, 64)) -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", size, (200, 40, 90, 255)).save(output, format="PNG")
    return output.getvalue()


def make_emoji(shortcode: str, **fields: object) -> CustomEmoji:
    return CustomEmoji.objects.create(shortcode=shortcode, image=ContentFile(png(), name=f"{shortcode}.png"), **fields)
