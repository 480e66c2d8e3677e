"""Nothing lost: a post committed while RabbitMQ is down reaches every follower's feed once it is back."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from photogram.accounts.models import Follow
from photogram.core.window import CursorWindow
from photogram.feeds.models import OutboxMessage
from photogram.feeds.services import outbox
from photogram.feeds.stores import feeds
from tests.conftest import REPO_ROOT
from tests.posts.helpers import post
from tests.support.api import make_user
from tests.support.eventually import soon
from tests.support.feed_path import paused, start_manage_py, stop
from tests.support.rabbitmq import PrivateRabbitMQ

FOLLOWERS = 25
CHUNK = 10


@pytest.fixture
def rabbitmq(tmp_path: Path) -> Iterator[PrivateRabbitMQ]:
    node = PrivateRabbitMQ(tmp_path / "rabbitmq")
    node.up()
    try:
        yield node
    finally:
        node.stop()


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "photogram",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            f"--hostname=outbox-{os.getpid()}@%h",
        ],
        cwd=REPO_ROOT,
        env=dict(os.environ, **env),
    )


@pytest.mark.full_only
@pytest.mark.django_db(transaction=True)
def test_a_post_made_while_rabbitmq_is_down_reaches_every_feed_once_it_is_back(
    rabbitmq: PrivateRabbitMQ, outbox_relay_process: subprocess.Popen[str] | None
) -> None:
    # The shared relay would send this test's row to the shared broker: only the test's own relay runs.
    with paused(outbox_relay_process):
        relay_through_a_broker_that_goes_down(rabbitmq)


def relay_through_a_broker_that_goes_down(rabbitmq: PrivateRabbitMQ) -> None:
    env = {
        "PHOTOGRAM_BROKER_URL": rabbitmq.broker_url,
        "PHOTOGRAM_POSTGRES_DB": settings.DATABASES["default"]["NAME"],
        "PHOTOGRAM_FEED_FANOUT_CHUNK_SIZE": str(CHUNK),
    }
    author = make_user("author", with_password=False)
    followers = [make_user(f"follower{number}", with_password=False) for number in range(FOLLOWERS)]
    Follow.objects.bulk_create(Follow(follower=follower, followee=author) for follower in followers)
    relay, _ = start_manage_py("outbox_relay", env=env)
    worker = None
    try:
        rabbitmq.stop()
        status = post(author, "posted while the broker is down")
        # The relay keeps trying: the row stays, unsent, with its failed attempts counted.
        row = soon(lambda: OutboxMessage.objects.get(args=[status.pk]).attempts > 0, True, timeout=30)
        assert row is True
        assert OutboxMessage.objects.get(args=[status.pk]).sent_at is None
        assert feeds.default.page(followers[0].pk, CursorWindow()) == []

        rabbitmq.up()
        worker = start_worker(env)
        expected = [[status.pk]] * FOLLOWERS

        def follower_feeds() -> list[list[int]]:
            return [[item.status_id for item in feeds.default.page(user.pk, CursorWindow())] for user in followers]

        assert soon(follower_feeds, expected, timeout=90, interval=0.5) == expected
        assert OutboxMessage.objects.get(args=[status.pk]).sent_at is not None
    finally:
        stop(relay)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_rows_are_written_with_the_post_and_dropped_with_a_rollback(
    outbox_relay_process: subprocess.Popen[str] | None,
) -> None:
    with paused(outbox_relay_process):
        write_roll_back_and_relay()


def write_roll_back_and_relay() -> None:
    author = make_user("author", with_password=False)

    def post_then_fail() -> None:
        with transaction.atomic():
            post(author, "never committed")
            assert OutboxMessage.objects.filter(task="photogram.feeds.tasks.fan_out_post").count() == 1
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        post_then_fail()
    assert not OutboxMessage.objects.exists()
    committed = post(author, "committed")
    message = OutboxMessage.objects.get(task="photogram.feeds.tasks.fan_out_post")
    assert message.args == [committed.pk]
    if settings.FULL_PROFILE:
        # No relay runs in this test: the row waits, and relaying it by hand sends it.
        assert message.sent_at is None
        assert outbox.relay_pending() == 1
    assert OutboxMessage.objects.get(pk=message.pk).sent_at is not None
