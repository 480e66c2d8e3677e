from __future__ import annotations

from typing import ClassVar

from django.db import models

from photogram.posts.models import Tag


class TagUse(models.Model):
    """How many posts and comments carry a hashtag: what hashtag search ranks by.

    Kept by a database trigger on `posts_statustag` (this app's migrations), so every way a link is written or
    deleted (publishing, editing, cascades, bulk seeding) counts, and a search reads one row per hashtag instead
    of counting its links.
    """

    tag = models.OneToOneField(Tag, primary_key=True, on_delete=models.CASCADE, related_name="use")
    uses = models.BigIntegerField(default=0)

    objects: ClassVar[models.Manager[TagUse]] = models.Manager()

    def __str__(self) -> str:
        return f"#{self.pk} used {self.uses} times"
