"""Schemathesis fuzzes every operation of `/api/openapi.json` and checks each answer against the document.

The document is loaded from the app itself, and every request goes through Django's WSGI handler in-process as
granian serves it: an unhandled exception answers 500 as in production instead of being raised into the test.
Requests commit (a transactional database), so what runs after a commit runs too: inline on the embedded profile,
in the Celery worker on the full one. Each operation gets a fresh community and a token holding every scope.

A failure names the operation and the check, and prints a curl command that reproduces the request.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import TestPhase

from photogram.accounts.services import graph
from photogram.filters.services import filters
from photogram.filters.services.filters import KeywordChange
from photogram.lists.services import lists
from photogram.notifications.services import causes, creation, policy
from photogram.posts.services import collections
from photogram.server.models import Announcement
from tests.posts.helpers import media, post
from tests.support.api import make_token, make_user
from tests.support.feed_path import close_feed_service_client, point_feed_service_at

# The whole configuration of the run, in one place.
# Fuzzing-phase examples per operation; the examples and coverage phases come on top (coverage sends tens of
# boundary and wrong-type requests per declared parameter). On 2 busy cores, a trial document declaring 3 or 4
# parameters per operation, every operation passing, took 1 min 50 s on embedded and 2 min 35 s on full.
MAX_EXAMPLES = 100
SEED = 13  # with "deterministic", every run draws the same cases: a CI failure reproduces locally
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",  # schema-valid requests are not refused with 400 or 422
    "negative_data_rejection",  # schema-violating requests are refused with a 4xx
    "missing_required_header",
    "unsupported_method",  # a method the document doesn't list answers 405 with Allow
    "allow_header_conformance",
    "ignored_auth",  # an operation that declares security refuses a missing or wrong token
)
ACCEPTED_OR_422 = ["2xx", "401", "403", "404", "409", "422", "429"]
SCHEMATHESIS_CONFIG: dict[str, Any] = {
    "seed": SEED,
    "generation": {
        "mode": "all",  # valid and invalid data
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        # No example database: replaying what an earlier run failed on would make runs differ.
        "database": "none",
    },
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
    # Only the checks listed: a check a Schemathesis upgrade adds is a decision, not a surprise.
    "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    "operations": [
        # Whether a well-formed request is taken can depend on the state, not on its shape; for these operations a
        # 422 saying why is the right answer to some schema-valid requests, and every other check still applies.
        *(
            {"include-name": name, "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED_OR_422}}}
            for name in (
                "POST /api/v1/statuses",  # a post needs photos or videos that exist, are ready and are the caller's
                "PUT /api/v1/statuses/{status_id}",  # the same, for the media an edit names
                "POST /api/v1/statuses/{status_id}/pin",  # only one's own posts
                "POST /api/v1/accounts/{account_id}/follow",  # not oneself
                "POST /api/v1/accounts/{account_id}/block",
                "POST /api/v1/accounts/{account_id}/mute",
                "POST /api/v1/media",  # the file's content decides whether it is a photo or video at all
                "POST /api/v2/media",
                "POST /api/photogram/v1/collections",  # a name already taken by another of one's collections
                "POST /api/v1/collections",  # a name already taken by another of one's collections
                "POST /api/v2/filters",  # past the number of filters one may have
                "PUT /api/v2/filters/{filter_id}",  # past the number of keywords one may have
                "POST /api/v2/filters/{filter_id}/keywords",
                "POST /api/v1/filters",
                "PUT /api/v1/filters/{keyword_id}",  # its filter's context, while the filter has other keywords
                "POST /api/v1/lists",  # at most 50 lists, which the fuzzing reaches
                "POST /api/v1/lists/{list_id}/accounts",  # only accounts one follows, each once
                "PATCH /api/v1/accounts/update_credentials",  # the images' content; a website Django takes as a URL
                # A redirect URI of a scheme a browser would run (javascript:, data:) is refused by name: the
                # document's pattern cannot exclude words without a look-ahead, which Rust's regex (pydantic) lacks.
                "POST /api/v1/apps",
                "PUT /api/v1/announcements/{announcement_id}/reactions/{name}",  # a name that is an emoji
                "POST /api/v1/domain_blocks",  # no federation: every domain block is refused with a reason
                "DELETE /api/v1/domain_blocks",
                "POST /api/v1/featured_tags",  # a name that is no hashtag, or one more than the 10 featured
                "POST /api/v1/tags/{name}/feature",
                "POST /api/v1/accounts/{account_id}/pin",  # only accounts one follows
                "POST /api/v1/accounts/{account_id}/endorse",
                # An endpoint a push service could be at (public, https), a p256dh key that is a point on P-256.
                "POST /api/v1/push/subscription",
                "POST /api/photogram/v1/stories",  # a ready upload of one's own, used by nothing yet
                "POST /api/photogram/v1/stories/close_friends",  # accounts one may see, not oneself
                "POST /api/photogram/v1/stories/{story_id}/replies",  # not to one's own story
                "POST /api/photogram/v1/stories/{story_id}/reactions",  # one emoji, not to one's own story
                "POST /api/photogram/v1/highlights",  # one's own live stories
                "POST /api/photogram/v1/highlights/{highlight_id}/stories",
            )
        ),
        # Multipart carries text only: a value of the "wrong type" arrives as text that may well be valid (0 for
        # false), and an empty field is dropped by the test client, so what the fuzzer calls invalid is not so on
        # the wire.
        *(
            {"include-name": name, "checks": {"negative_data_rejection": {"enabled": False}}}
            for name in (
                "PATCH /api/v1/accounts/update_credentials",
                "POST /api/v1/media",
                "POST /api/v2/media",
            )
        ),
    ],
}
SCOPES = "read write follow push profile"  # Mastodon's top-level scopes: every operation is reachable
API_BUDGET = (1_000_000, 300)  # one account makes thousands of calls: the real budget would answer 429 to most

pytestmark = pytest.mark.django_db(transaction=True)

schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", WSGIHandler(), config=schemathesis.Config.from_dict(SCHEMATHESIS_CONFIG)
)


@dataclass(frozen=True)
class Community:
    """What the fuzzer acts with: its token, and the seeded rows its requests can point at by path parameter."""

    token: str
    rows: dict[str, list[Any]]


def seed_community(scopes: str) -> Community:
    """Create accounts, posts, an upload, a collection, an announcement, a filter, a list and a pending follow
    request; the fuzzer's token has `scopes`."""
    fuzzer = make_user("fuzzer", with_password=False, locked=True)
    alice = make_user("alice", with_password=False)
    bob = make_user("bob", with_password=False)
    carol = make_user("carol", with_password=False, locked=True)
    graph.follow(alice, fuzzer)  # pending: the fuzzer's account is locked
    graph.follow(fuzzer, bob)
    graph.follow(fuzzer, carol)  # pending on carol's side
    statuses = [post(author, f"a photo by {author.username} #fuzz") for author in (fuzzer, alice, bob)]
    collection = collections.create(fuzzer, "Favourites")
    collections.add(fuzzer, collection.pk, statuses[1].pk)
    announcement = Announcement.objects.create(text="Welcome to the fuzz", published=True)
    # Its keyword matches every seeded post, so the answers' `filtered` is checked too.
    muted_words = filters.create(
        fuzzer, title="Fuzz", contexts=["home", "thread"], keywords=[KeywordChange("fuzz"), KeywordChange("photo")]
    )
    filtered_post = filters.add_status(fuzzer, muted_words.pk, statuses[2].pk)
    friends = lists.create(fuzzer, "Friends")
    lists.add_members(fuzzer, friends.pk, [bob.pk])
    # Notifications made here, not by the tasks, so their ids are known: a like, and a mention the policy holds.
    liked = creation.notify(fuzzer.pk, causes.FAVOURITE, bob.pk, statuses[0])
    policy.update(fuzzer, {"for_not_following": "filter"})
    held = creation.notify(fuzzer.pk, causes.MENTION, alice.pk, statuses[1])
    assert liked is not None
    assert held is not None
    rows: dict[str, list[Any]] = {
        "account_id": [alice.pk, bob.pk, carol.pk, fuzzer.pk],
        "status_id": [status.pk for status in statuses],
        "media_id": [media(fuzzer).pk],
        "collection_id": [collection.pk],
        "announcement_id": [announcement.pk],
        "filter_id": [muted_words.pk],
        "keyword_id": list(muted_words.keywords.values_list("pk", flat=True)),
        "filter_status_id": [filtered_post.pk],
        "list_id": [friends.pk],
        "notification_id": [liked.id],
        "group_key": [liked.group_key, held.group_key],
        "request_id": [held.id],
        "name": ["fuzz"],
    }
    return Community(make_token(fuzzer, scopes), rows)


