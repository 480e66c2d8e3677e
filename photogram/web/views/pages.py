"""The reading pages: home feed, a post, a profile, a hashtag, explore, followers and following, search.

Thin: read the request, ask the services (who apply photogram.access), hydrate the posts as the API does,
render. A page asked for by htmx (`HX-Request`) gets only the part it swaps in: the next page of a list, or
the search results; every such request is also a plain link or form that works without JavaScript.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from photogram.access.querysets import (
    AccountNotFound,
    StatusNotFound,
    connections_visible,
    grid_visible,
    shown_to_other_sites,
    visible_accounts,
    visible_statuses,
)
from photogram.accounts.models import Follow, User
from photogram.accounts.services import graph
from photogram.api.serializers.accounts import serialize_account, serialize_accounts
from photogram.api.serializers.notifications import serialize_notifications
from photogram.api.serializers.statuses import hydrate
from photogram.core.window import MAX_ID, CursorWindow
from photogram.feeds.services import explore as explore_service
from photogram.feeds.services import timeline
from photogram.markers.services import positions
from photogram.notifications.services import reading
from photogram.posts.models import Status
from photogram.posts.services import tags
from photogram.search.services import search as search_service
from photogram.search.services.query import MAX_QUERY_LENGTH, read_query
from photogram.web import presenters
from photogram.web.forms import CommentForm, EditPostForm

FEED_PAGE = 10
GRID_PAGE = 24
ACCOUNTS_PAGE = 40
COMMENTS_PAGE = 50
SEARCH_LIMIT = 12
MAX_EXPLORE_PAGE = 40
NOTIFICATIONS_PAGE = 30


def viewer_of(request: HttpRequest) -> User | None:
    """Return the signed-in person, or None."""
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def signed_in(request: HttpRequest) -> User:
    """Return the signed-in person of a view behind `login_required`."""
    viewer = viewer_of(request)
    if viewer is None:
        raise PermissionDenied
    return viewer


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def cursor(request: HttpRequest, name: str) -> int | None:
    """Return a cursor from the query string: an id within 64 bits, else refuse the request (400)."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) > MAX_ID:
        raise BadRequest(f"{name} is not an id")
    return int(raw)


