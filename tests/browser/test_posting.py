"""Posting in Chromium: a carousel uploaded with its progress shown, reordered, described, captioned with a
completed hashtag, shared, and seen on the post page and in the profile's grid; and the same with the
browser's JavaScript turned off, then edited."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import Browser, FilePayload, Page, expect

from devstack.browser import SCREENS
from photogram.posts.models import Status, StatusMedia
from tests.browser.test_accounts import sign_in
from tests.support.api import PASSWORD, make_user
from tests.web.community import post

# Slow enough that each file's progress is on screen while it is sent, whatever the machine.
UPLOAD_BYTES_PER_SECOND = 200 * 1024
# The worker of the full profile may take a while for three photos on a busy machine.
READY_WITHIN_MS = 90_000


def photo(name: str, colour: tuple[int, int, int]) -> FilePayload:
    """A JPEG of some 150 KB: noise over a colour, so it does not compress to nothing."""
    noise = Image.effect_noise((900, 700), 90).convert("RGB")
    image = Image.blend(Image.new("RGB", (900, 700), colour), noise, 0.35)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_a_carousel_is_uploaded_with_progress_described_captioned_and_shared(page: Page, screen: str) -> None:
    author = make_user("maria")
    post(make_user("tagger", with_password=False), "Boats in the #harbour")  # a hashtag to complete
    sign_in(page, "maria", PASSWORD)
    page.goto("/new")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 0, "downloadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": UPLOAD_BYTES_PER_SECOND})

    page.get_by_label("Square (1:1)").check()
    page.get_by_label(re.compile(r"^Photos and videos")).set_input_files(
        [photo("red.jpg", (200, 40, 40)), photo("green.jpg", (40, 180, 60)), photo("blue.jpg", (40, 80, 200))]
    )

    progress = page.get_by_role("progressbar", name="Uploading red.jpg")
    expect(progress).to_be_visible()
    page.screenshot(path=f"var/screens/compose-uploading-{screen}.png", full_page=True)
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": -1})
    expect(page.locator("[data-state=ready]")).to_have_count(3, timeout=READY_WITHIN_MS)
    expect(page.get_by_role("progressbar")).to_have_count(0)
    expect(page.get_by_label("Square (1:1)")).to_be_disabled()  # the photos are cut already

    page.get_by_label("Alt text for item 1").fill("A red square")
    page.get_by_label("Alt text for item 3").fill("A blue square")
    page.get_by_role("button", name="Later (item 1)").click()  # red moves after green
    expect(page.get_by_label("Alt text for item 2")).to_have_value("A red square")
    expect(page.get_by_role("status")).to_have_text("Moved to place 2.")

    caption = page.get_by_label("Caption")
    caption.press_sequentially("Three colours at the #harb")
    option = page.get_by_role("option", name="#harbour")
    expect(option).to_be_visible()
    expect(caption).to_have_attribute("aria-activedescendant", "caption-suggestion-0")
    caption.press("Enter")
    expect(caption).to_have_value("Three colours at the #harbour ")
    expect(option).to_have_count(0)
    page.get_by_label("Followers only").check()
    page.screenshot(path=f"var/screens/compose-ready-{screen}.png", full_page=True)
    page.get_by_role("button", name="Share").click()

    expect(page).to_have_url(re.compile(r"/@maria/\d+$"))
    shared = Status.objects.get(author=author)
    assert shared.caption == "Three colours at the #harbour"
    assert shared.visibility == Status.Visibility.PRIVATE
    descriptions = StatusMedia.objects.filter(status=shared).order_by("position").values_list("media__description")
    assert [row[0] for row in descriptions] == ["", "A red square", "A blue square"]
    carousel = page.get_by_role("group", name="3 photos and videos")
    expect(carousel).to_be_visible()
    expect(carousel.get_by_role("img", name="A red square")).to_have_count(1)
    expect(page.get_by_role("link", name="#harbour")).to_be_visible()

    page.goto("/@maria")
    tile = page.locator(".tile").first
    expect(tile.get_by_text("Several photos")).to_be_attached()
    picture = tile.locator("img")
    expect(picture).to_be_visible()
    assert picture.evaluate("image => image.complete && image.naturalWidth > 0")
    page.screenshot(path=f"var/screens/profile-after-posting-{screen}.png", full_page=True)


def test_posting_and_editing_work_without_javascript(browser: Browser, live_url: str) -> None:
    make_user("nuno")
    context = browser.new_context(base_url=live_url, java_script_enabled=False, **SCREENS["desktop"])
    page = context.new_page()
    try:
        sign_in(page, "nuno", PASSWORD)
        page.goto("/new")
        page.get_by_label(re.compile(r"^Photos and videos")).set_input_files(
            [photo("one.jpg", (200, 40, 40)), photo("two.jpg", (40, 80, 200))]
        )
        page.get_by_role("button", name="Upload").click()
        for _ in range(READY_WITHIN_MS // 500):  # without a script, the page learns of processing when sent again
            if page.locator("[data-state=ready]").count() == 2:
                break
            page.wait_for_timeout(500)
            page.get_by_role("button", name="Upload").click()
        expect(page.locator("[data-state=ready]")).to_have_count(2)
        page.get_by_role("button", name="Later (item 1)").click()  # a round trip: the order comes back swapped
        page.get_by_label("Alt text for item 1").fill("A blue square")
        page.get_by_label("Caption").fill("Sent by a plain form")
        page.screenshot(path="var/screens/compose-without-javascript.png", full_page=True)
        page.get_by_role("button", name="Share").click()

        expect(page).to_have_url(re.compile(r"/@nuno/\d+$"))
        expect(page.get_by_role("group", name="2 photos and videos")).to_be_visible()
        expect(page.get_by_role("img", name="A blue square")).to_have_count(1)

        page.get_by_text("Edit post").click()
        page.get_by_label("Caption").fill("Edited by a plain form")
        page.get_by_label("Alt text for item 2").fill("A red square")
        page.get_by_role("button", name="Save changes").click()
        expect(page.locator(".caption")).to_have_text("Edited by a plain form")
        expect(page.get_by_role("img", name="A red square")).to_have_count(1)
    finally:
        context.close()
