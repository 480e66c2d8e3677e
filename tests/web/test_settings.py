"""The settings pages: profile, privacy, blocked and muted accounts, apps, and the password and deletion forms."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oauth2_provider.models import AccessToken
from PIL import Image

from photogram.accounts.models import Block, FollowRequest, Mute, User
from photogram.accounts.services import graph
from tests.support.api import ApiClient, make_token
from tests.web.community import Community, build, client_for, csrf_token, text_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TICKED = re.compile(r'<input type="checkbox" name="locked"[^>]* checked>')
SETTINGS_PAGES = (
    "/settings/profile",
    "/settings/privacy",
    "/settings/blocked",
    "/settings/muted",
    "/settings/apps",
    "/settings/sessions",
    "/settings/password",
    "/settings/delete",
    "/follow_requests",
)


@pytest.fixture
def town() -> Community:
    return build()


def _png(size: tuple[int, int] = (300, 300)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_signed_out_visitors_are_sent_to_sign_in_from_every_settings_page(town: Community) -> None:
    client = client_for(None)
    for path in SETTINGS_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"/auth/sign_in?next={path}"
    response = client.post("/settings/profile", {"display_name": "Intruder"})
    assert response.status_code == 302
    assert not User.objects.filter(display_name="Intruder").exists()


def test_each_settings_page_names_itself_in_the_settings_navigation(town: Community) -> None:
    client = client_for(town.alice)
    assert client.get("/settings")["Location"] == "/settings/profile"
    for path in SETTINGS_PAGES:
        page = text_of(client.get(path))
        assert f'<a href="{path}" aria-current="page">' in page, path
        assert page.count('aria-current="page"') == 1, path


def test_the_profile_form_saves_name_bio_website_and_images(town: Community) -> None:
    client = client_for(town.alice)
    form = {"display_name": "Alice A.", "note": "Harbour photos #harbour", "website": "https://alice.example/"}
    response = client.post("/settings/profile", {**form, "avatar": _png(), "header": _png((900, 300))})
    assert response.status_code == 302
    assert response["Location"] == "/settings/profile"
    alice = User.objects.get(pk=town.alice.pk)
    assert (alice.display_name, alice.note, alice.website) == ("Alice A.", "Harbour photos #harbour", form["website"])
    for field, size in ((alice.avatar, (400, 400)), (alice.header, (1500, 500))):
        with field.open("rb") as stored, Image.open(stored) as image:
            assert (image.format, image.size) == ("WEBP", size)
    page = text_of(client.get("/settings/profile"))
    assert "Your profile was saved." in page
    assert 'value="Alice A."' in page
    assert alice.avatar.url in page
    assert "Alice A." in text_of(client.get("/@alice"))


def test_a_too_long_bio_is_refused_beside_its_field_and_what_was_typed_is_kept(town: Community) -> None:
    client = client_for(town.alice)
    response = client.post("/settings/profile", {"display_name": "Kept name", "note": "x" * 501, "website": ""})
    assert response.status_code == 422
    page = text_of(response)
    assert '<ul class="errorlist" id="id_note_error"><li>Bio is too long (maximum is 500 characters).</li></ul>' in page
    assert 'aria-invalid="true"' in page
    assert 'value="Kept name"' in page
    assert "x" * 501 in page
    assert User.objects.get(pk=town.alice.pk).display_name == ""


def test_a_broken_avatar_file_says_why_beside_its_field_and_changes_nothing(town: Community) -> None:
    client = client_for(town.alice)
    broken = SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\nnot really", content_type="image/png")
    response = client.post("/settings/profile", {"display_name": "New name", "note": "", "avatar": broken})
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="id_avatar_error"><li>The avatar could not be read as an image' in page
    assert 'enctype="multipart/form-data"' in page
    alice = User.objects.get(pk=town.alice.pk)
    assert not alice.avatar
    assert alice.display_name == ""


def test_a_website_that_is_not_an_address_is_refused(town: Community) -> None:
    response = client_for(town.alice).post("/settings/profile", {"website": "javascript:alert(1)"})
    assert response.status_code == 422
    assert "Website is not a valid http(s) address." in text_of(response)
    assert User.objects.get(pk=town.alice.pk).website == ""


def test_the_privacy_form_locks_and_unlocks_the_account(town: Community) -> None:
    client = client_for(town.alice)
    assert 'name="locked"' in text_of(client.get("/settings/privacy"))
    assert client.post("/settings/privacy", {"locked": "on"}).status_code == 302
    assert User.objects.get(pk=town.alice.pk).locked
    page = text_of(client.get("/settings/privacy"))
    assert "Your privacy settings were saved." in page
    assert TICKED.search(page)
    client_for(town.dave).post("/@alice/follow")
    assert FollowRequest.objects.filter(requester=town.dave, target=town.alice).exists()
    assert client.post("/settings/privacy", {}).status_code == 302
    assert not User.objects.get(pk=town.alice.pk).locked
    assert not TICKED.search(text_of(client.get("/settings/privacy")))


def test_the_blocked_list_unblocks_without_javascript_and_with_htmx(town: Community) -> None:
    graph.block(town.alice, town.frank)
    client = client_for(town.alice)
    page = text_of(client.get("/settings/blocked"))
    assert "@eve" in page
    assert "@frank" in page
    assert 'action="/@eve/unblock"' in page
    response = client.post("/@eve/unblock", {"next": "/settings/blocked"})
    assert response["Location"] == "/settings/blocked"
    assert not Block.objects.filter(blocker=town.alice, blocked=town.eve).exists()
    assert "@eve" not in text_of(client.get("/settings/blocked"))
    part = text_of(client.post("/@frank/unblock", {"next": "/settings/blocked"}, headers=HTMX))
    assert "<html" not in part
    assert part.startswith(f'<li class="account-row with-actions" id="block-{town.frank.pk}">')
    assert "Unblocked." in part
    assert 'action="/@frank/block"' in part
    assert not Block.objects.filter(blocker=town.alice, blocked=town.frank).exists()
    client.post("/@frank/block", headers=HTMX)
    assert Block.objects.filter(blocker=town.alice, blocked=town.frank).exists()


def test_the_muted_list_and_the_profile_menu_mute_and_unmute(town: Community) -> None:
    client = client_for(town.bob)
    assert "You mute no one." in text_of(client.get("/settings/muted"))
    profile = text_of(client.get("/@alice"))
    assert 'action="/@alice/mute"' in profile
    assert 'action="/@alice/block"' in profile
    assert client.post("/@alice/mute", {"next": "/@alice"})["Location"] == "/@alice"
    assert Mute.objects.filter(muter=town.bob, muted=town.alice).exists()
    assert 'action="/@alice/unmute"' in text_of(client.get("/@alice"))
    page = text_of(client.get("/settings/muted"))
    assert "@alice" in page
    part = text_of(client.post("/@alice/unmute", headers=HTMX))
    assert "Unmuted." in part
    assert not Mute.objects.filter(muter=town.bob, muted=town.alice).exists()


def test_blocking_from_a_profile_lands_on_the_blocked_list(town: Community) -> None:
    client = client_for(town.bob)
    response = client.post("/@alice/block", {"next": "/settings/blocked"})
    assert response["Location"] == "/settings/blocked"
    assert Block.objects.filter(blocker=town.bob, blocked=town.alice).exists()
    assert "@alice" in text_of(client.get("/settings/blocked"))
    assert client.get("/@alice").status_code == 404


def test_the_settings_forms_need_their_csrf_token(town: Community) -> None:
    client = client_for(town.alice, enforce_csrf_checks=True)
    page = client.get("/settings/privacy")
    assert client.post("/settings/privacy", {"locked": "on"}).status_code == 403
    assert client.post("/@eve/unblock").status_code == 403
    assert not User.objects.get(pk=town.alice.pk).locked
    assert Block.objects.filter(blocker=town.alice, blocked=town.eve).exists()
    answer = client.post("/settings/privacy", {"locked": "on", "csrfmiddlewaretoken": csrf_token(page)})
    assert answer.status_code == 302


def test_revoking_an_app_stops_its_token_working_on_the_api(town: Community) -> None:
    kept, revoked = make_token(town.alice), make_token(town.alice)
    revoked_app = AccessToken.objects.get(token=revoked).application
    assert revoked_app is not None
    client = client_for(town.alice)
    page = text_of(client.get("/settings/apps"))
    assert page.count("Revoke access") == 2
    assert ApiClient(revoked).get("/api/v1/accounts/verify_credentials").status_code == 200

    response = client.post(f"/settings/apps/{revoked_app.pk}/revoke")
    assert response["Location"] == "/settings/apps"
    assert ApiClient(revoked).get("/api/v1/accounts/verify_credentials").status_code == 401
    assert ApiClient(kept).get("/api/v1/accounts/verify_credentials").status_code == 200
    page = text_of(client.get("/settings/apps"))
    assert "The app can no longer use your account." in page
    assert page.count("Revoke access") == 1


def test_one_cannot_revoke_someone_elses_app(town: Community) -> None:
    token = make_token(town.alice)
    application = AccessToken.objects.get(token=token).application
    assert application is not None
    response = client_for(town.bob).post(f"/settings/apps/{application.pk}/revoke")
    assert response.status_code == 404
    assert "This app has no access to your account" in text_of(response)
    assert ApiClient(token).get("/api/v1/accounts/verify_credentials").status_code == 200


def test_the_password_and_deletion_forms_sit_in_the_settings(town: Community) -> None:
    page = text_of(client_for(town.alice).get("/settings/delete"))
    assert "This cannot be undone." in page
    assert '<nav class="settings-nav"' in page
