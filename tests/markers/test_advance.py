"""A page that showed the newest items moves the marker forward, never back."""

from __future__ import annotations

import pytest

from photogram.markers.services import positions
from tests.support.api import make_user


@pytest.mark.django_db
def test_advance_moves_the_marker_forward_only() -> None:
    alice = make_user("alice", with_password=False)
    positions.advance(alice, "notifications", 100)
    assert positions.markers_of(alice, ["notifications"])["notifications"].last_read_id == 100
    positions.advance(alice, "notifications", 50)
    assert positions.markers_of(alice, ["notifications"])["notifications"].last_read_id == 100
    positions.advance(alice, "notifications", 150)
    assert positions.markers_of(alice, ["notifications"])["notifications"].last_read_id == 150
