"""Posting from the compose page through Django's test client: real uploads, really processed (inline on
embedded, by the Celery worker on full), published once, refused with the file's name and the reason."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.media.models import MediaAttachment
from photogram.posts.models import Status, StatusEdit, StatusMedia
from tests.support.api import make_user
from tests.support.eventually import soon
from tests.web.community import client_for, post, text_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]

HTMX = {"HX-Request": "true"}


def photo(name: str, size: tuple[int, int] = (800, 600), colour: tuple[int, int, int] = (30, 120, 200)) -> Any:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def cut_photo(name: str) -> Any:
    """A JPEG whose end is missing: it looks like a photo until it is decoded."""
    buffer = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue()[:4000], content_type="image/jpeg")


def key_of(page: Any) -> str:
    match = re.search(r'name="key" value="([0-9a-f]+)"', text_of(page))
    assert match, "the compose form has no key"
    return match.group(1)


def listed_ids(page: Any) -> list[int]:
    return [int(value) for value in re.findall(r'name="media" value="(\d+)"', text_of(page))]


def settled(ids: list[int]) -> None:
    """Wait until the uploads are processed (they are already on embedded)."""
    done = {MediaAttachment.State.READY, MediaAttachment.State.FAILED}

    def states() -> bool:
        return all(
            state in done for state in MediaAttachment.objects.filter(pk__in=ids).values_list("state", flat=True)
        )

    assert soon(states, True, timeout=60)


def compose(client: Client, **fields: Any) -> Any:
    """Send the compose form as a browser without JavaScript would."""
    data = {"caption": "", "visibility": "public", "crop": "", **fields}
    return client.post("/new", data)


@pytest.fixture
def alice() -> User:
    return make_user("alice", with_password=False)


def test_the_compose_page_asks_for_a_sign_in() -> None:
    response = Client().get("/new")
    assert response.status_code == 302
    assert response["Location"].startswith("/auth/sign_in")


def test_photos_uploaded_ordered_described_and_shared_without_javascript(alice: User) -> None:
    client = client_for(alice)
    page = client.get("/new")
    key = key_of(page)
    assert 'enctype="multipart/form-data"' in text_of(page)

    page = compose(client, key=key, crop="1:1", caption="Dawn #harbour", files=[photo("a.jpg"), photo("b.jpg")])
    assert page.status_code == 200
    first, second = listed_ids(page)
    assert re.search(r'<input type="radio" name="crop" value="1:1"[^>]* checked', text_of(page))
    settled([first, second])
    page = compose(client, key=key, caption="Dawn #harbour", media=[first, second], move=f"{second}:earlier")
    assert listed_ids(page) == [second, first]
    assert "Dawn #harbour" in text_of(page)  # what was typed comes back

    response = compose(
        client,
        key=key,
        caption="Dawn #harbour",
        visibility="private",
        media=[second, first],
        **{f"alt-{second}": "Boats in fog", f"alt-{first}": "The pier"},
        action="share",
    )

    post = Status.objects.get(author=alice)
    assert response.status_code == 303
    assert response["Location"] == f"/@alice/{post.pk}"
    assert post.caption == "Dawn #harbour"
    assert post.visibility == Status.Visibility.PRIVATE
    links = StatusMedia.objects.filter(status=post).order_by("position").select_related("media")
    assert [(link.media_id, link.media.description) for link in links] == [
        (second, "Boats in fog"),
        (first, "The pier"),
    ]
    for link in links:
        small = link.media.renditions["320"]["jpeg"]
        assert (small["width"], small["height"]) == (320, 320)  # cut square, from 800x600
    shown = text_of(client.get(f"/@alice/{post.pk}"))
    assert "Boats in fog" in shown
    assert '/tags/harbour"' in shown  # the caption's hashtag is a link


def test_a_file_that_is_no_photo_is_named_with_the_reason_and_the_rest_is_kept(alice: User) -> None:
    client = client_for(alice)
    notes = SimpleUploadedFile("notes.txt", b"just some words, not a picture", content_type="text/plain")

    page = compose(client, key="k1", caption="Keep me", files=[photo("good.jpg"), notes])

    assert page.status_code == 422
    shown = text_of(page)
    assert "notes.txt: The file is not a photo or video in a format Photogram accepts." in shown
    assert 'aria-invalid="true"' in shown
    assert "Keep me" in shown
    assert len(listed_ids(page)) == 1
    assert MediaAttachment.objects.filter(owner=alice).count() == 1
    assert not Status.objects.exists()


def test_a_broken_photo_says_which_file_and_why_and_is_not_published(alice: User) -> None:
    client = client_for(alice)

    page = compose(client, key="k2", files=[cut_photo("cut.jpg")])

    [media] = MediaAttachment.objects.filter(owner=alice)
    if settings.FULL_PROFILE:  # decoded by the worker, after the answer: the list item and "Share" say it
        settled([media.pk])
        media.refresh_from_db()
        state = re.sub(r"<[^>]+>", "", text_of(client.get(f"/new/media/{media.pk}", headers=HTMX)))
        assert f"This file cannot be used: {media.failure_reason}" in state
        page = compose(client, key="k2", media=[media.pk], action="share")
        assert f"Item 1 could not be used: {media.failure_reason}" in text_of(page)
    else:  # decoded as it was uploaded: the form names it at once
        assert f"cut.jpg: {media.failure_reason}" in text_of(page)
        assert listed_ids(page) == []
    assert media.state == MediaAttachment.State.FAILED
    assert "incomplete" in media.failure_reason or "damaged" in media.failure_reason
    assert page.status_code == 422
    assert not Status.objects.exists()


def test_more_than_twenty_files_are_refused_whole(alice: User) -> None:
    limit = settings.CONTENT_LIMITS["max_media_attachments"]
    files = [photo(f"p{index}.jpg", (16, 16)) for index in range(limit + 1)]

    page = compose(client_for(alice), key="k3", caption="Too many", files=files)

    assert page.status_code == 422
    assert f"A post can have at most {limit} photos or videos; this would make {limit + 1}." in text_of(page)
    assert not MediaAttachment.objects.exists()


def test_sharing_twice_makes_one_post(alice: User) -> None:
    client = client_for(alice)
    page = compose(client, key="once", files=[photo("a.jpg")])
    [media_id] = listed_ids(page)
    settled([media_id])
    form = {"key": "once", "caption": "Once", "media": [media_id], "action": "share"}

    answers = [compose(client, **form) for _ in range(2)]

    post = Status.objects.get(author=alice)
    assert [answer.status_code for answer in answers] == [303, 303]
    assert {answer["Location"] for answer in answers} == {f"/@alice/{post.pk}"}
    assert StatusMedia.objects.filter(status=post).count() == 1


def test_someone_elses_upload_cannot_be_shared_nor_looked_at(alice: User) -> None:
    bob = make_user("bob", with_password=False)
    bobs_page = compose(client_for(bob), key="b1", files=[photo("bob.jpg")])
    [bobs] = listed_ids(bobs_page)
    settled([bobs])
    client = client_for(alice)

    page = compose(client, key="a1", caption="Not mine", media=[bobs], action="share")

    assert page.status_code == 422
    assert "Item 1 is not one of your uploads." in text_of(page)
    assert listed_ids(page) == []
    assert not Status.objects.exists()
    assert MediaAttachment.objects.get(pk=bobs).attached_at is None
    assert client.get(f"/new/media/{bobs}", headers=HTMX).status_code == 404
    moved = compose(client, key="a2", media=[bobs], move=f"{bobs}:later")
    assert moved.status_code == 200
    assert listed_ids(moved) == []


def test_the_scripts_upload_answers_the_list_item_or_the_files_name_and_reason(alice: User) -> None:
    client = client_for(alice)

    made = client.post("/new/media", {"file": photo("a.jpg"), "crop": "4:5", "place": "2"})
    refused = client.post("/new/media", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 not a photo")})

    media = MediaAttachment.objects.get(owner=alice)
    assert made.status_code == 201
    item = text_of(made)
    assert item.startswith(f'<li class="upload" data-upload="{media.pk}">')
    assert f'name="media" value="{media.pk}"' in item
    assert "Alt text for item <span data-place>2</span>" in item
    assert media.crop == "4:5"
    assert refused.status_code == 422
    assert "x.pdf: The file is not a photo or video" in text_of(refused)
    settled([media.pk])
    state = text_of(client.get(f"/new/media/{media.pk}", headers=HTMX))
    assert "hx-get" not in state  # ready: nothing more to ask
    assert "Ready" in state


def test_caption_suggestions_come_from_what_the_viewer_may_see(alice: User) -> None:
    bob = make_user("bob", with_password=False)
    eve = make_user("eve", with_password=False)
    graph.block(alice, eve)
    first = compose(client_for(alice), key="t1", files=[photo("a.jpg")])
    [media_id] = listed_ids(first)
    settled([media_id])
    compose(client_for(alice), key="t1", caption="#harbour", media=[media_id], action="share")

    def suggested(viewer: User, query: str) -> list[str]:
        response = client_for(viewer).get("/new/suggest", {"q": query})
        assert response.status_code == 200
        return [item["value"] for item in response.json()["suggestions"]]

    assert suggested(bob, "#harb") == ["#harbour"]
    assert suggested(bob, "@ali") == ["@alice"]
    assert suggested(eve, "@ali") == []  # blocked: not even named
    assert suggested(bob, "harb") == []


def test_the_author_edits_caption_and_descriptions_from_the_post_page(alice: User) -> None:
    shared = post(alice, "First words", photos=2, alt="Old description")
    first, second = StatusMedia.objects.filter(status=shared).order_by("position").values_list("media_id", flat=True)
    client = client_for(alice)
    page = text_of(client.get(f"/@alice/{shared.pk}"))
    assert ">First words</textarea>" in page  # the caption as written
    assert f'name="alt-{first}" rows="2" maxlength="1500">Old description</textarea>' in page

    response = client.post(
        f"/@alice/{shared.pk}/edit", {"caption": "Better words #harbour", f"alt-{first}": "", f"alt-{second}": "Fog"}
    )

    assert response.status_code == 303
    assert response["Location"] == f"/@alice/{shared.pk}"
    shared.refresh_from_db()
    assert shared.caption == "Better words #harbour"
    assert shared.edited_at is not None
    assert StatusEdit.objects.filter(status=shared).count() == 2  # as published, and as edited
    described = dict(MediaAttachment.objects.filter(pk__in=[first, second]).values_list("pk", "description"))
    assert described == {first: "", second: "Fog"}
    shown = text_of(client.get(f"/@alice/{shared.pk}"))
    assert "Better words" in shown
    assert "<p>Fog</p>" in shown


def test_a_too_long_caption_comes_back_beside_its_field_and_nothing_changes(alice: User) -> None:
    shared = post(alice, "Kept", alt="Kept too")
    [media_id] = StatusMedia.objects.filter(status=shared).values_list("media_id", flat=True)
    too_long = "x" * (settings.CONTENT_LIMITS["max_caption_characters"] + 1)

    response = client_for(alice).post(f"/@alice/{shared.pk}/edit", {"caption": too_long, f"alt-{media_id}": "New"})

    assert response.status_code == 422
    shown = text_of(response)
    assert 'aria-invalid="true" aria-describedby="edit-caption-errors"' in shown
    assert "Ensure this value has at most" in shown
    assert f">{too_long}</textarea>" in shown
    assert f'name="alt-{media_id}" rows="2" maxlength="1500">New</textarea>' in shown
    shared.refresh_from_db()
    assert shared.caption == "Kept"
    assert MediaAttachment.objects.get(pk=media_id).description == "Kept too"


def test_only_the_author_may_edit(alice: User) -> None:
    bob = make_user("bob", with_password=False)
    graph.follow(bob, alice)
    shared = post(alice, "Mine")
    client = client_for(bob)

    assert "Edit post" not in text_of(client.get(f"/@alice/{shared.pk}"))
    response = client.post(f"/@alice/{shared.pk}/edit", {"caption": "Yours now"})

    assert response.status_code == 403
    assert "Only its author can edit a post." in text_of(response)
    shared.refresh_from_db()
    assert shared.caption == "Mine"
