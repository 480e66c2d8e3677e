"""Activity inboxes in SQL: the embedded profile's twin of Cassandra's `notification_inbox`."""

from __future__ import annotations

from django.db import models


class InboxRow(models.Model):
    """One notification in one recipient's inbox, as `SqlInboxStore` keeps it.

    Plain ids rather than foreign keys, as in the feeds: an inbox is derived data that outlives nothing it
    names (a notification whose post or account is gone is skipped when read). The unique cause makes
    additions idempotent; the primary key's index, read backwards, serves a page newest first.
    """

    pk = models.CompositePrimaryKey("owner_id", "id")
    owner_id = models.BigIntegerField()
    id = models.BigIntegerField()
    type = models.CharField(max_length=32)
    from_account_id = models.BigIntegerField()
    status_id = models.BigIntegerField(null=True)
    group_key = models.CharField(max_length=100)
    cause = models.CharField(max_length=100)
    created_at = models.DateTimeField()
    filtered = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner_id", "cause"], name="inbox_one_per_cause")]
        # The age limit's clean-up reads by time.
        indexes = [models.Index(fields=["created_at"], name="inbox_created")]

    def __str__(self) -> str:
        return f"{self.type} {self.id} for {self.owner_id}"
