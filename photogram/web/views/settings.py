"""The settings pages: profile, privacy, blocked and muted accounts, apps, sessions. Thin: forms over services.

Every change is a POST with its CSRF token that redirects back with a message (303), so each works without
JavaScript; the lists' buttons also answer htmx with the one row they changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from photogram.accounts.services import graph, profile
from photogram.accounts.services import sessions as signed_in_sessions
from photogram.accounts.validation import FieldErrors
from photogram.api.serializers.accounts import serialize_account, serialize_accounts
from photogram.core.window import CursorWindow
from photogram.oauth.services import authorizations
from photogram.web import presenters
from photogram.web.forms import PrivacyForm, ProfileForm
from photogram.web.views.accounts import add_field_errors
from photogram.web.views.pages import cursor, is_htmx, next_query, signed_in

ACCOUNTS_PAGE = 40


def settings_page(
    request: HttpRequest, template: str, section: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a settings page; `section` marks its entry in the settings navigation."""
    return render(request, template, {"section": section, **context}, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return redirect("edit_profile")


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request: HttpRequest) -> HttpResponse:
    """Name, bio, website, profile photo and header; a refusal comes back beside its field, what was typed kept."""
    user = signed_in(request)
    initial = {"display_name": user.display_name, "note": user.note, "website": user.website}
    posted = request.method == "POST"
    form = ProfileForm(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile.update_profile(
                user,
                display_name=form.cleaned_data["display_name"],
                note=form.cleaned_data["note"],
                website=form.cleaned_data["website"],
                avatar=form.cleaned_data["avatar"],
                header=form.cleaned_data["header"],
            )
        except FieldErrors as problems:
            add_field_errors(form, problems)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("edit_profile")
    context = {"form": form, "account": serialize_account(user), "heading": _("Profile"), "action": _("Save profile")}
    return settings_page(request, "web/settings/profile.html", "profile", context, 422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def privacy(request: HttpRequest) -> HttpResponse:
    """Whether the account is private (locked): followers must be approved."""
    user = signed_in(request)
    # An unticked box sends nothing: an empty POST is still an answer.
    form = PrivacyForm(request.POST if request.method == "POST" else None, initial={"locked": user.locked})
    if request.method == "POST" and form.is_valid():
        profile.update_profile(user, locked=form.cleaned_data["locked"])
        messages.success(request, _("Your privacy settings were saved."))
        return redirect("privacy")
    context = {"form": form, "heading": _("Privacy"), "action": _("Save")}
    return settings_page(request, "web/settings/form.html", "privacy", context, 422 if form.errors else 200)


def _relations(request: HttpRequest, *, blocks: bool) -> HttpResponse:
    user = signed_in(request)
    window = CursorWindow(max_id=cursor(request, "max_id"), limit=ACCOUNTS_PAGE)
    if blocks:
        found = [(row.pk, row.blocked) for row in window.filter(user.blocks.select_related("blocked"))]
    else:
        found = [(row.pk, row.muted) for row in window.filter(user.mutes.select_related("muted"))]
    people = [person for _, person in found]
    context = {
        "heading": _("Blocked accounts") if blocks else _("Muted accounts"),
        "blocks": blocks,
        "rows": list(zip(serialize_accounts(people), graph.relationships(user, [p.pk for p in people]), strict=True)),
        "next": next_query(request, max_id=found[-1][0]) if len(found) == ACCOUNTS_PAGE else None,
    }
    template = "web/settings/_relation_rows.html" if is_htmx(request) else "web/settings/relations.html"
    return settings_page(request, template, "blocked" if blocks else "muted", context)


@login_required
@require_GET
def blocked(request: HttpRequest) -> HttpResponse:
    """The accounts one blocks, most recently blocked first, each with its unblock button."""
    return _relations(request, blocks=True)


@login_required
@require_GET
def muted(request: HttpRequest) -> HttpResponse:
    """The accounts one mutes, most recently muted first, each with its unmute button."""
    return _relations(request, blocks=False)


@login_required
@require_GET
def apps(request: HttpRequest) -> HttpResponse:
    """The apps one let into one's account, each with a button to shut it out."""
    context = {"heading": _("Apps"), "authorizations": authorizations.authorizations(signed_in(request))}
    return settings_page(request, "web/settings/apps.html", "apps", context)


@login_required
@require_POST
def revoke_app(request: HttpRequest, application_id: int) -> HttpResponse:
    """Revoke an app's access: every token it holds stops working at once."""
    authorizations.revoke(signed_in(request), application_id)
    messages.success(request, _("The app can no longer use your account."))
    return redirect("apps")


@login_required
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    """The browsers signed in to the account, with when and from where each was last used."""
    found = signed_in_sessions.signed_in(signed_in(request), request.session.session_key)
    shown = [(session, *presenters.browser_name(session.user_agent)) for session in found]
    context = {"heading": _("Signed-in browsers"), "sessions": shown, "others": len(found) > 1}
    return settings_page(request, "web/settings/sessions.html", "sessions", context)


@login_required
@require_POST
def sign_out_session(request: HttpRequest, session: str) -> HttpResponse:
    """Sign out one browser (this one too, if it is the one chosen)."""
    signed_in_sessions.sign_out(signed_in(request), session)
    messages.success(request, _("That browser is signed out."))
    return redirect("sessions")


@login_required
@require_POST
def sign_out_other_sessions(request: HttpRequest) -> HttpResponse:
    """Sign out every browser but this one."""
    signed_in_sessions.sign_out_others(signed_in(request), request.session.session_key)
    messages.success(request, _("Every other browser is signed out."))
    return redirect("sessions")
