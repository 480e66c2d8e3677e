"""Signals of the stories app."""

from django.dispatch import Signal

# Sent once a story reply or reaction is committed, with `reply_id` (a StoryReply's id), from a task that may
# run again: direct messages deliver it into the sender's thread with the story's author, once
# (`direct.services.story_replies`, connected in `DirectConfig.ready`).
story_reply_sent = Signal()
