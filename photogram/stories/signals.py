"""Signals of the stories app."""

from django.dispatch import Signal

# Sent once a story reply or reaction is committed, with `reply_id` (a StoryReply's id): the seam where direct
# messages deliver it into the sender's thread with the story's author (built on another branch). Until a
# receiver is connected, the reply is kept (StoryReply) and its author notified (`story_reply`,
# `story_reaction`), and that is all.
story_reply_sent = Signal()
