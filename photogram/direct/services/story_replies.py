"""Story replies and reactions as direct messages: the receiver of `stories.signals.story_reply_sent`.

A reply (or a reaction: its emoji is the text) becomes a message from its sender to the story's author in the
pair's thread, naming the story (`story_id`), under the rules of any message: it is a request for an author
who does not follow the sender, and nothing is sent across a block or to a suspended account. A refused
delivery leaves the reply as it is (kept, the author notified); only the message is not sent.

The signal comes from a task run after the reply commits, which may run again: the reply's `DeliveredStoryReply`
row, taken in the transaction that sends the message, makes a second delivery send nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from photogram.access.querysets import AccountNotFound
from photogram.direct.models import DeliveredStoryReply
from photogram.direct.services import messages, threads
from photogram.stories.models import StoryReply

logger = logging.getLogger(__name__)


def deliver(reply_id: int, **_: Any) -> None:
    """Send a story reply to the story's author as a direct message, once; skip it if they may not talk."""
    reply = StoryReply.objects.select_related("sender").filter(pk=reply_id).first()
    if reply is None:
        return  # gone with its sender's account
    try:
        with transaction.atomic():
            # A concurrent delivery of the same reply waits here on the key until this one commits.
            _key, taken = DeliveredStoryReply.objects.get_or_create(reply=reply)
            if not taken:
                return
            thread = threads.start(reply.sender, [reply.story_author_id])
            messages.send(reply.sender, thread.pk, text=reply.text, story_id=reply.story_id)
    except (AccountNotFound, threads.DirectRefused) as refused:
        logger.info("Story reply %s is not sent as a message: %r", reply_id, refused)
