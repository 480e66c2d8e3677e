from pathlib import Path

import pytest
from pydantic import ValidationError

from photogram.config import Environment, Profile


def test_defaults_are_the_embedded_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHOTOGRAM_PROFILE", raising=False)
    assert Environment().profile is Profile.EMBEDDED


def test_lists_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOTOGRAM_ALLOWED_HOSTS", "photos.example, localhost")
    monkeypatch.setenv("PHOTOGRAM_CASSANDRA_HOSTS", "127.0.0.1,127.0.0.2")
    environment = Environment()
    assert environment.allowed_hosts == ["photos.example", "localhost"]
    assert environment.cassandra_hosts == ["127.0.0.1", "127.0.0.2"]


def test_a_bad_value_is_refused_naming_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOTOGRAM_PROFILE", "cloud")
    with pytest.raises(ValidationError, match="profile"):
        Environment()


def test_service_urls_follow_the_local_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHOTOGRAM_REDIS_URL", raising=False)
    monkeypatch.delenv("PHOTOGRAM_BROKER_URL", raising=False)
    monkeypatch.setenv("PHOTOGRAM_REDIS_PORT", "7000")
    monkeypatch.setenv("PHOTOGRAM_RABBITMQ_PORT", "7001")
    environment = Environment()
    assert environment.effective_redis_url == "redis://127.0.0.1:7000/0"
    assert environment.effective_broker_url == "amqp://guest:guest@127.0.0.1:7001//"


def test_the_streaming_url_is_the_public_origin_on_embedded_and_its_own_port_on_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PHOTOGRAM_STREAMING_URL", raising=False)
    monkeypatch.setenv("PHOTOGRAM_PUBLIC_URL", "https://photos.example:8443/")
    monkeypatch.setenv("PHOTOGRAM_PROFILE", "embedded")
    assert Environment().effective_streaming_url == "wss://photos.example:8443"
    monkeypatch.setenv("PHOTOGRAM_PROFILE", "full")
    monkeypatch.setenv("PHOTOGRAM_STREAMING_PORT", "4001")
    assert Environment().effective_streaming_url == "wss://photos.example:4001"
    monkeypatch.setenv("PHOTOGRAM_PUBLIC_URL", "http://[::1]:8000")
    assert Environment().effective_streaming_url == "ws://[::1]:4001"
    monkeypatch.setenv("PHOTOGRAM_STREAMING_URL", "wss://streaming.photos.example/")
    assert Environment().effective_streaming_url == "wss://streaming.photos.example"


def test_secret_key_is_made_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHOTOGRAM_SECRET_KEY", raising=False)
    monkeypatch.setenv("PHOTOGRAM_DATA_DIR", str(tmp_path))
    first = Environment().effective_secret_key()
    assert len(first) >= 50
    assert Environment().effective_secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
