"""The settings in Chromium: the profile form with a broken photo and then a good one, and blocking from a
profile's menu, undone from the blocked list."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import Page, expect

from photogram.accounts.models import Block, User
from tests.browser.test_accounts import assert_next_to, sign_in
from tests.conftest import REPO_ROOT
from tests.support.api import PASSWORD, make_user

SCREENSHOTS = REPO_ROOT / "var" / "screenshots"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_profile_form_explains_a_broken_photo_beside_it_and_saves_a_good_one(page: Page, screen: str) -> None:
    make_user("alice")
    sign_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Profile", level=1)).to_be_visible()

    page.get_by_label("Name", exact=True).fill("Alice Harbour")
    page.get_by_label("Bio").fill("Boats, fog and #harbour mornings.")
    broken = {"name": "broken.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff not really a photo"}
    page.get_by_label("Profile photo").set_input_files(broken)  # type: ignore[arg-type]
    page.get_by_role("button", name="Save profile").click()

    message = "The avatar could not be read as an image: the file is damaged, or not a JPEG, PNG, WebP or GIF."
    assert_next_to(page.get_by_label("Profile photo"), message)
    expect(page.get_by_label("Name", exact=True)).to_have_value("Alice Harbour")
    expect(page.get_by_label("Bio")).to_have_value("Boats, fog and #harbour mornings.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"settings-profile-error-{screen}.png", full_page=True)
    assert User.objects.get(username="alice").display_name == ""

    good = {"name": "me.png", "mimeType": "image/png", "buffer": _png()}
    page.get_by_label("Profile photo").set_input_files(good)  # type: ignore[arg-type]
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"settings-profile-{screen}.png", full_page=True)
    alice = User.objects.get(username="alice")
    assert alice.display_name == "Alice Harbour"
    assert alice.avatar
    page.get_by_role("link", name="See your profile").click()
    expect(page.get_by_role("heading", name=re.compile("^Alice Harbour"))).to_be_visible()
    avatar = page.locator(".profile-header img.avatar")
    expect(avatar).to_have_attribute("src", re.compile(r"/avatars/.+\.webp$"))
    assert avatar.evaluate("image => image.complete && image.naturalWidth") == 400


def test_blocking_from_the_profile_menu_and_unblocking_in_the_settings(page: Page, screen: str) -> None:
    make_user("alice")
    eve = make_user("eve", display_name="Eve")
    sign_in(page, "alice", PASSWORD)
    page.goto("/@eve")
    page.get_by_label("More actions for @eve").click()
    page.screenshot(path=SCREENSHOTS / f"profile-menu-{screen}.png", full_page=True)
    page.get_by_role("button", name="Block @eve").click()

    expect(page.get_by_role("heading", name="Blocked accounts", level=1)).to_be_visible()
    assert Block.objects.filter(blocker__username="alice", blocked=eve).exists()
    page.get_by_role("button", name="Unblock @eve").click()
    expect(page.get_by_role("status").filter(has_text="Unblocked.")).to_be_visible()
    expect(page.get_by_role("button", name="Block again @eve")).to_be_focused()
    assert not Block.objects.filter(blocker__username="alice", blocked=eve).exists()
