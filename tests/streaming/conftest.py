from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.streaming import serving


@pytest.fixture
def streaming_url(transactional_db: None) -> Iterator[str]:
    """The URL of a streaming server run for this test."""
    with serving() as url:
        yield url