def aim_at_seeded_rows(case: Case[Any], rows: dict[str, list[Any]]) -> None:
    """Point about half of the fuzzing phase's valid path parameters at seeded rows.

    Drawn ids almost never exist, so without this the answers checked for `/{id}` operations would be 404s only.
    The choice is a function of the drawn value: the run stays deterministic and shrinks as Hypothesis expects.
    """
    meta = case.meta
    if meta is None or meta.phase.name != TestPhase.FUZZING or meta.is_negative_at(ParameterLocation.PATH):
        return
    for name, value in case.path_parameters.items():
        choice = zlib.crc32(repr(value).encode())
        if name in rows and choice % 2:
            case.path_parameters[name] = type(value)(rows[name][choice // 2 % len(rows[name])])


@pytest.fixture
def served(
    transactional_db: None,
    celery_worker_process: None,
    feed_service_port: int,
    settings: Any,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[None]:
    """The app as it runs: its worker and feed service on full, and an API budget the fuzzing doesn't exhaust."""
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "api": API_BUDGET}
    # Registering an app hashes its secret: with Argon2, POST /api/v1/apps alone took most of a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A report keeps the tracebacks of 500s, not a warning for each of the thousands of 4xx answers.
    caplog.set_level(logging.ERROR, logger="django.request")
    if settings.FULL_PROFILE:
        point_feed_service_at(settings, feed_service_port)
    yield
    close_feed_service_client()


@pytest.fixture
def community(request: pytest.FixtureRequest, served: None) -> Community:
    """Seed a community; the parameter is the scopes of the token."""
    return seed_community(request.param)


@schema.parametrize()
# One community and one token serve all the examples of an operation, as a server keeps its state between calls.
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
# A parametrized test also gets a node id per operation (without one, pytest 9.2 gives them all the same id).
@pytest.mark.parametrize("community", [SCOPES], ids=["every scope"], indirect=True)
def test_every_operation_answers_as_documented(case: Case[Any], community: Community) -> None:
    aim_at_seeded_rows(case, community.rows)
    case.call_and_validate(headers={"Authorization": f"Bearer {community.token}"})
