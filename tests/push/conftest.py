from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.push.receiver import PushReceiver


@pytest.fixture(autouse=True)
def loopback_endpoints(settings: Any) -> None:
    """Let subscriptions name the test's receiver on loopback over plain http, as in development."""
    settings.PUSH = {**settings.PUSH, "ALLOW_LOOPBACK_HTTP": True}


@pytest.fixture
def receiver() -> Iterator[PushReceiver]:
    served = PushReceiver()
    yield served
    served.close()
