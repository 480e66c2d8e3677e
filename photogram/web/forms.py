from __future__ import annotations

from django import forms


class SignInForm(forms.Form):
    username = forms.CharField(label="Username or email", max_length=254)
    password = forms.CharField(widget=forms.PasswordInput, max_length=1000)


class SignUpForm(forms.Form):
    username = forms.CharField(max_length=30, help_text="Letters, numbers and underscores; up to 30.")
    email = forms.EmailField(max_length=254)
    password = forms.CharField(widget=forms.PasswordInput, max_length=1000)
    agreement = forms.BooleanField(label="I agree to the rules of this instance")


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(widget=forms.PasswordInput, max_length=1000)
    password = forms.CharField(label="New password", widget=forms.PasswordInput, max_length=1000)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label="Your password, to confirm", widget=forms.PasswordInput, max_length=1000)
