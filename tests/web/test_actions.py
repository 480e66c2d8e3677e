"""The pages' buttons and forms: CSRF-checked, idempotent, working with and without htmx, clear when stale."""

from __future__ import annotations

import pytest

from photogram.accounts.models import Follow, FollowRequest
from photogram.posts.models import Bookmark, Favourite, Status
from photogram.posts.services import publishing
from tests.web.community import Community, build, client_for, csrf_token, page_of, text_of, upload

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def town() -> Community:
    return build()


def test_forms_are_refused_without_their_csrf_token(town: Community) -> None:
    client = client_for(town.bob, enforce_csrf_checks=True)
    page = client.get(page_of(town.sunset))
    for action in ("like", "save", "comment", "delete"):
        assert client.post(f"{page_of(town.sunset)}/{action}", {"text": "x", "key": "k"}).status_code == 403
    assert client.post("/@carol/follow").status_code == 403
    assert not Favourite.objects.exists()
    assert not Status.objects.filter(in_reply_to=town.sunset).exists()
    token = csrf_token(page)
    assert client.post(f"{page_of(town.sunset)}/like", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Favourite.objects.filter(account=town.bob, status=town.sunset).exists()


def test_liking_without_javascript_redirects_back_and_twice_is_one_like(town: Community) -> None:
    client = client_for(town.bob)
    for _ in range(2):
        response = client.post(f"{page_of(town.sunset)}/like", {"next": "/@alice"})
        assert response.status_code == 302
        assert response["Location"] == "/@alice"
    assert Favourite.objects.filter(status=town.sunset).count() == 1
    page = text_of(client.get(page_of(town.sunset)))
    assert "1 like" in page
    assert f'action="{page_of(town.sunset)}/unlike"' in page
    assert 'aria-pressed="true"' in page


def test_a_next_address_elsewhere_is_not_followed(town: Community) -> None:
    response = client_for(town.bob).post(f"{page_of(town.sunset)}/like", {"next": "https://evil.example/"})
    assert response["Location"] == page_of(town.sunset)


def test_htmx_gets_the_actions_back_with_the_new_count(town: Community) -> None:
    client = client_for(town.bob)
    response = client.post(f"{page_of(town.sunset)}/like", headers=HTMX)
    assert response.status_code == 200
    part = text_of(response)
    assert "<html" not in part
    assert part.startswith(f'<div class="actions" id="actions-{town.sunset.pk}">')
    assert "1 like" in part
    part = text_of(client.post(f"{page_of(town.sunset)}/save", headers=HTMX))
    assert Bookmark.objects.filter(account=town.bob, status=town.sunset).exists()
    assert f"{page_of(town.sunset)}/unsave" in part
    part = text_of(client.post(f"{page_of(town.sunset)}/unlike", headers=HTMX))
    assert "0 likes" in part


def test_acting_on_a_deleted_post_from_a_stale_page_says_what_happened(town: Community) -> None:
    client = client_for(town.bob)
    client.get(page_of(town.sunset))
    publishing.delete(town.alice, town.sunset)
    for action in ("like", "unlike", "save", "unsave"):
        for headers in ({}, HTMX):
            response = client.post(f"{page_of(town.sunset)}/{action}", headers=headers)
            assert response.status_code == 404
            assert "This post does not exist: it was deleted" in text_of(response)
    response = client.post(f"{page_of(town.sunset)}/comment", {"text": "Too late", "key": "k1"})
    assert response.status_code == 404
    assert "This post does not exist" in text_of(response)
    response = client_for(town.alice).post(f"{page_of(town.sunset)}/delete")
    assert response.status_code == 404, "deleting twice (a second tab) is a clear 404, not an error"


def test_one_may_not_act_on_a_post_one_may_not_see(town: Community) -> None:
    response = client_for(town.frank).post(f"{page_of(town.secret)}/like")
    assert response.status_code == 404
    assert not Favourite.objects.exists()
    response = client_for(town.eve).post(f"{page_of(town.sunset)}/comment", {"text": "hi", "key": "k"})
    assert response.status_code == 404
    assert not Status.objects.filter(in_reply_to=town.sunset).exists()


def test_a_comment_is_published_once_however_often_its_form_is_sent(town: Community) -> None:
    client = client_for(town.bob)
    form = {"text": "What a view", "key": "c0ffee"}
    first = client.post(f"{page_of(town.sunset)}/comment", form)
    second = client.post(f"{page_of(town.sunset)}/comment", form)
    comments = Status.objects.filter(in_reply_to=town.sunset)
    assert comments.count() == 1
    assert first["Location"] == second["Location"] == f"{page_of(town.sunset)}#comment-{comments.get().pk}"
    client.post(f"{page_of(town.sunset)}/comment", {"text": "And again", "key": "another"})
    assert comments.count() == 2, "a new form (a new key) is a new comment"
    page = text_of(client.get(page_of(town.sunset)))
    assert "What a view" in page


def test_a_comment_form_with_errors_shows_them_beside_the_field_and_keeps_the_text(town: Community) -> None:
    client = client_for(town.bob)
    too_long = "word " * 500
    response = client.post(f"{page_of(town.sunset)}/comment", {"text": too_long, "key": "k2"})
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="comment-text" name="text"' in page
    assert 'aria-invalid="true" aria-describedby="comment-text-errors"' in page
    assert '<ul class="errorlist" id="comment-text-errors"><li>' in page
    assert too_long.strip() in page, "what was typed is kept"
    assert 'name="key" value="k2"' in page, "sending the corrected form is still the same comment"
    response = client.post(f"{page_of(town.sunset)}/comment", {"text": "   ", "key": "k3"})
    assert response.status_code == 422
    assert "This field is required." in text_of(response)
    assert not Status.objects.filter(in_reply_to=town.sunset).exists()


def test_comments_turned_off_are_refused_with_a_sentence(town: Community) -> None:
    quiet = publishing.publish(town.alice, "No comments", [upload(town.alice).pk], comments_enabled=False)
    client = client_for(town.bob)
    assert "Comments are turned off for this post." in text_of(client.get(page_of(quiet)))
    response = client.post(f"{page_of(quiet)}/comment", {"text": "hi", "key": "k4"})
    assert response.status_code == 422
    assert "Comments are turned off for this post" in text_of(response)


def test_the_author_deletes_a_post_and_a_comment_under_it(town: Community) -> None:
    comment = publishing.publish(town.bob, "Spam", [], in_reply_to_id=town.sunset.pk)
    alice = client_for(town.alice)
    page = text_of(alice.get(page_of(town.sunset)))
    assert f'action="/@bob/{comment.pk}/delete"' in page, "the post's author may remove a comment under it"
    assert f'action="/@bob/{comment.pk}/delete"' not in text_of(client_for(town.frank).get(page_of(town.sunset)))
    assert alice.post(f"/@bob/{comment.pk}/delete")["Location"] == page_of(town.sunset)
    assert alice.post(f"{page_of(town.sunset)}/delete")["Location"] == "/@alice"
    assert not Status.objects.filter(pk__in=[comment.pk, town.sunset.pk]).exists()


def test_only_the_author_may_delete(town: Community) -> None:
    response = client_for(town.bob).post(f"{page_of(town.sunset)}/delete")
    assert response.status_code == 404
    assert Status.objects.filter(pk=town.sunset.pk).exists()


def test_follow_unfollow_and_ask_to_follow(town: Community) -> None:
    frank = client_for(town.frank)
    assert frank.post("/@alice/follow")["Location"] == "/@alice"
    assert Follow.objects.filter(follower=town.frank, followee=town.alice).exists()
    part = text_of(frank.post("/@alice/unfollow", headers=HTMX))
    assert not Follow.objects.filter(follower=town.frank, followee=town.alice).exists()
    assert ">Follow<" in part
    bob = client_for(town.bob)
    part = text_of(bob.post("/@carol/follow", headers=HTMX))
    assert FollowRequest.objects.filter(requester=town.bob, target=town.carol).exists()
    assert not Follow.objects.filter(follower=town.bob, followee=town.carol).exists()
    assert "Requested" in part
    bob.post("/@carol/unfollow")
    assert not FollowRequest.objects.filter(requester=town.bob, target=town.carol).exists()


def test_following_across_a_block_is_refused(town: Community) -> None:
    assert client_for(town.eve).post("/@alice/follow").status_code == 404
    response = client_for(town.alice).post("/@eve/follow")
    assert response.status_code == 403
    assert "Unblock it first" in text_of(response)
    assert not Follow.objects.filter(follower__in=[town.alice, town.eve], followee__in=[town.alice, town.eve]).exists()


def test_actions_need_a_signed_in_person_and_a_post(town: Community) -> None:
    anonymous = client_for(None)
    response = anonymous.post(f"{page_of(town.sunset)}/like")
    assert response.status_code == 302
    assert response["Location"].startswith("/auth/sign_in")
    assert client_for(town.bob).get(f"{page_of(town.sunset)}/like").status_code == 405
    assert not Favourite.objects.exists()
