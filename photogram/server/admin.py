from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from photogram.accounts.services.images import ImageKind, ImageRefused, prepare_profile_image
from photogram.server.models import Announcement, CustomEmoji, ExtendedDescription, Rule

# Mastodon's bound on a local emoji's upload; the image is re-encoded to a square still WebP of EMOJI's size.
MAX_EMOJI_BYTES = 256 * 1024
EMOJI = ImageKind("emoji", 128, 128)


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin[Rule]):
    list_display = ("text", "position")
    list_editable = ("position",)


@admin.register(ExtendedDescription)
class ExtendedDescriptionAdmin(admin.ModelAdmin[ExtendedDescription]):
    list_display = ("__str__", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One description: once written, it is edited, not added to.
        return not ExtendedDescription.objects.exists() and super().has_add_permission(request)


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin[Announcement]):
    list_display = ("__str__", "published", "published_at", "starts_at", "ends_at", "all_day")
    list_filter = ("published",)
    readonly_fields = ("published_at",)


class CustomEmojiForm(forms.ModelForm[CustomEmoji]):
    class Meta:
        model = CustomEmoji
        fields = ("shortcode", "image", "category", "visible_in_picker", "disabled")

    def clean_image(self) -> Any:
        image = self.cleaned_data["image"]
        if not isinstance(image, UploadedFile):
            return image  # unchanged
        if image.size is not None and image.size > MAX_EMOJI_BYTES:
            raise forms.ValidationError(f"An emoji's image must be at most {MAX_EMOJI_BYTES // 1024} KB.")
        try:
            return prepare_profile_image(image, EMOJI)
        except ImageRefused as refused:
            raise forms.ValidationError(str(refused)) from None


@admin.register(CustomEmoji)
class CustomEmojiAdmin(admin.ModelAdmin[CustomEmoji]):
    form = CustomEmojiForm
    list_display = ("shortcode", "category", "visible_in_picker", "disabled", "updated_at")
    list_filter = ("disabled", "visible_in_picker", "category")
    search_fields = ("shortcode",)
