from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from photogram.accounts.services import profile
from photogram.media.models import MediaAttachment


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Username or email"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=1000)


class SignUpForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=30, help_text=_("Letters, numbers and underscores; up to 30.")
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=1000)
    agreement = forms.BooleanField(label=_("I agree to the rules of this instance"))


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput, max_length=1000)
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, max_length=1000)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput, max_length=1000)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Add a comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=settings.CONTENT_LIMITS["max_caption_characters"],
    )
    # Made when the form is drawn: the same form sent twice (a double click, a reload) publishes one comment.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


# Who sees a post, as Status visibility has it; "direct" (mentioned people only) is for conversations, not posts.
AUDIENCES = [
    ("public", _("Everyone")),
    ("unlisted", _("Everyone, but not on explore or hashtag pages")),
    ("private", _("Followers only")),
]


class EditPostForm(forms.Form):
    """A post's caption as its author changes it; the photos' descriptions are read beside it (`alt-<id>`)."""

    caption = forms.CharField(
        label=_("Caption"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=settings.CONTENT_LIMITS["max_caption_characters"],
        required=False,
    )


class NewPostForm(EditPostForm):
    """The compose page's fields; the uploads (files, then ids with their descriptions) are read beside it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caption"].help_text = _("Type # or @ for hashtags and people.")

    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=AUDIENCES, initial="public", widget=forms.RadioSelect
    )
    crop = forms.ChoiceField(
        label=_("Crop photos to"),
        choices=MediaAttachment.Crop.choices,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    # Made when the page is drawn: the same form sent twice (a double click, a reload) publishes one post.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ProfileForm(forms.Form):
    """What one's profile shows. The limits are the profile service's; the form only draws them."""

    display_name = forms.CharField(
        label=_("Name"),
        required=False,
        help_text=format_lazy(
            _("Shown above your username; up to {limit} characters."), limit=profile.DISPLAY_NAME_MAX
        ),
        widget=forms.TextInput(attrs={"maxlength": profile.DISPLAY_NAME_MAX, "autocomplete": "name"}),
    )
    note = forms.CharField(
        label=_("Bio"),
        required=False,
        help_text=format_lazy(_("Up to {limit} characters."), limit=profile.NOTE_MAX),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": profile.NOTE_MAX}),
    )
    website = forms.CharField(
        label=_("Website"), required=False, widget=forms.URLInput(attrs={"autocomplete": "url", "maxlength": 2000})
    )
    # Plain file fields: the profile service decodes the image itself, safely (photogram.accounts.services.images).
    avatar = forms.FileField(
        label=_("Profile photo"),
        required=False,
        help_text=_("A JPEG, PNG, WebP or GIF image, cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    header = forms.FileField(
        label=_("Header image"),
        required=False,
        help_text=_("A JPEG, PNG, WebP or GIF image, cropped to 3:1."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )


class PrivacyForm(forms.Form):
    locked = forms.BooleanField(
        label=_("Private account"),
        required=False,
        help_text=_(
            "Only people you approve can follow you and see your posts and who you follow. Posts you made public "
            "stay public."
        ),
    )
