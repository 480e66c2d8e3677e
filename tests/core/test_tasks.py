import time
import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import EncodeError

from photogram.accounts.models import User
from photogram.core.tasks import enqueue_on_commit
from tests.support.tasks import record_in_cache

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]


def _wait_for(key: str, settings: Any) -> object:
    # Inline on embedded; on full a real worker takes the task from RabbitMQ and writes to Redis.
    deadline = time.monotonic() + (20 if settings.FULL_PROFILE else 0)
    while (value := cache.get(key)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def test_task_runs_only_after_the_transaction_commits(settings: Any) -> None:
    key = f"task-{uuid.uuid4()}"
    with transaction.atomic():
        enqueue_on_commit(record_in_cache, key, 42)
        assert cache.get(key) is None
    assert _wait_for(key, settings) == 42


def test_task_is_dropped_when_the_transaction_rolls_back(settings: Any) -> None:
    key = f"task-{uuid.uuid4()}"
    later = f"task-{uuid.uuid4()}"
    with transaction.atomic():
        enqueue_on_commit(record_in_cache, key, 1)
        transaction.set_rollback(True)
    enqueue_on_commit(record_in_cache, later, 2)
    # The task enqueued later has run, so the dropped one would have run by now too.
    assert _wait_for(later, settings) == 2
    assert cache.get(key) is None


def test_arguments_a_worker_could_not_receive_fail_on_every_profile() -> None:
    person = User.objects.create(username="not-an-id")
    with pytest.raises(EncodeError):
        enqueue_on_commit(record_in_cache, "key", person)
