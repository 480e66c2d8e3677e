"""Instance-level endpoints: rules (alone and in the instance entities), the long description, peers, activity,
custom emojis and the `emojis` of statuses and accounts; the domain blocks a non-federating server refuses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from photogram.accounts.models import User
from photogram.api.serializers.statuses import hydrate
from photogram.server.admin import CustomEmojiForm
from photogram.server.models import ExtendedDescription, Rule
from tests.posts.helpers import post
from tests.server.conftest import forget_instance_caches, make_emoji, png
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def test_rules_are_listed_in_the_admins_order_and_in_both_instance_entities() -> None:
    second = Rule.objects.create(text="No spam", position=2)
    first = Rule.objects.create(text="Be kind", hint="To everyone, always.", position=1)
    expected = [
        {"id": str(first.pk), "text": "Be kind", "hint": "To everyone, always."},
        {"id": str(second.pk), "text": "No spam", "hint": ""},
    ]
    anonymous = ApiClient(None)
    assert anonymous.get("/api/v1/instance/rules").json() == expected
    assert anonymous.get("/api/v2/instance").json()["rules"] == expected
    assert anonymous.get("/api/v1/instance").json()["rules"] == expected


def test_extended_description_is_empty_until_written_then_rendered_with_its_date() -> None:
    anonymous = ApiClient(None)
    empty = anonymous.get("/api/v1/instance/extended_description").json()
    assert empty["content"] == ""
    description = ExtendedDescription.objects.create(content="Photos only.\n\nBe <nice>.")
    answer = anonymous.get("/api/v1/instance/extended_description").json()
    assert answer["content"] == "<p>Photos only.</p><p>Be &lt;nice&gt;.</p>"
    assert answer["updated_at"] == description.updated_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_peers_are_none_without_federation() -> None:
    assert ApiClient(None).get("/api/v1/instance/peers").json() == []


def test_activity_counts_this_weeks_posts_sign_ins_and_sign_ups() -> None:
    old = make_user("old", with_password=False)
    User.objects.filter(pk=old.pk).update(date_joined=timezone.now() - timedelta(weeks=5))
    author = make_user("author", with_password=False)
    User.objects.filter(pk=author.pk).update(last_login=timezone.now())
    post(author, "one")
    post(author, "two")
    forget_instance_caches()
    weeks = ApiClient(None).get("/api/v1/instance/activity").json()
    assert len(weeks) == 12
    this_week = weeks[0]
    assert (this_week["statuses"], this_week["logins"], this_week["registrations"]) == ("2", "1", "1")
    assert sum(int(week["registrations"]) for week in weeks) == 2
    starts = [int(week["week"]) for week in weeks]
    assert starts == sorted(starts, reverse=True)
    assert starts[0] - starts[1] == 7 * 24 * 3600
    assert starts[0] <= timezone.now().timestamp() < starts[0] + 7 * 24 * 3600


def test_custom_emojis_lists_enabled_ones_only() -> None:
    make_emoji("blobcat", category="Blobs")
    make_emoji("hidden", visible_in_picker=False)
    make_emoji("gone", disabled=True)
    answer = ApiClient(None).get("/api/v1/custom_emojis").json()
    assert [emoji["shortcode"] for emoji in answer] == ["blobcat", "hidden"]
    assert answer[0]["category"] == "Blobs"
    assert answer[0]["url"].startswith("http")
    assert answer[0]["static_url"] == answer[0]["url"]
    assert answer[1]["visible_in_picker"] is False


def test_statuses_and_accounts_list_the_custom_emojis_they_use() -> None:
    make_emoji("blobcat")
    make_emoji("party")
    author = make_user("author", with_password=False, display_name="Ann :party:", note="bio :blobcat: :nope:")
    status = post(author, "hello :blobcat: and :blobcat: again, not:party: nor :unknown:")
    viewer = as_user(make_user("viewer", with_password=False))
    shown = viewer.get(f"/api/v1/statuses/{status.pk}").json()
    assert [emoji["shortcode"] for emoji in shown["emojis"]] == ["blobcat"]
    assert [emoji["shortcode"] for emoji in shown["account"]["emojis"]] == ["party", "blobcat"]
    account = viewer.get(f"/api/v1/accounts/{author.pk}").json()
    assert [emoji["shortcode"] for emoji in account["emojis"]] == ["party", "blobcat"]


def test_an_emoji_added_later_shows_on_a_post_already_served() -> None:
    status = post(make_user("author", with_password=False), "so :late:")
    viewer = make_user("viewer", with_password=False)
    assert hydrate([status.pk], viewer)[0]["emojis"] == []
    make_emoji("late")
    forget_instance_caches()  # what the emoji's commit does (tests here never commit)
    assert [emoji["shortcode"] for emoji in hydrate([status.pk], viewer)[0]["emojis"]] == ["late"]


@pytest.mark.parametrize("count", [1, 20])
def test_emojis_cost_one_query_for_the_whole_page(count: int, django_assert_max_num_queries: Any) -> None:
    make_emoji("blobcat")
    authors = [make_user(f"author{n}", with_password=False, display_name=f":blobcat: {n}") for n in range(3)]
    ids = [post(authors[n % 3], f"photo {n} :blobcat:").pk for n in range(count)]
    viewer = make_user("viewer", with_password=False)
    # As test_hydration's bound, plus one query for the emoji table the cache does not hold yet.
    with django_assert_max_num_queries(9):
        hydrated = hydrate(ids[::-1], viewer)
    assert all(item["emojis"] and item["account"]["emojis"] for item in hydrated)


def test_emoji_uploads_are_decoded_and_reencoded_or_refused() -> None:
    upload = SimpleUploadedFile("cat.png", png((300, 300)), content_type="image/png")
    form = CustomEmojiForm(
        data={"shortcode": "cat", "visible_in_picker": "on"}, files=MultiValueDict({"image": [upload]})
    )
    assert form.is_valid(), form.errors
    emoji = form.save()
    assert emoji.image.name.endswith(".webp")
    bogus = SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")
    refused = CustomEmojiForm(data={"shortcode": "evil"}, files=MultiValueDict({"image": [bogus]}))
    assert not refused.is_valid()
    assert "image" in refused.errors
    bad_name = CustomEmojiForm(
        data={"shortcode": "no spaces"},
        files=MultiValueDict({"image": [SimpleUploadedFile("a.png", png(), content_type="image/png")]}),
    )
    assert not bad_name.is_valid()
    assert "shortcode" in bad_name.errors


def test_domain_blocks_are_an_empty_list_and_refused_with_a_reason() -> None:
    client = as_user(make_user("someone", with_password=False))
    listed = client.get("/api/v1/domain_blocks")
    assert listed.status_code == 200
    assert listed.json() == []
    for answer in (
        client.post("/api/v1/domain_blocks", {"domain": "example.com"}),
        client.client.delete("/api/v1/domain_blocks?domain=example.com", headers=client.headers),
    ):
        assert answer.status_code == 422
        assert "federation is not available" in answer.json()["error"]
    assert client.post("/api/v1/domain_blocks", {}).status_code == 422
    assert ApiClient(None).get("/api/v1/domain_blocks").status_code == 401
