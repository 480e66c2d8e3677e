from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


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
