from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
