"""Photogram's URLs plus the benchmark's references: a trivial JSON answer (the framework's ceiling) and the
naive way to answer each scenario, served by the same server, process and middleware as the real endpoints."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from photogram.urls import urlpatterns as photogram_urls

PAGE = 20


def trivial(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def _rows(sql: str, parameters: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _render(statuses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Render posts the obvious way: a query for each post's author and one for its media (N+1)."""
    rendered = []
    for status in statuses:
        (author,) = _rows(
            "SELECT id, username, display_name, followers_count FROM accounts_user WHERE id = %s", [status["author_id"]]
        )
        media = _rows(
            "SELECT m.id, m.renditions FROM media_mediaattachment m JOIN posts_statusmedia l ON l.media_id = m.id "
            "WHERE l.status_id = %s ORDER BY l.position",
            [status["id"]],
        )
        (likes,) = _rows("SELECT count(*) AS n FROM posts_favourite WHERE status_id = %s", [status["id"]])
        rendered.append(
            {
                "id": str(status["id"]),
                "content": status["caption"],
                "created_at": status["created_at"].isoformat(),
                "account": {**author, "id": str(author["id"])},
                "media_attachments": [{"id": str(item["id"]), "renditions": item["renditions"]} for item in media],
                "favourites_count": likes["n"],
            }
        )
    return rendered


STATUS_COLUMNS = "s.id, s.author_id, s.caption, s.created_at"


def naive_grid(request: HttpRequest, account_id: int) -> JsonResponse:
    """An account's newest posts: one query, then N+1 to render them, no visibility rules."""
    statuses = _rows(
        f"SELECT {STATUS_COLUMNS} FROM posts_status s WHERE s.author_id = %s AND s.in_reply_to_id IS NULL "
        "ORDER BY s.id DESC LIMIT %s",
        [account_id, PAGE],
    )
    return JsonResponse(_render(statuses), safe=False)


def naive_detail(request: HttpRequest, status_id: int) -> JsonResponse:
    statuses = _rows(f"SELECT {STATUS_COLUMNS} FROM posts_status s WHERE s.id = %s", [status_id])
    return JsonResponse(_render(statuses)[0])


def naive_home(request: HttpRequest, account_id: int) -> JsonResponse:
    """Fan-out on read: the posts of the people the reader follows (and their own), newest first, in one query."""
    statuses = _rows(
        f"SELECT {STATUS_COLUMNS} FROM posts_status s WHERE s.in_reply_to_id IS NULL AND (s.author_id = %s OR "
        "s.author_id IN (SELECT followee_id FROM accounts_follow WHERE follower_id = %s)) ORDER BY s.id DESC LIMIT %s",
        [account_id, account_id, PAGE],
    )
    return JsonResponse(_render(statuses), safe=False)


@csrf_exempt
def naive_like(request: HttpRequest, account_id: int, status_id: int) -> JsonResponse:
    """A like without counters: insert the row if new, then count the post's likes."""
    with transaction.atomic():
        _rows(
            "INSERT INTO posts_favourite (id, account_id, status_id) VALUES (photogram_next_id(), %s, %s) "
            "ON CONFLICT DO NOTHING RETURNING id",
            [account_id, status_id],
        )
        (likes,) = _rows("SELECT count(*) AS n FROM posts_favourite WHERE status_id = %s", [status_id])
    return JsonResponse({"id": str(status_id), "favourited": True, "favourites_count": likes["n"]})


urlpatterns = [
    path("bench/trivial", trivial),
    path("bench/naive/accounts/<int:account_id>/statuses", naive_grid),
    path("bench/naive/statuses/<int:status_id>", naive_detail),
    path("bench/naive/home/<int:account_id>", naive_home),
    path("bench/naive/accounts/<int:account_id>/favourite/<int:status_id>", naive_like),
    *photogram_urls,
]
