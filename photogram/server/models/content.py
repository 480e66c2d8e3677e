from __future__ import annotations

from django.db import models


class Rule(models.Model):
    """One of the instance's rules, shown in the order the admins give them (`position`, lowest first)."""

    text = models.CharField(max_length=300)
    hint = models.TextField(blank=True, help_text="A longer explanation, shown under the rule.")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.text


class ExtendedDescription(models.Model):
    """The instance's long description (its "about" page); there is one row at most."""

    content = models.TextField(blank=True, help_text="Shown as written; line breaks become paragraphs.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "extended description"
        verbose_name_plural = "extended description"

    def __str__(self) -> str:
        return "Extended description"
