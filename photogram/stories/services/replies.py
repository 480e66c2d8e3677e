"""Replies and reactions to stories: kept, the story's author notified, and handed on as direct messages.

Only someone who may see the story may answer it (else 404, as for the story); its author cannot answer
their own. Once committed, the `reply_sent` task (services/reply_delivery.py) notifies the author and sends
the `story_reply_sent` signal, on which direct messages deliver the reply (see `signals`).
"""

from __future__ import annotations

from django.db.models import QuerySet

from photogram.access.querysets import visible_accounts
from photogram.accounts.models import User
from photogram.core.tasks import enqueue_on_commit
from photogram.server.services import unicode_emoji
from photogram.stories.models import StoryReply
from photogram.stories.services.viewing import get_story
from photogram.stories.tasks import reply_sent

MAX_TEXT_LENGTH = 1000


class ReplyRefused(Exception):
    """The reply or reaction cannot be sent; the message says why."""


def _send(sender: User, story_id: int, kind: StoryReply.Kind, text: str) -> StoryReply:
    story = get_story(sender, story_id).ref
    if story.author_id == sender.pk:
        raise ReplyRefused("You cannot reply to your own story.")
    reply = StoryReply.objects.create(
        story_id=story.id, story_author_id=story.author_id, sender=sender, kind=kind, text=text
    )
    enqueue_on_commit(reply_sent, reply.pk)
    return reply


def reply(sender: User, story_id: int, text: str) -> StoryReply:
    """Send a text reply to a story one may see."""
    cleaned = text.strip()
    if not cleaned:
        raise ReplyRefused("A reply needs some text.")
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise ReplyRefused(f"The reply is too long (maximum is {MAX_TEXT_LENGTH} characters).")
    return _send(sender, story_id, StoryReply.Kind.REPLY, cleaned)


def react(sender: User, story_id: int, emoji: str) -> StoryReply:
    """Send an emoji reaction to a story one may see."""
    if not unicode_emoji.is_emoji(emoji):
        raise ReplyRefused("The reaction must be one emoji.")
    return _send(sender, story_id, StoryReply.Kind.REACTION, emoji)


def received(author: User, *, max_id: int | None = None, limit: int = 40) -> QuerySet[StoryReply]:
    """Return the replies and reactions to one's stories, newest first, from accounts one can still see."""
    replies = StoryReply.objects.filter(story_author=author, sender__in=visible_accounts(author))
    if max_id is not None:
        replies = replies.filter(pk__lt=max_id)
    return replies.select_related("sender").order_by("-id")[:limit]
