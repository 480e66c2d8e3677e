import time
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from photogram.core.health import checks
from photogram.core.health.checks import run_checks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_worker_process")]

DEAD_REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 1 on loopback: nothing listens there, so the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_healthz_is_ok_when_every_backend_answers(client: Client, settings: Any) -> None:
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["profile"] == settings.PHOTOGRAM_PROFILE
    expected = {"database", "cache", "tasks"}
    if settings.FULL_PROFILE:
        expected |= {"redis", "rabbitmq", "cassandra"}
    assert set(body["checks"]) == expected
    for check in body["checks"].values():
        assert check["status"] == "ok"
        assert check["latency_ms"] >= 0
    assert "no-cache" in response["Cache-Control"]


def test_healthz_names_the_failing_backend_with_503(client: Client) -> None:
    with override_settings(CACHES=DEAD_REDIS_CACHE):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["failing"] == ["cache"]
    assert "ConnectionError" in body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["status"] == "ok"


def test_healthz_refuses_other_methods(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_a_hung_backend_fails_its_check_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "CHECK_TIMEOUT", 0.2)
    started = time.monotonic()

    def hang() -> str:
        time.sleep(2)
        return "never"

    results = run_checks({"slow": hang, "quick": lambda: "fine"})
    assert time.monotonic() - started < 1.5
    by_name = {result.name: result for result in results}
    assert not by_name["slow"].ok
    assert "no answer within 0.2 s" in by_name["slow"].detail
    assert by_name["quick"].ok


def test_doctor_prints_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("doctor")
    out = capsys.readouterr().out
    assert "database" in out
    assert "FAILING" not in out


def test_doctor_fails_naming_the_backend() -> None:
    with override_settings(CACHES=DEAD_REDIS_CACHE), pytest.raises(Exception, match="failing: cache"):
        call_command("doctor")
