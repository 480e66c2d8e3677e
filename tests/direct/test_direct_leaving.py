"""Leaving a group: the thread stays for the others; when the last member leaves, its messages and their
photos and videos are deleted (by a task after commit: a real worker on full, inline on embedded)."""

from __future__ import annotations

import pytest
from django.db import transaction

from photogram.direct.models import Thread
from photogram.direct.services import messages, threads
from photogram.direct.stores import message_stores
from photogram.media.models import MediaAttachment
from tests.posts.helpers import media
from tests.support.api import make_user
from tests.support.eventually import soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]


def test_the_last_member_to_leave_takes_the_messages_and_media_with_them() -> None:
    alice, bob = make_user("alice", with_password=False), make_user("bob", with_password=False)
    group = threads.start(alice, [bob.pk], title="two of us")
    photo = media(alice)
    with transaction.atomic():
        sent = messages.send(alice, group.pk, text="look", media_ids=[photo.pk])
    with transaction.atomic():
        threads.leave(bob, group.pk)
    assert message_stores.default.get(group.pk, sent.id) is not None
    assert MediaAttachment.objects.filter(pk=photo.pk).exists()
    with transaction.atomic():
        threads.leave(alice, group.pk)
    assert not Thread.objects.filter(pk=group.pk).exists()
    assert soon(lambda: message_stores.default.get(group.pk, sent.id), None) is None
    assert soon(lambda: MediaAttachment.objects.filter(pk=photo.pk).exists(), False) is False
