from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

# Mastodon's shortcodes: letters, digits and underscores, at least two.
SHORTCODE_PATTERN = r"[a-zA-Z0-9_]{2,}"


class CustomEmoji(models.Model):
    """An image that `:shortcode:` stands for in captions, display names and bios."""

    shortcode = models.CharField(
        max_length=64,
        unique=True,
        validators=[RegexValidator(f"^{SHORTCODE_PATTERN}$", "Letters, digits and underscores, at least two.")],
    )
    image = models.ImageField(upload_to="custom_emojis/")
    category = models.CharField(max_length=64, blank=True)
    visible_in_picker = models.BooleanField(default=True)
    disabled = models.BooleanField(default=False, help_text="A disabled emoji shows as its shortcode.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("shortcode",)
        verbose_name = "custom emoji"
        verbose_name_plural = "custom emojis"

    def __str__(self) -> str:
        return f":{self.shortcode}:"