def _render(
    request: HttpRequest, template: str, partial: str | None, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render the page, or only `partial` for htmx; either way caches keep the two apart."""
    response = render(request, partial if partial and is_htmx(request) else template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def next_query(request: HttpRequest, **cursors: int | None) -> str | None:
    """Return the query string of the next page (the request's own, its cursor moved), None at the end."""
    if all(value is None for value in cursors.values()):
        return None
    query = request.GET.copy()
    for name, value in cursors.items():
        query[name] = str(value)
    return query.urlencode()


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's home feed, newest first; the front page for everyone else."""
    viewer = viewer_of(request)
    if viewer is None:
        return render(request, "web/welcome.html")
    since = cursor(request, "since_id")
    window = CursorWindow(max_id=cursor(request, "max_id"), since_id=since, limit=FEED_PAGE)
    page = timeline.home_page(viewer, window)
    shown = presenters.posts(hydrate(page.status_ids, viewer, followed_only=True, context="home"))
    full = len(page.status_ids) == FEED_PAGE
    context = {"posts": shown, "next": next_query(request, max_id=page.oldest_cursor) if full else None}
    # `since_id`: the posts above the newest one shown, for the new-posts button to put on top of the feed.
    return _render(request, "web/home.html", "web/_feed_new.html" if since else "web/_feed_page.html", context)


def _visible_account(viewer: User | None, username: str) -> User:
    account = visible_accounts(viewer).filter(username__iexact=username).first()
    if account is None:
        raise AccountNotFound(username)
    return account


def comment_form_key() -> str:
    """Return a fresh key for a comment form: submitting the same form twice publishes one comment."""
    return uuid.uuid4().hex


def post_context(request: HttpRequest, entity: Any, **extra: Any) -> dict[str, Any]:
    """Return what the post page shows: the post, its comments oldest first, the forms."""
    viewer = viewer_of(request)
    after = cursor(request, "comments_after")
    comments = visible_statuses(viewer).filter(in_reply_to_id=int(entity["id"])).order_by("id")
    if after is not None:
        comments = comments.filter(id__gt=after)
    comment_ids = list(comments.values_list("id", flat=True)[: COMMENTS_PAGE + 1])
    more = len(comment_ids) > COMMENTS_PAGE
    comment_ids = comment_ids[:COMMENTS_PAGE]
    post = presenters.post(entity)
    author = entity["account"]
    typed: dict[int, str] = extra.pop("edit_descriptions", {})
    return {
        "post": post,
        "comments": presenters.posts(hydrate(comment_ids, viewer, context="thread")),
        "more_comments": f"comments_after={comment_ids[-1]}" if more else None,
        "comment_key": comment_form_key(),
        "comment_form": CommentForm(),
        "may_delete": viewer is not None and str(viewer.pk) == author["id"],
        "edit_form": _edit_form(viewer, entity),
        "edit_items": [
            {"id": media["id"], "place": place, "alt": typed.get(int(media["id"]), media["description"] or "")}
            for place, media in enumerate(entity["media_attachments"], start=1)
        ],
        "preview": _preview(entity) if entity["visibility"] in {"public", "unlisted"} else None,
        "title": presenters.first_line(entity["content"], 70)
        or _("Photo by %(name)s") % {"name": author["display_name"] or author["username"]},
        **extra,
    }


def _edit_form(viewer: User | None, entity: Any) -> EditPostForm | None:
    """Return the edit form of a post for its author (the caption as written, not as shown), else None."""
    if viewer is None or str(viewer.pk) != entity["account"]["id"] or entity["in_reply_to_id"] is not None:
        return None
    caption = Status.objects.filter(pk=int(entity["id"])).values_list("caption", flat=True).first()
    return EditPostForm(initial={"caption": caption or ""})


def _preview(entity: Any) -> dict[str, Any] | None:
    """Return the Open Graph and oEmbed details of an open post whose author lets other sites preview it."""
    author = User.objects.filter(pk=int(entity["account"]["id"])).only("locked").first()
    if author is None or not shown_to_other_sites(author):
        return None
    post = presenters.post(entity)
    return {"description": presenters.first_line(entity["content"]), "image": post.first}


def post_page(request: HttpRequest, username: str, status_id: int) -> HttpResponse:
    """A post with its photos, likes, comments and forms; a comment's address opens its post at the comment."""
    viewer = viewer_of(request)
    found = hydrate([status_id], viewer)
    if not found:
        raise StatusNotFound(status_id)
    entity = found[0]
    if entity["in_reply_to_id"] is not None:
        parent = Status.objects.filter(pk=int(entity["in_reply_to_id"])).select_related("author").first()
        if parent is None:
            raise StatusNotFound(status_id)
        return redirect(f"/@{parent.author.username}/{parent.pk}#comment-{status_id}")
    if entity["account"]["username"] != username:
        return redirect(f"/@{entity['account']['username']}/{status_id}", permanent=True)
    return render(request, "web/post.html", post_context(request, entity))


def profile(request: HttpRequest, username: str) -> HttpResponse:
    """An account's header, counts, follow button and grid of posts (a locked one's to its followers only)."""
    viewer = viewer_of(request)
    account = _visible_account(viewer, username)
    if account.username != username and not is_htmx(request):
        return redirect(f"/@{account.username}", permanent=True)
    grid_open = grid_visible(viewer, account)
    max_id = cursor(request, "max_id")
    ids: list[int] = []
    if grid_open:
        rows = visible_statuses(viewer).filter(author=account, in_reply_to__isnull=True)
        ids = [row.pk for row in CursorWindow(max_id=max_id, limit=GRID_PAGE).filter(rows.only("id"))]
    shown = presenters.posts(hydrate(ids, viewer, context="account"))
    relationship = None
    if viewer is not None and viewer.pk != account.pk:
        relationship = graph.relationships(viewer, [account.pk])[0]
    context = {
        "account": serialize_account(account),
        "owner": viewer is not None and viewer.pk == account.pk,
        "relationship": relationship,
        "grid_open": grid_open,
        "connections_open": connections_visible(viewer, account),
        "preview": shown_to_other_sites(account),
        "posts": shown,
        "next": next_query(request, max_id=ids[-1]) if len(ids) == GRID_PAGE else None,
    }
    return _render(request, "web/profile.html", "web/_grid_page.html", context)


def _connections(request: HttpRequest, username: str, *, followers: bool) -> HttpResponse:
    viewer = viewer_of(request)
    account = _visible_account(viewer, username)
    visible = visible_accounts(viewer)
    if followers:
        edges = Follow.objects.filter(followee=account, follower__in=visible).select_related("follower")
    else:
        edges = Follow.objects.filter(follower=account, followee__in=visible).select_related("followee")
    if not connections_visible(viewer, account):
        edges = edges.none()
    rows = CursorWindow(max_id=cursor(request, "max_id"), limit=ACCOUNTS_PAGE).filter(edges)
    people = [edge.follower if followers else edge.followee for edge in rows]
    context = {
        "account": serialize_account(account),
        "followers": followers,
        "hidden": not connections_visible(viewer, account),
        "people": serialize_accounts(people),
        "next": next_query(request, max_id=rows[-1].pk) if len(rows) == ACCOUNTS_PAGE else None,
    }
    return _render(request, "web/connections.html", "web/_accounts_page.html", context)


def followers(request: HttpRequest, username: str) -> HttpResponse:
    """The accounts following an account, newest follow first (a locked account's to its followers only)."""
    return _connections(request, username, followers=True)


def following(request: HttpRequest, username: str) -> HttpResponse:
    """The accounts an account follows, newest follow first."""
    return _connections(request, username, followers=False)


def hashtag(request: HttpRequest, name: str) -> HttpResponse:
    """The public posts with a hashtag, newest first."""
    viewer = viewer_of(request)
    tag = tags.find(name)
    if tag is None:
        raise tags.TagNotFound(name)
    if tag.name != name and not is_htmx(request):
        return redirect(f"/tags/{tag.name}", permanent=True)
    rows = tags.timeline(viewer, tag)
    ids = [row.pk for row in CursorWindow(max_id=cursor(request, "max_id"), limit=GRID_PAGE).filter(rows.only("id"))]
    context = {
        "tag": tag,
        "posts": presenters.posts(hydrate(ids, viewer, context="public")),
        "next": next_query(request, max_id=ids[-1]) if len(ids) == GRID_PAGE else None,
    }
    return _render(request, "web/hashtag.html", "web/_grid_page.html", context)


def explore(request: HttpRequest) -> HttpResponse:
    """This week's popular public posts from people one does not follow yet."""
    viewer = viewer_of(request)
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_EXPLORE_PAGE:
        raise Http404(_("There is no such page of explore."))
    number = int(raw)
    start = (number - 1) * GRID_PAGE
    ids = list(explore_service.explore_posts(viewer).values_list("id", flat=True)[start : start + GRID_PAGE])
    context = {
        "posts": presenters.posts(hydrate(ids, viewer, context="public")),
        "next": f"page={number + 1}" if len(ids) == GRID_PAGE and number < MAX_EXPLORE_PAGE else None,
    }
    return _render(request, "web/explore.html", "web/_grid_page.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """Accounts, hashtags and (for a signed-in person) posts matching `q`; htmx refreshes it as one types."""
    viewer = viewer_of(request)
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    query = read_query(text)
    found_ids = search_service.statuses(viewer, query, limit=SEARCH_LIMIT)
    context = {
        "q": text,
        "searched": bool(text.strip()),
        "accounts": serialize_accounts(search_service.accounts(viewer, query, limit=SEARCH_LIMIT)),
        "hashtags": search_service.hashtags(query, limit=SEARCH_LIMIT),
        "posts": presenters.posts(hydrate(found_ids, viewer)),
        "signed_in": viewer is not None,
    }
    return _render(request, "web/search.html", "web/_search_results.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first, as the API lists them."""
    viewer = signed_in(request)
    since = cursor(request, "since_id")
    window = CursorWindow(max_id=cursor(request, "max_id"), since_id=since, limit=NOTIFICATIONS_PAGE)
    entries = reading.page(viewer, window, reading.Selection())
    if window.max_id is None and entries:
        positions.advance(viewer, "notifications", entries[0].id)  # seen: the unread badge clears
    shown = serialize_notifications(entries, viewer)
    context = {
        "notifications": [
            {**item, "post": presenters.post(item["status"]) if "status" in item else None} for item in shown
        ],
        "next": next_query(request, max_id=entries[-1].id) if len(entries) == NOTIFICATIONS_PAGE else None,
    }
    # `since_id`: the notifications above the newest one shown, which the live page puts on top.
    partial = "web/_notifications_new.html" if since else "web/_notifications_page.html"
    return _render(request, "web/notifications.html", partial, context)
