"""What follows a committed story reply or reaction: the author is told, and direct messages get it."""

from __future__ import annotations

from photogram.notifications.services import causes, creation
from photogram.stories.models import StoryReply
from photogram.stories.signals import story_reply_sent

NOTIFICATION_TYPES = {StoryReply.Kind.REPLY: causes.STORY_REPLY, StoryReply.Kind.REACTION: causes.STORY_REACTION}


def reply_sent(reply_id: int) -> None:
    """Tell the story's author of a reply (once: its id is the notification's cause), and hand it on to
    direct messages through `story_reply_sent` (the hook; see `signals`)."""
    found = StoryReply.objects.filter(pk=reply_id).first()
    if found is None:
        return
    creation.notify(
        found.story_author_id, NOTIFICATION_TYPES[StoryReply.Kind(found.kind)], found.sender_id, revision=found.pk
    )
    story_reply_sent.send(sender=StoryReply, reply_id=found.pk)
