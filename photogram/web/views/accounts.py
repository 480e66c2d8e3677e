"""Signing up, in and out, and the account settings. Thin: forms over services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from photogram.accounts.models import User
from photogram.accounts.services import profile, registration
from photogram.accounts.services.login import LoginRefused, check_credentials
from photogram.accounts.validation import FieldErrors
from photogram.core.ratelimit import policy as ratelimit
from photogram.web.forms import DeleteAccountForm, PasswordChangeForm, SignInForm, SignUpForm


def add_field_errors(form: Form, problems: FieldErrors) -> None:
    """Put a service's refusals beside the fields they are about, as sentences that name the field's label."""
    for name, items in problems.errors.items():
        field = form.fields.get(name)
        for _code, description in items:
            form.add_error(name if field else None, _sentence(str(field.label) if field else name, description))


def _sentence(label: str, description: str) -> str:
    """Return "Username is already taken." from a field's label and its description; Django's password
    validators and the image checks describe their problems in whole sentences already."""
    if description[:1].isupper():
        return description
    return f"{label.replace('_', ' ').capitalize()} {description}."


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.spend("log_in", ratelimit.client_ip(request))
            user = check_credentials(
                form.cleaned_data["username"], form.cleaned_data["password"], client_ip=ratelimit.client_ip(request)
            )
        except ratelimit.RateLimited:
            form.add_error(None, _("Too many log-in attempts from your address. Try again in a few minutes."))
            status = 429
        except LoginRefused as refused:
            form.add_error(None, refused.message)
            status = 429 if refused.retry_after else 401
        else:
            login(request, user, backend="photogram.accounts.backends.UsernameOrEmailBackend")
            return redirect(_safe_next(request))
    context = {"form": form, "next": _safe_next(request), "heading": _("Sign in"), "action": _("Sign in")}
    return render(request, "web/form.html", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if not settings.REGISTRATIONS_OPEN:
        return render(request, "web/registrations_closed.html", status=403)
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.spend("sign_up", ratelimit.client_ip(request))
            user = registration.register_account(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                agreement=form.cleaned_data["agreement"],
            )
        except ratelimit.RateLimited:
            form.add_error(None, _("Too many sign-ups from your address. Try again later."))
            status = 429
        except FieldErrors as problems:
            add_field_errors(form, problems)
            status = 422
        else:
            login(request, user, backend="photogram.accounts.backends.UsernameOrEmailBackend")
            return redirect("/")
    elif request.method == "POST":
        status = 422
    context = {"form": form, "heading": _("Sign up"), "action": _("Create account")}
    return render(request, "web/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    user = request.user
    if not isinstance(user, User):
        return redirect("/auth/sign_in")
    if request.method == "POST" and form.is_valid():
        try:
            profile.change_password(
                user, current=form.cleaned_data["current_password"], new=form.cleaned_data["password"]
            )
        except FieldErrors as problems:
            add_field_errors(form, problems)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed. Apps you had authorised must log in again."))
            return redirect("/settings/password")
    context = {"form": form, "heading": _("Change password"), "action": _("Change password"), "section": "password"}
    return render(request, "web/settings/form.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    user = request.user
    if not isinstance(user, User):
        return redirect("/auth/sign_in")
    if request.method == "POST" and form.is_valid():
        if user.check_password(form.cleaned_data["password"]):
            logout(request)
            profile.delete_account(user)
            return redirect("/")
        form.add_error("password", _("That is not your password."))
    context = {
        "form": form,
        "heading": _("Delete your account"),
        "action": _("Delete my account and everything in it"),
        "intro": _("Your posts, photos, comments and follows are deleted for good. This cannot be undone."),
        "section": "delete",
    }
    return render(request, "web/settings/form.html", context, status=422 if form.errors else 200)
