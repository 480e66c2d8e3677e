"""The home feed in Chromium: scrolling to its end loads the next page in place."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from photogram.accounts.services import graph
from photogram.core.window import CursorWindow
from photogram.feeds.services import timeline
from tests.browser.test_accounts import sign_in
from tests.support.api import PASSWORD, make_user
from tests.support.eventually import soon
from tests.web.community import post

# Long enough for the fan-out on full (outbox relay, Celery worker, feed service) on a loaded machine.
ARRIVES_S = 20


def test_scrolling_to_the_end_of_the_home_feed_loads_the_older_posts(page: Page) -> None:
    alice = make_user("alice")
    bob = make_user("bob", with_password=False)
    graph.follow(alice, bob)
    for number in range(12):
        post(bob, f"Loaf number {number}")

    def fed() -> int:
        return len(timeline.home_page(alice, CursorWindow(limit=20)).status_ids)

    assert soon(fed, 12, timeout=ARRIVES_S) == 12
    sign_in(page, "alice", PASSWORD)
    posts = page.locator("#feed > article")
    expect(posts).to_have_count(10)
    page.evaluate("document.body.dataset.sameDocument = 'yes'")

    page.get_by_role("link", name="Load more").scroll_into_view_if_needed()

    expect(posts).to_have_count(12)
    expect(page.get_by_text("Loaf number 0")).to_be_attached()
    expect(page.get_by_role("link", name="Load more")).to_have_count(0)
    expect(page.locator("body")).to_have_attribute("data-same-document", "yes")
