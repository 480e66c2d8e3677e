"""The VAPID key: made once per data directory and kept, or given in the environment (and then checked)."""

from __future__ import annotations

import base64
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import ValidationError

from photogram.config import Environment


def _scalar(key: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)), "big")


def test_the_key_is_made_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHOTOGRAM_VAPID_PRIVATE_KEY", raising=False)
    monkeypatch.setenv("PHOTOGRAM_DATA_DIR", str(tmp_path))
    # Processes starting at once (web workers, Celery workers) all end up with the one key written.
    keys: list[str] = []
    starts = [
        threading.Thread(target=lambda: keys.append(Environment().effective_vapid_private_key())) for _ in range(8)
    ]
    for start in starts:
        start.start()
    for start in starts:
        start.join()
    assert len(set(keys)) == 1
    ec.derive_private_key(_scalar(keys[0]), ec.SECP256R1())  # a P-256 private key
    assert Environment().effective_vapid_private_key() == keys[0]
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o777 == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["vapid_private_key"]  # no drafts left behind


def test_a_key_from_the_environment_wins_and_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOTOGRAM_DATA_DIR", str(tmp_path))
    raw = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value.to_bytes(32, "big")
    given = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    monkeypatch.setenv("PHOTOGRAM_VAPID_PRIVATE_KEY", given)
    assert Environment().effective_vapid_private_key() == given
    assert not (tmp_path / "vapid_private_key").exists()
    for wrong in ("not a key", base64.urlsafe_b64encode(b"\x00" * 32).decode(), "AAAA"):
        monkeypatch.setenv("PHOTOGRAM_VAPID_PRIVATE_KEY", wrong)
        with pytest.raises(ValidationError, match="P-256 private key"):
            Environment()
