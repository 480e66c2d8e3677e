"""Accounts through the real forms in Chromium: sign up, sign in, a wrong password, change it, delete it."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from photogram.accounts.models import User
from photogram.accounts.services import graph
from tests.support.api import PASSWORD, make_user

NEW_PASSWORD = "another long enough secret 2"
# How far from its field an error may stand and still read as that field's: about two lines of text.
NEAR_PX = 48


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/auth/sign_in")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def expect_signed_in(page: Page) -> None:
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_have_count(0)


def assert_next_to(field: Locator, message: str) -> None:
    """The message is shown, is the field's accessible description, and stands beside, above or below it."""
    error = field.page.get_by_text(message)
    expect(error).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    box, near = field.bounding_box(), error.bounding_box()
    assert box is not None
    assert near is not None
    overlaps_across = near["x"] < box["x"] + box["width"] and box["x"] < near["x"] + near["width"]
    overlaps_down = near["y"] < box["y"] + box["height"] and box["y"] < near["y"] + near["height"]
    below = near["y"] - (box["y"] + box["height"])
    above = box["y"] - (near["y"] + near["height"])
    beside = near["x"] - (box["x"] + box["width"])
    assert (overlaps_across and (-1 <= below <= NEAR_PX or -1 <= above <= NEAR_PX)) or (
        overlaps_down and -1 <= beside <= NEAR_PX
    ), f"the error {message!r} at {near} is not next to its field at {box}"


def test_signing_up_through_the_form_creates_the_account_and_signs_it_in(page: Page) -> None:
    page.goto("/auth/sign_up")
    page.get_by_label("Username", exact=True).fill("newcomer")
    page.get_by_label("Email", exact=True).fill("newcomer@example.org")
    page.get_by_label("Password", exact=True).fill("a long enough secret 1")
    page.get_by_label("I agree to the rules of this instance").check()
    page.get_by_role("button", name="Create account").click()

    expect_signed_in(page)
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.org"
    assert user.check_password("a long enough secret 1")


def test_a_taken_username_at_sign_up_is_said_next_to_the_field(page: Page) -> None:
    make_user("alice", with_password=False)
    page.goto("/auth/sign_up")
    page.get_by_label("Username", exact=True).fill("Alice")
    page.get_by_label("Email", exact=True).fill("another@example.org")
    page.get_by_label("Password", exact=True).fill("a long enough secret 1")
    page.get_by_label("I agree to the rules of this instance").check()
    page.get_by_role("button", name="Create account").click()

    assert_next_to(page.get_by_label("Username", exact=True), "Username is already taken.")
    expect(page.get_by_label("Email", exact=True)).to_have_value("another@example.org")
    assert User.objects.count() == 1


def test_signing_in_through_the_form_signs_in(page: Page) -> None:
    make_user("alice")
    page.goto("/")
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_label("Username or email").fill("alice@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect_signed_in(page)
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))


def test_a_wrong_password_at_sign_in_is_refused_in_the_form(page: Page) -> None:
    make_user("alice")
    sign_in(page, "alice", "not the password")

    error = page.get_by_text("Invalid username, email or password.")
    expect(error).to_be_visible()
    # Said in the form, before the button that sends it again, with the username kept and the password not.
    form = page.locator("form").filter(has=page.get_by_role("button", name="Sign in"))
    expect(form.get_by_text("Invalid username, email or password.")).to_be_visible()
    button, said = form.get_by_role("button", name="Sign in").bounding_box(), error.bounding_box()
    assert button is not None
    assert said is not None
    assert said["y"] < button["y"]
    expect(page.get_by_label("Username or email")).to_have_value("alice")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_changing_the_password_through_the_form(page: Page) -> None:
    make_user("alice")
    sign_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Password").click()

    page.get_by_label("Current password").fill("not the password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert_next_to(page.get_by_label("Current password"), "Current password is not your current password.")

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password was changed.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "alice", PASSWORD)
    expect(page.get_by_text("Invalid username, email or password.")).to_be_visible()
    sign_in(page, "alice", NEW_PASSWORD)
    expect_signed_in(page)


def test_deleting_the_account_through_the_form(page: Page) -> None:
    alice, bob = make_user("alice"), make_user("bob", with_password=False)
    graph.follow(alice, bob)
    sign_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Delete account").click()

    page.get_by_label("Your password, to confirm").fill("not the password")
    page.get_by_role("button", name="Delete my account and everything in it").click()
    assert_next_to(page.get_by_label("Your password, to confirm"), "That is not your password.")
    assert User.objects.filter(username="alice").exists()

    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
    assert not User.objects.filter(username="alice").exists()
    bob.refresh_from_db()
    assert bob.followers_count == 0
    sign_in(page, "alice", PASSWORD)
    expect(page.get_by_text("Invalid username, email or password.")).to_be_visible()
