"""The accounts endpoints' behaviour and their answers to bad input (Django's test client, real database)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from photogram.accounts.models import Follow, User
from photogram.accounts.services import graph
from tests.support.api import ApiClient, as_user, make_token, make_user

pytestmark = pytest.mark.django_db


def _registration(token: str, **fields: Any) -> Any:
    body = {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "password": "a long enough secret 1",
        "agreement": "true",
        **fields,
    }
    return ApiClient(token).post("/api/v1/accounts", body)


def test_registration_answers_a_usable_token() -> None:
    app_token = make_token(None, "read write follow")
    response = _registration(app_token)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "read write follow"
    me = ApiClient(body["access_token"]).get("/api/v1/accounts/verify_credentials")
    assert me.json()["username"] == "newcomer"
    assert User.objects.get(username="newcomer").password.startswith("argon2")


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"username": "Taken"}, "username", "ERR_TAKEN"),
        ({"username": "admin"}, "username", "ERR_RESERVED"),
        ({"username": "no spaces"}, "username", "ERR_INVALID"),
        ({"username": "x" * 31}, "username", "ERR_TOO_LONG"),
        ({"email": "not-an-email"}, "email", "ERR_INVALID"),
        ({"email": "TAKEN@example.org"}, "email", "ERR_TAKEN"),
        ({"password": "12345678"}, "password", "ERR_INVALID"),
        ({"password": "short"}, "password", "ERR_INVALID"),
        ({"agreement": "false"}, "agreement", "ERR_ACCEPTED"),
    ],
)
def test_registration_refuses_bad_input_and_creates_nothing(fields: dict[str, str], field: str, code: str) -> None:
    make_user("taken", with_password=False)
    before = User.objects.count()
    response = _registration(make_token(None, "write:accounts"), **fields)
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith("Validation failed")
    assert body["details"][field][0]["error"] == code
    assert User.objects.count() == before


def test_registration_is_rate_limited_per_address(settings: Any) -> None:
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "sign_up": (2, 1800)}
    token = make_token(None, "write:accounts")
    assert _registration(token, username="first", email="first@example.org").status_code == 200
    assert _registration(token, username="second", email="second@example.org").status_code == 200
    refused = _registration(token, username="third", email="third@example.org")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert not User.objects.filter(username="third").exists()


def test_api_budget_is_reported_and_enforced(settings: Any) -> None:
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "api": (3, 300)}
    client = as_user(make_user("busy", with_password=False))
    answers = [client.get("/api/v1/accounts/verify_credentials") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [answer["X-RateLimit-Remaining"] for answer in answers] == ["2", "1", "0", "0"]
    assert answers[0]["X-RateLimit-Limit"] == "3"
    assert answers[3].json() == {"error": "Too many requests"}


def test_app_token_cannot_act_as_a_person() -> None:
    response = ApiClient(make_token(None, "read")).get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 422
    assert response.json()["error"] == "This method requires an authenticated user"


def test_expired_token_is_refused() -> None:
    token = make_token(make_user("late", with_password=False), expires_in=-10)
    assert ApiClient(token).get("/api/v1/accounts/verify_credentials").status_code == 401


def test_malformed_json_is_a_clear_400() -> None:
    client = as_user(make_user("typo", with_password=False))
    response = client.patch("/api/v1/accounts/update_credentials", "{not json")
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


def test_profile_update_renders_the_bio_safely() -> None:
    user = make_user("writer", with_password=False)
    client = as_user(user)
    response = client.patch(
        "/api/v1/accounts/update_credentials",
        json.dumps({"display_name": "The Writer", "note": "I love #Photos with @friend <script>x</script>"}),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["display_name"] == "The Writer"
    assert "<script>" not in body["note"]
    assert "&lt;script&gt;" in body["note"]
    assert '/tags/photos"' in body["note"]
    assert '/@friend"' in body["note"]
    assert body["source"]["note"].startswith("I love #Photos")


def test_profile_update_refuses_bad_fields_and_changes_nothing() -> None:
    user = make_user("careful", with_password=False, display_name="Before")
    client = as_user(user)
    response = client.patch(
        "/api/v1/accounts/update_credentials", json.dumps({"display_name": "After", "note": "x" * 501})
    )
    assert response.status_code == 422
    assert response.json()["details"]["note"][0]["error"] == "ERR_TOO_LONG"
    user.refresh_from_db()
    assert user.display_name == "Before"


def _png_with_gps() -> bytes:
    image = Image.new("RGB", (800, 600), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (48.0, 51.0, 30.0)}  # GPSInfo: latitude
    exif[0x010F] = "CameraMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", exif=exif)
    return buffer.getvalue()


def test_avatar_is_cropped_stripped_and_served(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    user = make_user("photographer", with_password=False)
    upload = io.BytesIO(_png_with_gps())
    upload.name = "me.png"
    response = Client().patch(
        "/api/v1/accounts/update_credentials",
        data=_multipart({"avatar": upload, "locked": "true"}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
        headers={"Authorization": f"Bearer {make_token(user)}"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["locked"] is True
    assert body["avatar"].endswith(".webp")
    user.refresh_from_db()
    with Image.open(user.avatar.path) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (400, 400)
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_a_file_that_is_not_an_image_is_refused() -> None:
    user = make_user("prankster", with_password=False)
    upload = io.BytesIO(b"%PDF-1.4 not an image")
    upload.name = "avatar.png"
    response = Client().patch(
        "/api/v1/accounts/update_credentials",
        data=_multipart({"avatar": upload}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
        headers={"Authorization": f"Bearer {make_token(user)}"},
    )
    assert response.status_code == 422
    assert "could not be read as an image" in response.json()["details"]["avatar"][0]["description"]
    user.refresh_from_db()
    assert not user.avatar


def _multipart(fields: dict[str, Any]) -> bytes:
    from django.test.client import encode_multipart

    return encode_multipart("BoUnDaRy", fields)


def test_follow_refusals_have_the_right_status() -> None:
    me, other, blocker = (make_user(name, with_password=False) for name in ("me", "other", "blocker"))
    client = as_user(me)
    assert client.post(f"/api/v1/accounts/{me.id}/follow").status_code == 422
    assert client.post("/api/v1/accounts/999999/follow").status_code == 404
    graph.block(blocker, me)
    assert client.post(f"/api/v1/accounts/{blocker.id}/follow").status_code == 404
    graph.block(me, other)
    refused = client.post(f"/api/v1/accounts/{other.id}/follow")
    assert refused.status_code == 403
    assert "Unblock" in refused.json()["error"]
    assert not Follow.objects.exists()
    assert client.get(f"/api/v1/accounts/{blocker.id}").status_code == 404
    assert client.get(f"/api/v1/accounts/{other.id}").status_code == 404
    assert client.get("/api/v1/accounts/lookup", {"acct": "blocker"}).status_code == 404


def test_following_twice_is_not_an_error_and_counts_once() -> None:
    me, star = make_user("fan", with_password=False), make_user("star", with_password=False)
    client = as_user(me)
    assert client.post(f"/api/v1/accounts/{star.id}/follow").json()["following"] is True
    assert client.post(f"/api/v1/accounts/{star.id}/follow").json()["following"] is True
    star.refresh_from_db()
    assert star.followers_count == 1


def test_a_locked_accounts_lists_are_for_its_followers() -> None:
    owner = make_user("private", with_password=False, locked=True)
    follower, stranger, friend = (make_user(name, with_password=False) for name in ("follower", "stranger", "friend"))
    graph.follow(follower, owner)
    graph.authorize_follow_request(owner, follower.id)
    graph.follow(owner, friend)
    for viewer, expected in ((stranger, []), (follower, ["friend"]), (owner, ["friend"])):
        listed = as_user(viewer).get(f"/api/v1/accounts/{owner.id}/following").json()
        assert [account["username"] for account in listed] == expected
    anonymous = Client().get(f"/api/v1/accounts/{owner.id}/followers").json()
    assert anonymous == []
    assert Client().get(f"/api/v1/accounts/{owner.id}").json()["followers_count"] == 1


def test_cursor_pagination_pages_both_ways() -> None:
    star = make_user("popular", with_password=False)
    fans = [make_user(f"fan{n}", with_password=False) for n in range(5)]
    for fan in fans:
        graph.follow(fan, star)
    client = as_user(star)
    first = client.get(f"/api/v1/accounts/{star.id}/followers", {"limit": 2})
    assert [a["username"] for a in first.json()] == ["fan4", "fan3"]
    links = first["Link"]
    assert 'rel="next"' in links
    assert 'rel="prev"' in links
    follows = list(Follow.objects.filter(followee=star).order_by("-id").values_list("id", flat=True))
    older = client.get(f"/api/v1/accounts/{star.id}/followers", {"limit": 2, "max_id": follows[1]})
    assert [a["username"] for a in older.json()] == ["fan2", "fan1"]
    newer = client.get(f"/api/v1/accounts/{star.id}/followers", {"limit": 2, "min_id": follows[4]})
    assert [a["username"] for a in newer.json()] == ["fan2", "fan1"]
    since = client.get(f"/api/v1/accounts/{star.id}/followers", {"limit": 2, "since_id": follows[4]})
    assert [a["username"] for a in since.json()] == ["fan4", "fan3"]
    assert client.get(f"/api/v1/accounts/{star.id}/followers", {"limit": "many"}).status_code == 422


def test_relationships_answer_in_the_order_asked() -> None:
    me, a, b = (make_user(name, with_password=False) for name in ("me", "aa", "bb"))
    graph.follow(me, b)
    graph.mute(me, a, notifications=False)
    response = as_user(me).get("/api/v1/accounts/relationships", {"id[]": [b.id, a.id]})
    body = response.json()
    assert [item["id"] for item in body] == [str(b.id), str(a.id)]
    assert body[0]["following"] is True
    assert (body[1]["muting"], body[1]["muting_notifications"]) == (True, False)


def test_openapi_document_lists_every_endpoint_with_its_scope() -> None:
    document = Client().get("/api/openapi.json").json()
    follow = document["paths"]["/api/v1/accounts/{account_id}/follow"]["post"]
    assert follow["security"] == [{"oauth2": ["write:follows"]}]
    assert "403" in follow["responses"]
    assert document["paths"]["/api/v2/instance"]["get"].get("security") is None
    assert "write:follows" in document["components"]["securitySchemes"]["oauth2"]["flows"]["password"]["scopes"]
