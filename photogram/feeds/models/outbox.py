"""The transactional outbox: tasks written in the same transaction as the change they follow from."""

from __future__ import annotations

from django.db import models


class OutboxMessage(models.Model):
    """A Celery task to send once its transaction has committed; the relay sends it and stamps `sent_at`.

    Written with the post it fans out, so a post that commits always has its fan-out on record, even when
    RabbitMQ is down at that moment: the relay keeps trying until the broker takes it.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], name="outbox_unsent", condition=models.Q(sent_at__isnull=True)),
            models.Index(fields=["sent_at"], name="outbox_sent_at", condition=models.Q(sent_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"outbox {self.pk}: {self.task}{tuple(self.args)}"
