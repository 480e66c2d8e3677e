"""A person's filters (Mastodon's): words and posts they would rather not see, where, and until when."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField
from photogram.filters.contexts import FilterContext, join_contexts, parse_contexts
from photogram.posts.models import Status


class Filter(models.Model):
    """A named group of keywords and posts, applied in some contexts with one action, maybe until a time."""

    class Action(models.TextChoices):
        WARN = "warn"  # shown behind a warning naming the filter
        HIDE = "hide"  # left out of lists
        BLUR = "blur"  # media blurred behind a warning (done by clients)

    id = TimeSortableIdField(primary_key=True, shard_from="owner_id")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="filters")
    title = models.CharField(max_length=100)
    # The contexts, comma-separated in CONTEXTS' order: read whole with the filter, never queried by.
    context = models.CharField(max_length=64)
    action = models.CharField(max_length=8, choices=Action.choices, default=Action.WARN)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"filter {self.title!r} of {self.owner_id}"

    @property
    def contexts(self) -> list[FilterContext]:
        return parse_contexts(self.context)

    @contexts.setter
    def contexts(self, names: list[FilterContext]) -> None:
        self.context = join_contexts(names)


class FilterKeyword(models.Model):
    """A word or phrase a filter matches in a post's text, as a whole word or anywhere."""

    id = TimeSortableIdField(primary_key=True)
    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField(max_length=100)
    whole_word = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"keyword {self.keyword!r} of {self.filter_id}"


class FilterStatus(models.Model):
    """A post a filter matches by itself, whatever it says."""

    id = TimeSortableIdField(primary_key=True)
    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="statuses")
    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["filter", "status"], name="filter_status_once")]

    def __str__(self) -> str:
        return f"post {self.status_id} in {self.filter_id}"
