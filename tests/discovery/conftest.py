"""What the discovery tests share: a trends ranking of their own (the cache outlives a test, Redis a run)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from photogram.discovery.services import trends


@pytest.fixture(autouse=True)
def fresh_trends() -> Iterator[None]:
    cache.delete(trends.CACHE_KEY)
    yield
    cache.delete(trends.CACHE_KEY)
