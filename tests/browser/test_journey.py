"""A newcomer's first day, in Chromium, from signing up to deleting the account, with the people around them
in browsers of their own: each step is what the page offers (buttons, links, forms), never a service call.

The single steps have their own, closer tests (test_accounts, test_posting, test_follow_requests, test_live);
this one checks they add up: what one person does shows up for the others on the pages they have open.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from devstack.browser import SCREENS
from photogram.accounts.models import User
from photogram.posts.models import Status
from tests.browser.test_accounts import expect_signed_in, sign_in
from tests.browser.test_posting import READY_WITHIN_MS, photo
from tests.support.api import PASSWORD, make_user
from tests.web.community import post

# The full profile fans a post out through a Celery worker; on a busy machine that may take a while.
FANNED_OUT_WITHIN_S = 90


@pytest.fixture
def browsers(browser: Browser, live_url: str, screen: str) -> Iterator[list[BrowserContext]]:
    """The other people's browsers, on the same kind of screen as the test's own page."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def open_as(browser: Browser, browsers: list[BrowserContext], live_url: str, screen: str, username: str) -> Page:
    context = browser.new_context(base_url=live_url, **SCREENS[screen])
    browsers.append(context)
    page = context.new_page()
    sign_in(page, username, PASSWORD)
    expect_signed_in(page)
    return page


def reload_until_visible(page: Page, text: str, within_s: float) -> None:
    """Reload until `text` is on the page: a feed shows what was fanned out by the time it was drawn."""
    deadline = time.monotonic() + within_s
    while True:
        if page.get_by_text(text).count():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} did not reach {page.url} within {within_s} s")
        time.sleep(1)
        page.reload()


def sign_up(page: Page, username: str) -> None:
    page.goto("/auth/sign_up")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Email", exact=True).fill(f"{username}@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("I agree to the rules of this instance").check()
    page.get_by_role("button", name="Create account").click()
    expect_signed_in(page)


def share_two_photos(page: Page, caption: str) -> None:
    page.goto("/new")
    page.get_by_label(re.compile(r"^Photos and videos")).set_input_files(
        [photo("quay.jpg", (180, 120, 60)), photo("sea.jpg", (40, 90, 180))]
    )
    expect(page.locator("[data-state=ready]")).to_have_count(2, timeout=READY_WITHIN_MS)
    page.get_by_label("Alt text for item 1").fill("The quay at dawn")
    page.get_by_label("Caption").fill(caption)
    page.get_by_role("button", name="Share").click()
    expect(page).to_have_url(re.compile(r"/@\w+/\d+$"))
    expect(page.get_by_role("group", name="2 photos and videos")).to_be_visible()


def test_a_newcomers_first_day(
    page: Page, browser: Browser, browsers: list[BrowserContext], live_url: str, screen: str
) -> None:
    make_user("bob", display_name="Bob")
    carol = make_user("carol", locked=True, display_name="Carol")
    post(carol, "Only for my followers: nets drying on the quay", visibility="private", alt="Fishing nets")

    sign_up(page, "ann")

    # Bob, in his own browser, follows her from her profile.
    bob = open_as(browser, browsers, live_url, screen, "bob")
    bob.goto("/@ann")
    bob.get_by_role("button", name="Follow", exact=True).click()
    expect(bob.get_by_role("button", name=re.compile("^Following"))).to_be_visible()

    share_two_photos(page, "First light on the #harbour")  # a carousel

    # Bob finds it in his home feed, likes it there and comments on its page.
    bob.goto("/")
    reload_until_visible(bob, "First light on the", FANNED_OUT_WITHIN_S)
    card = bob.locator("article").filter(has_text="First light on the")
    card.get_by_role("button", name="Like").click()
    expect(card.get_by_role("button", name="Like")).to_have_attribute("aria-pressed", "true")
    expect(card.get_by_text("1 like", exact=True)).to_be_visible()
    card.get_by_role("link", name="Comments").click()
    bob.get_by_label("Add a comment").fill("What a morning!")
    bob.get_by_role("button", name="Post comment").click()
    expect(bob.get_by_text("What a morning!")).to_be_visible()

    # Ann hears of both.
    page.goto("/notifications")
    notifications = page.locator("#notification-list")
    expect(notifications.get_by_text("liked your post.")).to_be_visible()
    expect(notifications.get_by_text("mentioned you or commented.")).to_be_visible()
    expect(notifications.get_by_text("followed you.")).to_be_visible()

    # She searches for Carol, whose account is private, and asks to follow her.
    page.goto("/search")
    page.get_by_label("Search people, hashtags and posts").fill("carol")
    page.get_by_label("Search people, hashtags and posts").press("Enter")
    page.locator("#found-accounts + ul").get_by_role("link", name=re.compile("Carol")).first.click()
    expect(page).to_have_url(re.compile(r"/@carol$"))
    expect(page.get_by_text("This account is private.")).to_be_visible()
    page.get_by_role("button", name="Ask to follow").click()
    expect(page.get_by_role("button", name=re.compile("^Requested"))).to_be_visible()

    # Carol approves her from the inbox; Ann then sees Carol's posts.
    carol_page = open_as(browser, browsers, live_url, screen, "carol")
    carol_page.goto("/follow_requests")
    carol_page.get_by_role("button", name="Approve @ann").click()
    expect(carol_page.get_by_role("status").filter(has_text="You approved @ann")).to_be_visible()
    page.goto("/@carol")
    expect(page.get_by_role("link", name=re.compile("Fishing nets"))).to_be_visible()

    # Ann deletes her account: it is gone for everyone, her post with it.
    page.goto("/settings/delete")
    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
    assert not User.objects.filter(username="ann").exists()
    assert not Status.objects.filter(caption__startswith="First light").exists()
    answer = bob.goto("/@ann")
    assert answer is not None
    assert answer.status == 404
