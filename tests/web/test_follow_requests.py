"""The follow-request inbox: approve and reject with and without htmx, the count in the navigation, and no
answering for someone else. In the community, frank asked to follow carol (locked) and waits."""

from __future__ import annotations

import pytest

from photogram.accounts.models import Follow, FollowRequest
from photogram.accounts.services import graph
from tests.support.api import make_user
from tests.web.community import Community, build, client_for, page_of, text_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def town() -> Community:
    return build()


def test_the_inbox_lists_who_waits_and_the_navigation_counts_them(town: Community) -> None:
    client = client_for(town.carol)
    page = text_of(client.get("/follow_requests"))
    assert "@frank" in page
    assert f'action="/follow_requests/{town.frank.pk}/authorize"' in page
    assert f'action="/follow_requests/{town.frank.pk}/reject"' in page
    assert "1 follow request waiting" in page
    graph.follow(town.bob, town.carol)
    home = text_of(client.get("/notifications"))
    assert "2 follow requests waiting" in home
    assert '<a href="/follow_requests">2 people ask to follow you</a>' in home
    alices = text_of(client_for(town.alice).get("/notifications"))
    assert "follow request" not in alices
    assert "No one is waiting for an answer." in text_of(client_for(town.alice).get("/follow_requests"))


def test_approving_without_javascript_makes_the_follow_and_says_so(town: Community) -> None:
    client = client_for(town.carol)
    response = client.post(f"/follow_requests/{town.frank.pk}/authorize")
    assert response.status_code == 302
    assert response["Location"] == "/follow_requests"
    assert Follow.objects.filter(follower=town.frank, followee=town.carol).exists()
    assert not FollowRequest.objects.exists()
    page = text_of(client.get("/follow_requests"))
    assert "You approved @frank: they now follow you." in page
    assert "No one is waiting for an answer." in page
    assert "Only for my followers" in text_of(client_for(town.frank).get(page_of(town.secret)))


def test_rejecting_with_htmx_answers_the_row_and_the_new_count(town: Community) -> None:
    graph.follow(town.bob, town.carol)
    response = client_for(town.carol).post(f"/follow_requests/{town.frank.pk}/reject", headers=HTMX)
    assert response.status_code == 200
    part = text_of(response)
    assert "<html" not in part
    assert part.startswith(f'<li class="account-row with-actions" id="request-{town.frank.pk}">')
    assert "You turned down @frank's request." in part
    assert '<span class="badge" id="nav-requests-badge" hx-swap-oob="true">' in part
    assert "1 follow request waiting" in part
    assert not Follow.objects.filter(follower=town.frank, followee=town.carol).exists()
    assert not FollowRequest.objects.filter(requester=town.frank).exists()
    assert FollowRequest.objects.filter(requester=town.bob, target=town.carol).exists()
    assert client_for(town.frank).get(page_of(town.secret)).status_code == 404


def test_approving_the_last_request_with_htmx_hides_the_badge(town: Community) -> None:
    part = text_of(client_for(town.carol).post(f"/follow_requests/{town.frank.pk}/authorize", headers=HTMX))
    assert "You approved @frank" in part
    assert '<span class="badge" id="nav-requests-badge" hx-swap-oob="true" hidden></span>' in part


def test_one_cannot_answer_a_request_made_to_someone_else(town: Community) -> None:
    for action in ("authorize", "reject"):
        for headers in ({}, HTMX):
            response = client_for(town.alice).post(f"/follow_requests/{town.frank.pk}/{action}", headers=headers)
            assert response.status_code == 404
            assert "This account does not exist" in text_of(response)
    assert FollowRequest.objects.filter(requester=town.frank, target=town.carol).exists()
    assert not Follow.objects.filter(follower=town.frank, followee=town.carol).exists()


def test_the_inbox_and_its_answers_need_a_signed_in_person_and_a_post(town: Community) -> None:
    anonymous = client_for(None)
    assert anonymous.get("/follow_requests")["Location"] == "/auth/sign_in?next=/follow_requests"
    response = anonymous.post(f"/follow_requests/{town.frank.pk}/authorize")
    assert response.status_code == 302
    assert response["Location"].startswith("/auth/sign_in")
    assert client_for(town.carol).get(f"/follow_requests/{town.frank.pk}/authorize").status_code == 405
    assert FollowRequest.objects.filter(requester=town.frank, target=town.carol).exists()


def test_a_suspended_requester_is_not_listed(town: Community) -> None:
    ghost = make_user("ghost", with_password=False)
    graph.follow(ghost, town.carol)
    ghost.is_active = False
    ghost.save()
    page = text_of(client_for(town.carol).get("/follow_requests"))
    assert "@ghost" not in page
    assert "1 follow request waiting" in page


def test_a_private_profile_offers_a_request_and_then_shows_it_requested(town: Community) -> None:
    client = client_for(town.bob)
    page = text_of(client.get("/@carol"))
    assert "Ask to follow" in page
    assert "This account is private." in page
    part = text_of(client.post("/@carol/follow", {"next": "/@carol"}, headers=HTMX))
    assert "Requested" in part
    assert 'action="/@carol/unfollow"' in part
    assert FollowRequest.objects.filter(requester=town.bob, target=town.carol).exists()
    assert "Requested" in text_of(client.get("/@carol"))
