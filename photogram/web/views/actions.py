"""What the pages' buttons and forms do: like, save, comment, edit, delete; follow, block, mute. POST only,
CSRF-checked.

Each answers htmx with the part of the page it changed, and a plain form submission with a redirect back
(303), so every button works without JavaScript. The services are idempotent (a like twice is one like, a
comment form's key publishes one comment however often it is sent); a post deleted meanwhile answers the
404 page's sentence (photogram/web/errors.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from photogram.access.querysets import AccountNotFound, StatusNotFound
from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.api.serializers.accounts import serialize_account
from photogram.api.serializers.statuses import hydrate
from photogram.posts.models import Status
from photogram.posts.services import composing, interactions, publishing
from photogram.web import presenters
from photogram.web.forms import CommentForm, EditPostForm
from photogram.web.views.pages import is_htmx, post_context, signed_in

MAX_KEY_LENGTH = 64
V = TypeVar("V", bound=Callable[..., HttpResponse])


def _next(request: HttpRequest) -> str:
    """Return the page the form was on (`next`), when it is one of ours; else ""."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return ""


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page the form was on, else to `fallback`."""
    return redirect(_next(request) or fallback)


def _named_after(view: V, action: Callable[..., object]) -> V:
    """Give the view the service action's name and docstring."""
    view.__name__, view.__doc__ = action.__name__, action.__doc__
    return view


def _post_action(action: Callable[[User, int], Status]) -> Callable[[HttpRequest, str, int], HttpResponse]:
    @login_required
    @require_POST
    def act(request: HttpRequest, username: str, status_id: int) -> HttpResponse:
        actor = signed_in(request)
        action(actor, status_id)
        if is_htmx(request):
            found = hydrate([status_id], actor)
            if not found:
                raise StatusNotFound(status_id)
            context = {"post": presenters.post(found[0]), "next_url": _next(request)}
            return render(request, "web/_post_actions.html", context)
        return _back(request, f"/@{username}/{status_id}")

    return _named_after(act, action)


like = _post_action(interactions.favourite)
unlike = _post_action(interactions.unfavourite)
save = _post_action(interactions.bookmark)
unsave = _post_action(interactions.unbookmark)


@login_required
@require_POST
def comment(request: HttpRequest, username: str, status_id: int) -> HttpResponse:
    """Comment on a post; a form with errors comes back with them beside the field and the text kept."""
    actor = signed_in(request)
    found = hydrate([status_id], actor)
    if not found:
        raise StatusNotFound(status_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            made = publishing.publish(
                actor,
                form.cleaned_data["text"],
                [],
                visibility=found[0]["visibility"],
                in_reply_to_id=status_id,
                idempotency_key=f"web-comment:{form.cleaned_data['key'][:MAX_KEY_LENGTH]}",
            )
        except publishing.PublishRefused as refused:
            form.add_error("text", str(refused))
        else:
            return redirect(f"/@{username}/{status_id}#comment-{made.pk}")
    context = post_context(request, found[0], comment_form=form)
    context["comment_key"] = form.data.get("key") or context["comment_key"]
    return render(request, "web/post.html", context, status=422)


@login_required
@require_POST
def edit(request: HttpRequest, username: str, status_id: int) -> HttpResponse:
    """Change one's post's caption and its photos' descriptions; errors come back beside the fields."""
    actor = signed_in(request)
    found = hydrate([status_id], actor)
    if not found:
        raise StatusNotFound(status_id)
    form = EditPostForm(request.POST)
    descriptions = {
        int(media["id"]): request.POST[f"alt-{media['id']}"]
        for media in found[0]["media_attachments"]
        if f"alt-{media['id']}" in request.POST
    }
    if form.is_valid():
        try:
            composing.edit_post(actor, status_id, form.cleaned_data["caption"], descriptions)
        except publishing.PublishRefused as refused:
            form.add_error("caption", str(refused))
        else:
            edited = redirect(f"/@{username}/{status_id}")
            edited.status_code = 303  # see the post, by GET
            return edited
    context = post_context(request, found[0], edit_form=form, edit_descriptions=descriptions)
    return render(request, "web/post.html", context, status=422)


@login_required
@require_POST
def delete(request: HttpRequest, username: str, status_id: int) -> HttpResponse:
    """Delete one's post, or a comment of one's own or under one's post."""
    actor = signed_in(request)
    status = Status.objects.select_related("author", "in_reply_to").filter(pk=status_id).first()
    if status is None:
        raise StatusNotFound(status_id)
    parent = status.in_reply_to
    publishing.delete(actor, status)
    if parent is not None:
        return redirect(f"/@{parent.author.username}/{parent.pk}")
    return redirect(f"/@{actor.username}")


def _graph_action(
    action: Callable[[User, User], graph.Relationship], partial: str
) -> Callable[[HttpRequest, str], HttpResponse]:
    """Make the view of one graph action; htmx gets `partial` back, drawn from the new relationship."""

    @login_required
    @require_POST
    def act(request: HttpRequest, username: str) -> HttpResponse:
        actor = signed_in(request)
        # Not filtered by blocks: one unfollows an account one cannot see; following it is refused by the service.
        target = User.objects.filter(username__iexact=username, suspended_at__isnull=True, is_active=True).first()
        if target is None:
            raise AccountNotFound(username)
        relationship = action(actor, target)
        if is_htmx(request):
            context = {
                "account": serialize_account(target),
                "person": serialize_account(target),
                "relationship": relationship,
                "next_url": _next(request),
            }
            return render(request, partial, context)
        return _back(request, f"/@{target.username}")

    return _named_after(act, action)


follow = _graph_action(graph.follow, "web/_follow_button.html")
unfollow = _graph_action(graph.unfollow, "web/_follow_button.html")
block = _graph_action(graph.block, "web/settings/_block_row.html")
unblock = _graph_action(graph.unblock, "web/settings/_block_row.html")
mute = _graph_action(graph.mute, "web/settings/_mute_row.html")
unmute = _graph_action(graph.unmute, "web/settings/_mute_row.html")
