"""`/api/v2/filters` and `/api/v1/filters`: making, changing and deleting filters, keywords and posts, the
v1 view of the same rows, Rails' form parameters, and the refusals (others' filters, bad input, limits)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from photogram.filters.models import Filter, FilterKeyword
from photogram.filters.services import filters
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> ApiClient:
    return as_user(make_user("owner", with_password=False))


def create(client: ApiClient, **fields: Any) -> dict[str, Any]:
    body = {"title": "Spoilers", "context": ["home", "public"], **fields}
    response = client.client.post("/api/v2/filters", body, content_type="application/json", headers=client.headers)
    assert response.status_code == 200, response.json()
    return dict(response.json())


def form(client: ApiClient, method: str, path: str, pairs: list[tuple[str, str]], *, in_query: bool = False) -> Any:
    """Send `pairs` in their order as a form body (or as the query string), as Rails clients do."""
    encoded = urlencode(pairs)
    if in_query:
        return client.client.generic(method, f"{path}?{encoded}", headers=client.headers)
    return client.client.generic(
        method, path, encoded, content_type="application/x-www-form-urlencoded", headers=client.headers
    )


def test_create_show_list_update_and_delete_a_filter(client: ApiClient) -> None:
    made = create(
        client,
        filter_action="hide",
        expires_in=3600,
        keywords_attributes=[{"keyword": "finale", "whole_word": False}, {"keyword": "ending"}],
    )
    assert made["title"] == "Spoilers"
    assert made["context"] == ["home", "public"]
    assert made["filter_action"] == "hide"
    expires_at = parse_datetime(made["expires_at"])
    assert expires_at is not None
    assert abs((expires_at - timezone.now()) - timedelta(hours=1)) < timedelta(minutes=1)
    assert [(k["keyword"], k["whole_word"]) for k in made["keywords"]] == [("finale", False), ("ending", True)]
    assert made["statuses"] == []
    assert client.get(f"/api/v2/filters/{made['id']}").json() == made
    assert client.get("/api/v2/filters").json() == [made]

    changed = client.put(
        f"/api/v2/filters/{made['id']}",
        {"title": "TV", "context": ["thread", "home"], "filter_action": "warn", "expires_in": None},
    ).json()
    assert (changed["title"], changed["context"], changed["filter_action"], changed["expires_at"]) == (
        "TV",
        ["home", "thread"],  # in Mastodon's order, whatever order they came in
        "warn",
        None,
    )
    assert changed["keywords"] == made["keywords"]
    kept = client.put(f"/api/v2/filters/{made['id']}", {"title": "TV shows"}).json()
    assert (kept["context"], kept["filter_action"], kept["expires_at"]) == (["home", "thread"], "warn", None)

    assert client.delete(f"/api/v2/filters/{made['id']}").json() == {}
    assert client.get(f"/api/v2/filters/{made['id']}").status_code == 404
    assert not FilterKeyword.objects.exists()


def test_keywords_attributes_add_change_and_remove_keywords(client: ApiClient) -> None:
    made = create(client, keywords_attributes=[{"keyword": "foo"}, {"keyword": "bar", "whole_word": True}])
    foo, bar = (keyword["id"] for keyword in made["keywords"])
    changed = client.put(
        f"/api/v2/filters/{made['id']}",
        {
            "keywords_attributes": [
                {"id": foo, "_destroy": True},
                {"id": bar, "keyword": "baz", "whole_word": False},
                {"keyword": "qux"},
                {"keyword": "never added", "_destroy": True},
            ]
        },
    ).json()
    assert next((k["id"], k["keyword"], k["whole_word"]) for k in changed["keywords"]) == (bar, "baz", False)
    assert [k["keyword"] for k in changed["keywords"]] == ["baz", "qux"]


def test_rails_form_arrays_of_hashes_in_a_body_and_in_the_query_string(client: ApiClient) -> None:
    response = form(
        client,
        "POST",
        "/api/v2/filters",
        [
            ("title", "test"),
            ("context[]", "public"),
            ("keywords_attributes[][keyword]", "foo"),
            ("keywords_attributes[][whole_word]", "false"),
            ("keywords_attributes[][keyword]", "bar"),
            ("keywords_attributes[][whole_word]", "true"),
        ],
    )
    made = response.json()
    assert [(k["keyword"], k["whole_word"]) for k in made["keywords"]] == [("foo", False), ("bar", True)]
    foo, bar = (keyword["id"] for keyword in made["keywords"])
    # Mastodon's documented example: removes "foo", and renames "bar" (the second item starts at its id).
    response = form(
        client,
        "PUT",
        f"/api/v2/filters/{made['id']}",
        [
            ("keywords_attributes[][id]", foo),
            ("keywords_attributes[][_destroy]", "true"),
            ("keywords_attributes[][id]", bar),
            ("keywords_attributes[][keyword]", "baz"),
        ],
        in_query=True,
    )
    assert [(k["id"], k["keyword"], k["whole_word"]) for k in response.json()["keywords"]] == [(bar, "baz", True)]
    indexed = form(
        client,
        "PUT",
        f"/api/v2/filters/{made['id']}",
        [("keywords_attributes[1][keyword]", "second"), ("keywords_attributes[0][keyword]", "first")],
    )
    assert [k["keyword"] for k in indexed.json()["keywords"]] == ["baz", "first", "second"]


def test_multipart_arrays_of_hashes_pair_values_by_position(client: ApiClient) -> None:
    data = {"title": "t", "context[]": ["home"], "keywords_attributes[][keyword]": ["a", "b"]}
    data["keywords_attributes[][whole_word]"] = ["false", "true"]
    made = client.post("/api/v2/filters", data).json()
    assert [(k["keyword"], k["whole_word"]) for k in made["keywords"]] == [("a", False), ("b", True)]


def test_keyword_endpoints(client: ApiClient) -> None:
    made = create(client)
    keywords = f"/api/v2/filters/{made['id']}/keywords"
    added = client.post(keywords, {"keyword": "  plot twist  ", "whole_word": "false"}).json()
    assert (added["keyword"], added["whole_word"]) == ("plot twist", False)
    assert client.get(keywords).json() == [added]
    assert client.get(f"/api/v2/filters/keywords/{added['id']}").json() == added
    changed = client.put(f"/api/v2/filters/keywords/{added['id']}", {"keyword": "twist"}).json()
    assert (changed["keyword"], changed["whole_word"]) == ("twist", False)
    assert client.get(f"/api/v2/filters/{made['id']}").json()["keywords"] == [changed]
    assert client.delete(f"/api/v2/filters/keywords/{added['id']}").json() == {}
    assert client.get(keywords).json() == []
    assert client.get(f"/api/v2/filters/{made['id']}").status_code == 200  # the filter stays


def test_status_endpoints(client: ApiClient) -> None:
    made = create(client)
    author = make_user("author", with_password=False)
    status = post(author, "a post")
    statuses = f"/api/v2/filters/{made['id']}/statuses"
    added = client.post(statuses, {"status_id": str(status.pk)}).json()
    assert added["status_id"] == str(status.pk)
    assert client.post(statuses, {"status_id": str(status.pk)}).json() == added  # again: the same row
    assert client.get(statuses).json() == [added]
    assert client.get(f"/api/v2/filters/statuses/{added['id']}").json() == added
    assert client.get(f"/api/v2/filters/{made['id']}").json()["statuses"] == [added]
    assert client.delete(f"/api/v2/filters/statuses/{added['id']}").json() == {}
    assert client.get(statuses).json() == []
    hidden = post(author, "followers only", visibility="private")
    assert client.post(statuses, {"status_id": str(hidden.pk)}).status_code == 404


def test_v1_filters_are_the_keywords_of_v2_filters(client: ApiClient) -> None:
    response = client.post(
        "/api/v1/filters",
        {"phrase": "eurovision", "context[]": ["home", "notifications"], "irreversible": "true", "expires_in": ""},
    )
    v1 = response.json()
    assert {key: v1[key] for key in ("phrase", "context", "irreversible", "whole_word", "expires_at")} == {
        "phrase": "eurovision",
        "context": ["home", "notifications"],
        "irreversible": True,
        "whole_word": False,
        "expires_at": None,
    }
    (v2,) = client.get("/api/v2/filters").json()
    assert (v2["title"], v2["filter_action"], v2["context"]) == ("eurovision", "hide", ["home", "notifications"])
    assert [(k["id"], k["keyword"], k["whole_word"]) for k in v2["keywords"]] == [(v1["id"], "eurovision", False)]
    assert client.get(f"/api/v1/filters/{v1['id']}").json() == v1

    # A v2 filter of two keywords is two v1 filters sharing its context, expiry and action.
    two = create(client, filter_action="warn", keywords_attributes=[{"keyword": "a"}, {"keyword": "b"}])
    listed = client.get("/api/v1/filters").json()
    assert [item["phrase"] for item in listed] == ["eurovision", "a", "b"]
    assert [item["id"] for item in listed[1:]] == [k["id"] for k in two["keywords"]]
    assert all(item["context"] == ["home", "public"] and not item["irreversible"] for item in listed[1:])

    # Its keyword may change; what is its filter's may not, while the filter holds another keyword.
    a_id = two["keywords"][0]["id"]
    renamed = client.put(f"/api/v1/filters/{a_id}", {"phrase": "aa", "whole_word": False}).json()
    assert (renamed["phrase"], renamed["whole_word"]) == ("aa", False)
    refused = client.put(f"/api/v1/filters/{a_id}", {"context": ["thread"]})
    assert refused.status_code == 422
    assert "several keywords" in refused.json()["error"]
    assert client.get(f"/api/v1/filters/{a_id}").json()["phrase"] == "aa"  # nothing of the refusal stayed
    assert client.put(f"/api/v1/filters/{a_id}", {"irreversible": True}).status_code == 422

    # A filter of one keyword: the v1 update changes the filter too.
    changed = client.put(f"/api/v1/filters/{v1['id']}", {"context": ["public"], "irreversible": False}).json()
    assert (changed["context"], changed["irreversible"]) == (["public"], False)
    assert client.get(f"/api/v2/filters/{v2['id']}").json()["filter_action"] == "warn"

    # Deleting a v1 filter deletes its keyword; the v2 filter stays.
    assert client.delete(f"/api/v1/filters/{a_id}").json() == {}
    assert [k["keyword"] for k in client.get(f"/api/v2/filters/{two['id']}").json()["keywords"]] == ["b"]


def test_someone_elses_filters_keywords_and_posts_are_not_found(client: ApiClient) -> None:
    other = as_user(make_user("other", with_password=False))
    theirs = create(other, keywords_attributes=[{"keyword": "secret"}])
    keyword_id = theirs["keywords"][0]["id"]
    status = post(make_user("author", with_password=False), "a post")
    status_row = other.post(f"/api/v2/filters/{theirs['id']}/statuses", {"status_id": str(status.pk)}).json()
    filter_path = f"/api/v2/filters/{theirs['id']}"
    attempts = [
        ("GET", filter_path, None),
        ("PUT", filter_path, {"title": "mine"}),
        ("DELETE", filter_path, None),
        ("GET", f"{filter_path}/keywords", None),
        ("POST", f"{filter_path}/keywords", {"keyword": "x"}),
        ("GET", f"/api/v2/filters/keywords/{keyword_id}", None),
        ("PUT", f"/api/v2/filters/keywords/{keyword_id}", {"keyword": "x"}),
        ("DELETE", f"/api/v2/filters/keywords/{keyword_id}", None),
        ("GET", f"{filter_path}/statuses", None),
        ("POST", f"{filter_path}/statuses", {"status_id": str(status.pk)}),
        ("GET", f"/api/v2/filters/statuses/{status_row['id']}", None),
        ("DELETE", f"/api/v2/filters/statuses/{status_row['id']}", None),
        ("GET", f"/api/v1/filters/{keyword_id}", None),
        ("PUT", f"/api/v1/filters/{keyword_id}", {"phrase": "x"}),
        ("DELETE", f"/api/v1/filters/{keyword_id}", None),
    ]
    for method, path, body in attempts:
        data = "" if body is None else json.dumps(body)
        response = client.client.generic(method, path, data, content_type="application/json", headers=client.headers)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"error": "Record not found"}
    assert client.get("/api/v2/filters").json() == []
    assert client.get("/api/v1/filters").json() == []
    # Nor can one's own filter take over someone else's keyword by id.
    mine = create(client)
    response = client.put(
        f"/api/v2/filters/{mine['id']}", {"keywords_attributes": [{"id": keyword_id, "keyword": "x"}]}
    )
    assert response.status_code == 404
    assert other.get(filter_path).json() == theirs | {"statuses": [status_row]}


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"context": []}, "context"),
        ({"context": ["home", "everywhere"]}, "context"),
        ({"filter_action": "delete"}, "filter_action"),
        ({"expires_in": 0}, "expires_in"),
        ({"expires_in": -60}, "expires_in"),
        ({"expires_in": "soon"}, "expires_in"),
        ({"keywords_attributes": [{"keyword": ""}]}, "keywords_attributes"),
        ({"keywords_attributes": [{"keyword": " \t"}]}, "keywords_attributes"),
        ({"keywords_attributes": [{"whole_word": True}]}, "keywords_attributes"),
    ],
)
def test_invalid_filters_are_refused_with_422(client: ApiClient, fields: dict[str, Any], named: str) -> None:
    body = {"title": "Spoilers", "context": ["home"], **fields}
    response = client.client.post("/api/v2/filters", body, content_type="application/json", headers=client.headers)
    assert response.status_code == 422
    assert named in response.json()["error"]
    assert not Filter.objects.exists()


def test_missing_title_or_context_and_blank_keywords_are_refused(client: ApiClient) -> None:
    assert client.post("/api/v2/filters", {"context[]": "home"}).status_code == 422
    assert client.post("/api/v2/filters", {"title": "t"}).status_code == 422
    assert client.post("/api/v1/filters", {"phrase": "", "context[]": "home"}).status_code == 422
    assert client.post("/api/v1/filters", {"phrase": "p", "context[]": "nowhere"}).status_code == 422
    assert client.post("/api/v1/filters", {"phrase": "p", "context[]": "home", "expires_in": "-1"}).status_code == 422
    made = create(client)
    assert client.post(f"/api/v2/filters/{made['id']}/keywords", {"keyword": " "}).status_code == 422
    assert client.put(f"/api/v2/filters/{made['id']}", {"expires_in": 0}).status_code == 422
    assert client.put(f"/api/v2/filters/{made['id']}", {"context": []}).status_code == 422
    new_keyword_without_text = {"keywords_attributes": [{"whole_word": True}]}
    assert client.put(f"/api/v2/filters/{made['id']}", new_keyword_without_text).status_code == 422


def test_limits_on_filters_keywords_and_posts(client: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filters, "MAX_FILTERS", 2)
    monkeypatch.setattr(filters, "MAX_KEYWORDS", 3)
    monkeypatch.setattr(filters, "MAX_STATUSES", 1)
    first = create(client, keywords_attributes=[{"keyword": "a"}, {"keyword": "b"}])
    create(client)
    refused = client.post("/api/v2/filters", {"title": "third", "context[]": "home"})
    assert refused.status_code == 422
    assert "at most 2 filters" in refused.json()["error"]
    keywords = f"/api/v2/filters/{first['id']}/keywords"
    assert client.post(keywords, {"keyword": "c"}).status_code == 200
    refused = client.post(keywords, {"keyword": "d"})
    assert refused.status_code == 422
    assert "at most 3 keywords" in refused.json()["error"]
    too_many = {"keywords_attributes": [{"keyword": "d"}]}
    assert client.put(f"/api/v2/filters/{first['id']}", too_many).status_code == 422
    assert FilterKeyword.objects.count() == 3
    author = make_user("author", with_password=False)
    statuses = f"/api/v2/filters/{first['id']}/statuses"
    assert client.post(statuses, {"status_id": str(post(author).pk)}).status_code == 200
    assert client.post(statuses, {"status_id": str(post(author).pk)}).status_code == 422
