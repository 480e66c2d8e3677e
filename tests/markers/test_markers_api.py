"""Markers (form and JSON, versioned, a lost race answered 409) and preferences."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from photogram.accounts.models import User
from photogram.markers.models import Marker
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def test_markers_are_saved_from_a_form_or_json_and_read_back_by_timeline() -> None:
    client = as_user(make_user("reader", with_password=False))
    assert client.get("/api/v1/markers", {"timeline[]": ["home", "notifications"]}).json() == {}
    saved = client.post("/api/v1/markers", {"home[last_read_id]": "103"}).json()
    assert set(saved) == {"home"}
    assert saved["home"]["last_read_id"] == "103"
    assert saved["home"]["version"] == 0
    answer = client.client.post(
        "/api/v1/markers",
        {"home": {"last_read_id": "104"}, "notifications": {"last_read_id": 7}},
        content_type="application/json",
        headers=client.headers,
    ).json()
    assert answer["home"]["version"] == 1
    assert answer["notifications"] == {**answer["notifications"], "version": 0}
    both = client.get("/api/v1/markers", {"timeline[]": ["home", "notifications"]}).json()
    assert both["home"]["last_read_id"] == "104"
    assert both["notifications"]["last_read_id"] == "7"
    assert set(client.get("/api/v1/markers", {"timeline[]": "notifications"}).json()) == {"notifications"}
    assert client.get("/api/v1/markers").json() == {}  # none asked for
    # The same position again is no new version.
    assert client.post("/api/v1/markers", {"home[last_read_id]": "104"}).json()["home"]["version"] == 1


def test_markers_are_each_persons_own() -> None:
    alice, bob = as_user(make_user("alice", with_password=False)), as_user(make_user("bob", with_password=False))
    alice.post("/api/v1/markers", {"home[last_read_id]": "5"})
    assert bob.get("/api/v1/markers", {"timeline[]": "home"}).json() == {}


@pytest.mark.parametrize(
    "form",
    [{"home[last_read_id]": "abc"}, {"home[last_read_id]": "-1"}, {"timeline[]": "home"}, {"home[last_read_id]": ""}],
)
def test_bad_positions_are_refused_with_422_or_change_nothing(form: dict[str, str]) -> None:
    reader = make_user("reader", with_password=False)
    answer = as_user(reader).post("/api/v1/markers", form)
    assert answer.status_code in {200, 422}
    assert answer.status_code == 422 or answer.json() == {}
    assert not Marker.objects.filter(account=reader).exists()


def test_unknown_timelines_are_refused() -> None:
    client = as_user(make_user("reader", with_password=False))
    assert client.get("/api/v1/markers", {"timeline[]": "public"}).status_code == 422
    assert ApiClient(None).get("/api/v1/markers").status_code == 401


def _with_rival_write_after_read(rival: Callable[[], None]) -> Any:
    """Run `rival` (another app's whole request, on its own connection) right after this request reads the
    markers and before it writes: the interleaving optimistic locking guards against."""
    done = threading.Event()

    def interleave(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if not done.is_set() and sql.lstrip().upper().startswith("SELECT") and '"markers_marker"' in sql:
            done.set()
            thread = threading.Thread(target=rival)
            thread.start()
            thread.join()
        return result

    return connection.execute_wrapper(interleave)


def _rival(token_user: User, last_read_id: str, answers: list[int]) -> Callable[[], None]:
    client = as_user(token_user)

    def run() -> None:
        try:
            answers.append(client.post("/api/v1/markers", {"home[last_read_id]": last_read_id}).status_code)
        finally:
            connection.close()

    return run


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [True, False], ids=["update", "first write"])
def test_two_writers_racing_give_one_409(existing: bool) -> None:
    reader = make_user("reader", with_password=False)
    if existing:
        as_user(reader).post("/api/v1/markers", {"home[last_read_id]": "100"})
    rival_answers: list[int] = []
    client = as_user(reader)
    with _with_rival_write_after_read(_rival(reader, "300", rival_answers)):
        lost = client.post("/api/v1/markers", {"home[last_read_id]": "200"})
    assert rival_answers == [200]
    assert lost.status_code == 409
    assert lost.json() == {"error": "Conflict during update, please try again"}
    marker = Marker.objects.get(account=reader, timeline="home")
    assert (marker.last_read_id, marker.version) == (300, 1 if existing else 0)
    # Read again, the loser's next write goes through.
    assert client.post("/api/v1/markers", {"home[last_read_id]": "200"}).json()["home"]["version"] == marker.version + 1


def test_preferences_follow_the_accounts_settings() -> None:
    open_account = as_user(make_user("open", with_password=False))
    preferences = open_account.get("/api/v1/preferences").json()
    assert preferences == {
        "posting:default:visibility": "public",
        "posting:default:sensitive": False,
        "posting:default:language": "en",
        "reading:expand:media": "default",
        "reading:expand:spoilers": False,
    }
    locked = as_user(make_user("locked", with_password=False, locked=True))
    assert locked.get("/api/v1/preferences").json()["posting:default:visibility"] == "private"
    source = locked.get("/api/v1/accounts/verify_credentials").json()["source"]
    assert source["privacy"] == "private"
    assert as_user(make_user("noscope", with_password=False), "write").get("/api/v1/preferences").status_code == 403


@pytest.mark.parametrize("body", [{"home": {"last_read_id": True}}, {"home": {"last_read_id": "1", "extra": 1}}])
def test_json_positions_take_an_id_and_nothing_else(body: dict[str, Any]) -> None:
    reader = make_user("reader", with_password=False)
    client = as_user(reader)
    answer = client.client.post("/api/v1/markers", body, content_type="application/json", headers=client.headers)
    assert answer.status_code == 422
    assert not Marker.objects.filter(account=reader).exists()
