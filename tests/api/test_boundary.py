"""The API boundary: parameters however they are sent, one shape of error for one fault, JSON for every answer."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.test.client import encode_multipart

from photogram.access.querysets import AccountNotFound, StatusNotFound
from photogram.api.endpoint import ApiRequest, api_endpoint, route
from photogram.api.errors import ERRORS, translate
from photogram.api.params import CursorParams, Flag, Id, Params
from photogram.posts.services.publishing import PublishRefused
from tests.support.api import as_user, make_user

pytestmark = pytest.mark.django_db


class EchoParams(Params):
    name: str
    ids: list[Id] = []
    flag: Flag = False
    source: dict[str, str] = {}


def _echo(request: ApiRequest[EchoParams]) -> dict[str, Any]:
    return request.params.model_dump()


echo = route(
    *(api_endpoint(method, auth="none", params=EchoParams)(_echo) for method in ("GET", "POST", "PUT", "PATCH"))
)
factory = RequestFactory()
EXPECTED = {"name": "ana", "ids": [1, 2], "flag": True, "source": {"privacy": "private"}}


def _answer(request: HttpRequest) -> tuple[int, Any]:
    response = echo(request)
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


FORM = "name=ana&ids[]=1&ids[]=2&flag=true&source[privacy]=private"
REPEATED = "name=ana&ids=1&ids=2&flag=1&source[privacy]=private"  # no [], as some clients send arrays


@pytest.mark.parametrize(
    "request_of",
    [
        pytest.param(lambda: factory.get(f"/api/echo?{FORM}"), id="query"),
        pytest.param(
            lambda: factory.get("/api/echo?name=ana&ids=1&ids=2&flag=1&source[privacy]=private"), id="repeated"
        ),
        pytest.param(lambda: factory.post("/api/echo", FORM, "application/x-www-form-urlencoded"), id="post-form"),
        pytest.param(lambda: factory.put("/api/echo", FORM, "application/x-www-form-urlencoded"), id="put-form"),
        pytest.param(
            lambda: factory.patch(
                "/api/echo",
                encode_multipart(
                    "BOUNDARY",
                    {"name": "ana", "ids[]": ["1", "2"], "flag": "on", "source[privacy]": "private"},
                ),
                "multipart/form-data; boundary=BOUNDARY",
            ),
            id="patch-multipart",
        ),
        pytest.param(
            lambda: factory.post(
                "/api/echo",
                json.dumps({"name": "ana", "ids[]": ["1", 2], "flag": True, "source": {"privacy": "private"}}),
                "application/json",
            ),
            id="json",
        ),
    ],
)
def test_parameters_read_the_same_however_they_are_sent(request_of: Any) -> None:
    assert _answer(request_of()) == (200, EXPECTED)


@pytest.mark.parametrize(
    ("query", "fault"),
    [
        ("ids[]=abc", "ids.0: input should be a valid integer"),
        (f"ids[]={2**63}", "ids.0: input should be less than or equal to"),
        ("ids[]=0", "ids.0: input should be greater than or equal to 1"),
        ("flag=maybe", "flag: must be true or false"),
        ("flag=", "flag: must be true or false"),
        ("source[privacy]=a%00b", "source: must not contain NUL characters"),
    ],
)
def test_an_invalid_parameter_is_a_422_naming_it(query: str, fault: str) -> None:
    status, body = _answer(factory.get(f"/api/echo?name=ana&{query}"))
    assert status == 422
    assert body["error"].startswith("Validation failed: ")
    assert fault in body["error"]
    assert body["details"][fault.split(":", maxsplit=1)[0]][0]["error"] == "ERR_INVALID"


def test_a_missing_parameter_is_blank_and_a_broken_json_body_is_a_400() -> None:
    assert _answer(factory.get("/api/echo")) == (
        422,
        {
            "error": "Validation failed: name can't be blank",
            "details": {"name": [{"error": "ERR_BLANK", "description": "name can't be blank"}]},
        },
    )
    assert _answer(factory.post("/api/echo", "{not json", "application/json")) == (
        400,
        {"error": "The request body is not valid JSON"},
    )
    assert _answer(factory.post("/api/echo", "[1]", "application/json"))[0] == 400
    broken = factory.put("/api/echo", "--x\r\nbroken", "multipart/form-data; boundary=")
    assert _answer(broken)[0] == 400


def test_a_method_not_served_is_a_json_405_naming_those_that_are() -> None:
    response = echo(factory.delete("/api/echo"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, PUT, PATCH, HEAD, OPTIONS"
    assert json.loads(response.content) == {"error": "DELETE is not allowed here"}


def test_an_unexpected_error_is_a_logged_json_500(caplog: pytest.LogCaptureFixture) -> None:
    @api_endpoint("GET", auth="none")
    def broken(request: ApiRequest[Params]) -> None:
        raise RuntimeError("a bug")

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = route(broken)(factory.get("/api/broken"))
    assert response.status_code == 500
    assert json.loads(response.content) == {"error": "Something went wrong on our side; it has been logged"}
    logged = [record.exc_info[1] for record in caplog.records if record.exc_info]
    assert [str(error) for error in logged] == ["a bug"]


def test_an_endpoint_without_a_docstring_is_summarised_by_its_name() -> None:
    @api_endpoint("GET", auth="none")
    def list_things(request: ApiRequest[Params]) -> list[str]:
        return []

    assert list_things.spec.summary == "List things"


def test_domain_exceptions_answer_from_one_table() -> None:
    class HiddenStatus(StatusNotFound):
        pass

    for error in (StatusNotFound(1), HiddenStatus(1), AccountNotFound(1)):
        answer = translate(error)
        assert answer is not None
        assert (answer.status, answer.message) == (404, "Record not found")
    refused = translate(PublishRefused("A post needs at least one photo or video"))
    assert refused is not None
    assert (refused.status, refused.message) == (422, "Validation failed: A post needs at least one photo or video")
    assert translate(RuntimeError("a bug")) is None
    assert all(issubclass(kind, Exception) for kind in ERRORS)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing/here",
        "/api/v9/instance",
        f"/api/v1/statuses/{2**63}",  # beyond 64 bits: no id of ours
        "/api/v1/statuses/0",
        "/api/v1/statuses/-1",
    ],
)
def test_a_path_no_endpoint_serves_is_a_json_404_for_every_method(path: str) -> None:
    client = Client(enforce_csrf_checks=True)  # a POST to an unknown path is a 404, not a CSRF refusal
    for method in ("GET", "POST", "PUT", "DELETE"):
        response = client.generic(method, path)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"error": "This API path does not exist"}


def test_cursor_parameters_make_one_window() -> None:
    params = CursorParams.model_validate({"max_id": "30", "since_id": 10, "min_id": "20", "limit": "500"})
    window = params.window(default_limit=20, max_limit=40)
    assert (window.max_id, window.lower_bound, window.limit, window.oldest_first) == (30, 20, 40, True)


def test_a_real_endpoint_answers_the_same_fault_the_same_way() -> None:
    client = as_user(make_user("reader", with_password=False))
    answers = [
        client.get("/api/v1/timelines/home", {"max_id": "abc"}),
        client.get("/api/v1/timelines/public", {"max_id": "abc"}),
        client.get("/api/v1/favourites", {"max_id": "abc"}),
        client.get("/api/v1/accounts/relationships", {"id[]": "abc"}),
    ]
    assert [answer.status_code for answer in answers] == [422] * 4
    assert all(answer.json()["error"].startswith("Validation failed: ") for answer in answers)
