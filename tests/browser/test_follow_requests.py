"""A private account's follow requests in Chromium: bob asks, carol approves in her inbox, bob sees her posts."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from devstack.browser import SCREENS
from photogram.accounts.models import Follow
from tests.browser.test_accounts import sign_in
from tests.conftest import REPO_ROOT
from tests.support.api import PASSWORD, make_user
from tests.web.community import post

SCREENSHOTS = REPO_ROOT / "var" / "screenshots"


def test_a_private_account_approves_a_request_and_the_follower_sees_its_posts(
    page: Page, browser: Browser, live_url: str, screen: str
) -> None:
    carol = make_user("carol", locked=True, display_name="Carol")
    make_user("bob", display_name="Bob")
    post(carol, "Only for my followers: the harbour at dawn", visibility="private", alt="Boats in the fog")

    sign_in(page, "bob", PASSWORD)
    page.goto("/@carol")
    expect(page.get_by_text("This account is private.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Boats in the fog"))).to_have_count(0)
    page.get_by_role("button", name="Ask to follow").click()
    expect(page.get_by_role("button", name=re.compile("^Requested"))).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name=re.compile("^Requested"))).to_be_visible()

    owner = browser.new_context(base_url=live_url, **SCREENS[screen])
    inbox = owner.new_page()
    try:
        sign_in(inbox, "carol", PASSWORD)
        notifications = inbox.get_by_role("link", name=re.compile(r"^Notifications\b.*\b1 follow request waiting$"))
        expect(notifications).to_be_visible()
        notifications.click()
        inbox.get_by_role("link", name="1 person asks to follow you").click()
        expect(inbox.get_by_role("heading", name="Follow requests", level=1)).to_be_visible()
        expect(inbox.get_by_role("link", name="Bob @bob")).to_be_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        inbox.screenshot(path=SCREENSHOTS / f"follow-requests-{screen}.png", full_page=True)

        inbox.get_by_role("button", name="Approve @bob").click()
        expect(inbox.get_by_role("status").filter(has_text="You approved @bob: they now follow you.")).to_be_visible()
        # The answer came by htmx: the same page, its count gone from the navigation.
        expect(inbox).to_have_url(re.compile(r"/follow_requests$"))
        expect(inbox.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
        inbox.screenshot(path=SCREENSHOTS / f"follow-requests-answered-{screen}.png", full_page=True)
    finally:
        owner.close()
    assert Follow.objects.filter(follower__username="bob", followee=carol).exists()

    page.goto("/@carol")
    page.get_by_role("link", name=re.compile("Boats in the fog")).click()
    expect(page.get_by_text("Only for my followers: the harbour at dawn")).to_be_visible()
