"""The live page in Chromium: notifications and new posts arrive over the streaming API, without a reload."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.posts.services import interactions
from photogram.streaming.services import channels
from photogram.streaming.services.broker import brokers
from tests.browser.test_accounts import sign_in
from tests.support.api import PASSWORD, make_user
from tests.support.eventually import soon
from tests.web.community import post

# Long enough for the fan-out on full (outbox relay, Celery worker, feed service) on a loaded machine.
ARRIVES_MS = 20_000


def wait_until_streaming(user: User) -> None:
    """Return once the page's WebSocket listens to the person's stream: what is published after reaches it."""
    soon(lambda: any(channels.user(user.pk) in hub.channels for hub in brokers.default.hubs()), True)


def remember_this_page(page: Page) -> None:
    page.evaluate("document.body.dataset.sameDocument = 'yes'")


def expect_no_reload(page: Page) -> None:
    expect(page.locator("body")).to_have_attribute("data-same-document", "yes")


def test_a_like_shows_on_the_open_notifications_page_with_the_badge(page: Page) -> None:
    alice = make_user("alice")
    bob = make_user("bob", with_password=False)
    shot = post(alice, "Sunset over the bay")
    sign_in(page, "alice", PASSWORD)
    page.goto("/notifications")
    expect(page.get_by_text("Nothing yet.")).to_be_visible()
    expect(page.locator("#unread")).to_be_hidden()
    remember_this_page(page)
    wait_until_streaming(alice)

    interactions.favourite(bob, shot.pk)

    item = page.locator("#notification-list li.notification").first
    expect(item).to_contain_text(re.compile(r"bob\s+liked your post\."), timeout=ARRIVES_MS)
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    expect(page.get_by_text("Nothing yet.")).to_have_count(0)
    expect_no_reload(page)
    page.screenshot(path="var/browser-live-notifications.png")

    page.reload()  # the page marked it read
    expect(page.locator("#unread")).to_be_hidden()
    expect(page.locator("#notification-list li.notification")).to_have_count(1)


def test_the_badge_rises_on_any_page_when_a_notification_arrives(page: Page) -> None:
    alice = make_user("alice")
    bob = make_user("bob", with_password=False)
    sign_in(page, "alice", PASSWORD)
    page.goto("/explore")
    remember_this_page(page)
    wait_until_streaming(alice)

    graph.follow(bob, alice)

    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible(timeout=ARRIVES_MS)
    expect_no_reload(page)
    page.goto("/explore")
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()


def test_new_posts_wait_behind_a_button_that_puts_them_on_top_of_the_feed(page: Page) -> None:
    alice = make_user("alice")
    bob = make_user("bob", with_password=False)
    graph.follow(alice, bob)
    post(bob, "Yesterday's bread")
    sign_in(page, "alice", PASSWORD)
    expect(page.get_by_text("Yesterday's bread")).to_be_visible(timeout=ARRIVES_MS)
    page.reload()
    button = page.get_by_role("button", name="New posts")
    expect(button).to_be_hidden()
    remember_this_page(page)
    wait_until_streaming(alice)

    post(bob, "Fresh from the oven")

    expect(button).to_be_visible(timeout=ARRIVES_MS)
    page.screenshot(path="var/browser-live-pill.png")
    expect(page.get_by_text("Fresh from the oven")).to_have_count(0)
    button.click()
    fresh = page.locator("article", has_text="Fresh from the oven")
    expect(fresh).to_be_focused()
    expect(page.locator("#feed > article").first).to_contain_text("Fresh from the oven")
    expect(page.locator("#feed > article")).to_have_count(2)
    expect(button).to_be_hidden()
    expect_no_reload(page)
