"""The reading pages for each kind of viewer: what they show, and that nothing private or blocked leaks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from photogram.accounts.models import User
from tests.web.community import Community, build, client_for, page_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def town() -> Community:
    return build()


def _get(user: User | None, path: str, **extra: Any) -> Any:
    return client_for(user).get(path, **extra)


# A post's page


def test_a_post_page_shows_its_photos_with_srcset_alt_text_likes_and_caption(town: Community) -> None:
    response = _get(None, page_of(town.carousel))
    assert response.status_code == 200
    page = text_of(response)
    assert "Two views of" in page
    assert 'alt="Fishing boats moored in fog"' in page
    assert "Fishing boats moored in fog</p>" in page, "the description is shown, not only in the alt attribute"
    images = re.findall(r"<img src=\"[^\"]+/renditions/[^>]+>", page)
    assert len(images) == 2
    for image in images:
        assert re.search(r'srcset="[^"]+1080\.webp 1080w, [^"]+640\.webp 640w"', image)
        assert 'width="1080" height="810"' in image
        assert 'data-colour="#979695"' in image
    assert 'loading="eager"' in images[0], "the photo a post page opens on is not held back"
    assert "data-carousel" in page
    assert "0 likes" in page
    assert 'href="#media-' in page, "the carousel's dots are links that work without a script"


def test_likes_and_comments_show_on_the_post_page(town: Community) -> None:
    from photogram.posts.services import interactions, publishing

    interactions.favourite(town.bob, town.carousel.pk)
    comment = publishing.publish(town.bob, "Lovely light", [], in_reply_to_id=town.carousel.pk)
    publishing.publish(town.alice, "@bob thank you", [], in_reply_to_id=comment.pk)
    page = text_of(_get(town.frank, page_of(town.carousel)))
    assert "1 like" in page
    assert "Lovely light" in page
    assert page.index("Lovely light") < page.index("thank you"), "comments oldest first"
    assert "replying" in page, "an answer to a comment says so"


def test_only_the_author_gets_the_delete_button(town: Community) -> None:
    assert "Delete this post" in text_of(_get(town.alice, page_of(town.sunset)))
    assert "Delete this post" not in text_of(_get(town.bob, page_of(town.sunset)))
    assert "Delete this post" not in text_of(_get(None, page_of(town.sunset)))


def test_anonymous_visitors_see_no_forms_but_a_way_to_sign_in(town: Community) -> None:
    page = text_of(_get(None, page_of(town.sunset)))
    assert "Sign in to comment" in page
    assert "/like" not in page
    assert "csrfmiddlewaretoken" not in page


def test_a_comments_address_opens_its_post_at_the_comment(town: Community) -> None:
    from photogram.posts.services import publishing

    comment = publishing.publish(town.bob, "Nice", [], in_reply_to_id=town.sunset.pk)
    response = _get(None, f"/@bob/{comment.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/@alice/{town.sunset.pk}#comment-{comment.pk}"


def test_a_post_under_another_name_redirects_to_its_address(town: Community) -> None:
    response = _get(None, f"/@bob/{town.sunset.pk}")
    assert response.status_code == 301
    assert response["Location"] == page_of(town.sunset)


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("anonymous", 404), ("frank", 404), ("bob", 404), ("eve", 404), ("dave", 200), ("carol", 200)],
)
def test_a_followers_only_post_opens_for_its_author_and_followers_only(
    town: Community, viewer: str, status: int
) -> None:
    user = None if viewer == "anonymous" else getattr(town, viewer)
    response = _get(user, page_of(town.secret))
    assert response.status_code == status
    if status == 404:
        page = text_of(response)
        assert "Only for my followers" not in page
        assert "This post does not exist" in page


def test_nothing_opens_across_a_block(town: Community) -> None:
    for path in (page_of(town.sunset), "/@alice", "/@alice/followers", "/@alice/following"):
        response = _get(town.eve, path)
        assert response.status_code == 404, path
        assert "Sunset" not in text_of(response)
    for path in ("/tags/harbour", "/search?q=harbour", "/search?q=alice", "/explore"):
        page = text_of(_get(town.eve, path))
        assert str(town.sunset.pk) not in page, path
        assert "/@alice" not in page, path
    # Nor the other way round.
    assert _get(town.alice, "/@eve").status_code == 404


# Profiles


def test_a_profile_shows_header_counts_and_grid_with_carousel_badges(town: Community) -> None:
    page = text_of(_get(town.frank, "/@alice"))
    assert "@alice" in page
    assert re.search(r"<strong>2</strong> posts", page)
    assert re.search(r"<strong>1</strong> follower\b", page)
    assert page.count('class="tile"') == 2
    assert "Several photos" in page, "the carousel's tile carries a badge"
    assert '<button class="button primary">Follow</button>' in page


def test_a_video_tile_shows_its_poster_and_a_badge(town: Community) -> None:
    from photogram.media.models import MediaAttachment
    from photogram.posts.services import publishing
    from tests.web.community import upload

    video = upload(town.bob, kind=MediaAttachment.Kind.VIDEO)
    publishing.publish(town.bob, "A clip", [video.pk])
    page = text_of(_get(None, "/@bob"))
    assert "poster.jpeg" in page
    assert ">Video</span>" in page


@pytest.mark.parametrize(("viewer", "sees_grid"), [("anonymous", False), ("frank", False), ("dave", True)])
def test_a_locked_account_shows_its_grid_to_followers_only(town: Community, viewer: str, sees_grid: bool) -> None:
    user = None if viewer == "anonymous" else getattr(town, viewer)
    response = _get(user, "/@carol")
    assert response.status_code == 200
    page = text_of(response)
    assert ("This account is private." not in page) is sees_grid
    for post in (town.secret, town.carols_public):
        assert (str(post.pk) in page) is sees_grid
    assert ("/@carol/followers" in page) is sees_grid
    followers = _get(user, "/@carol/followers")
    assert ("/@dave" in text_of(followers)) is sees_grid


def test_the_follow_button_says_where_one_stands(town: Community) -> None:
    assert ">Requested<" in text_of(_get(town.frank, "/@carol"))
    assert ">Following<" in text_of(_get(town.dave, "/@carol"))
    assert ">Ask to follow<" in text_of(_get(town.bob, "/@carol"))
    assert ">Follow back<" in text_of(_get(town.alice, "/@bob"))


def test_followers_and_following_list_the_people(town: Community) -> None:
    assert "/@bob" in text_of(_get(None, "/@alice/followers"))
    assert "/@alice" in text_of(_get(None, "/@bob/following"))


def test_an_unknown_profile_or_tag_is_a_404_page_with_a_sentence(town: Community) -> None:
    response = _get(None, "/@nobody")
    assert response.status_code == 404
    assert "This account does not exist" in text_of(response)
    response = _get(None, "/tags/neverused")
    assert response.status_code == 404
    assert "No post uses this hashtag yet." in text_of(response)
    response = _get(None, "/no/such/page")
    assert response.status_code == 404
    assert "There is no page at this address." in text_of(response)


# Hashtags, explore, search


def test_a_hashtag_page_shows_the_posts_the_viewer_may_see(town: Community) -> None:
    anonymous = text_of(_get(None, "/tags/harbour"))
    assert str(town.carousel.pk) in anonymous
    assert str(town.sunset.pk) in anonymous
    assert str(town.carols_public.pk) in anonymous, "a locked account's public post is public"
    assert str(town.secret.pk) not in anonymous
    assert str(town.secret.pk) not in text_of(_get(town.dave, "/tags/harbour")), "hashtags list public posts only"
    assert _get(None, "/tags/HARBOUR")["Location"] == "/tags/harbour"


def test_explore_shows_popular_public_posts_of_people_one_does_not_follow(town: Community) -> None:
    page = text_of(_get(town.frank, "/explore"))
    assert str(town.sunset.pk) in page
    assert str(town.secret.pk) not in page
    assert str(town.sunset.pk) not in text_of(_get(town.bob, "/explore")), "bob follows alice already"
    assert _get(None, "/explore?page=0").status_code == 404


def test_search_works_as_a_plain_form_and_as_htmx(town: Community) -> None:
    page = text_of(_get(town.frank, "/search?q=harbour"))
    assert 'action="/search"' in page
    assert "#harbour" in page
    assert str(town.sunset.pk) in page
    assert str(town.secret.pk) not in page, "frank does not follow carol"
    partial = _get(town.frank, "/search?q=alice", headers={"HX-Request": "true"})
    assert "<html" not in text_of(partial)
    assert "/@alice" in text_of(partial)
    assert "HX-Request" in partial["Vary"]
    assert "Sign in to search posts." in text_of(_get(None, "/search?q=harbour"))


# The home feed


def test_visitors_get_the_front_page(town: Community) -> None:
    assert "Create an account" in text_of(_get(None, "/"))


def test_pages_that_need_a_person_send_visitors_to_sign_in(town: Community) -> None:
    for path in ("/notifications", "/new"):
        response = _get(None, path)
        assert response.status_code == 302
        assert response["Location"].startswith("/auth/sign_in?next=")


def test_a_cursor_that_is_not_an_id_is_refused(town: Community) -> None:
    assert _get(town.bob, "/?max_id=abc").status_code == 400
    assert _get(None, f"/@alice?max_id={2**64}").status_code == 400


# Cost


def _queries_for(path: str) -> int:
    """Return the queries of a page read with the post bodies already cached (as they mostly are)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(None, path)
    with CaptureQueriesContext(connection) as queries:
        assert _get(None, path).status_code == 200
    return len(queries)


def test_a_grid_or_a_post_costs_the_same_queries_however_many_posts_or_comments(town: Community) -> None:
    from photogram.posts.services import publishing
    from tests.web.community import post

    post(town.bob, "First #harbour")
    publishing.publish(town.frank, "First comment", [], in_reply_to_id=town.sunset.pk)
    few = {path: _queries_for(path) for path in ("/@bob", "/tags/harbour", page_of(town.sunset))}
    for index in range(8):
        post(town.bob, f"More #harbour {index}", photos=2)
        publishing.publish(town.frank, f"Comment {index}", [], in_reply_to_id=town.sunset.pk)
    many = {path: _queries_for(path) for path in few}
    assert many == few
