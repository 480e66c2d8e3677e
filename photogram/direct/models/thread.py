"""Direct threads and who is in them: relational, because every read asks "may this person see this thread"
and every inbox is "my threads in this state, by last activity", which an index on PostgreSQL answers for the
few hundred threads a person has. The messages themselves live in the message store (`direct.stores`).

Why the inbox is relational and not a Cassandra table: ordering by last activity in Cassandra means a
clustering key that changes on every message, a delete and an insert for each of up to 32 members (tombstones
on the hottest partition), and the inbox must also be filtered by state (inbox or requests), muting and
membership, which rows here answer in one indexed query. A message updates one row (`last_activity_id`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField


class Thread(models.Model):
    """A conversation of two people (a pair, found again by `pair_key`) or of a group of up to 32."""

    id = TimeSortableIdField(primary_key=True, shard_from="creator_id")
    creator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    is_group = models.BooleanField(default=False)
    # "<lower id>:<higher id>" for a one-to-one thread, so two people have one thread; None for a group.
    pair_key = models.CharField(max_length=41, null=True, unique=True)  # noqa: DJ001 (unique: many NULLs, one "")
    title = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The newest message's id (the thread's own id before one): inboxes order by it, and as ids are unique
    # across threads it is also their cursor.
    last_activity_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"thread {self.pk}"


class Membership(models.Model):
    """One person in one thread: where it shows for them (inbox or requests), muting, and what they read."""

    class State(models.TextChoices):
        INBOX = "inbox"
        REQUEST = "request"  # from someone they do not follow: accept or delete

    id = TimeSortableIdField(primary_key=True, shard_from="user_id")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="direct_memberships")
    state = models.CharField(max_length=8, choices=State.choices, default=State.INBOX)
    muted = models.BooleanField(default=False)
    # The newest message this member has read (0: none).
    last_read_id = models.BigIntegerField(default=0)
    # Messages up to this id are not shown to this member (sent before they joined, or a request they deleted).
    visible_after_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="direct_one_membership")]
        indexes = [models.Index(fields=["user", "state"], name="direct_membership_user_state")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.thread_id}"
