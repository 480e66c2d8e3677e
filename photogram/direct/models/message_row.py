"""Messages in SQL: the embedded profile's twin of Cassandra's `direct_messages`."""

from __future__ import annotations

from django.db import models


class MessageRow(models.Model):
    """One message of one thread, as `SqlMessageStore` keeps it.

    Plain ids rather than foreign keys, as in the other stores: the message store is the one place a message
    lives, and what it names (media, a shared post) is looked up, and may be gone, when it is shown.
    """

    pk = models.CompositePrimaryKey("thread_id", "id")
    thread_id = models.BigIntegerField()
    id = models.BigIntegerField()
    sender_id = models.BigIntegerField()
    text = models.TextField(blank=True)
    media_ids = models.JSONField(default=list)
    shared_status_id = models.BigIntegerField(null=True)
    shared_account_id = models.BigIntegerField(null=True)
    reply_to_id = models.BigIntegerField(null=True)
    story_id = models.BigIntegerField(null=True)
    # Member id (as text: JSON keys are) -> emoji.
    reactions = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"message {self.id} in thread {self.thread_id}"
