"""Browser tests: the real app served for real, and Debian's Chromium driven by Playwright.

`live_url` serves the whole app (web pages, API, streaming, static and media files) on a free port from a
thread of the test process, as `make run` serves it on embedded: the in-process task runner and broker
reach it, and it reads the test database. On full the feed path runs beside it (Celery worker, outbox
relay, feed service). `page` is a fresh browser context per test, once per screen (desktop and phone); a
failing test leaves a screenshot of its page in var/browser-failures/.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
from collections.abc import Generator, Iterator
from typing import Any

import pytest
from asgiref.sync import SyncToAsync
from django.conf import settings as django_settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.http import HttpRequest, HttpResponseBase
from django.views.static import serve
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from devstack.browser import SCREENS, launch_options
from photogram.streaming.embedded import embedded_application
from tests.conftest import REPO_ROOT
from tests.support.streaming import serving

FAILURES = REPO_ROOT / "var" / "browser-failures"


class MediaFilesHandler(StaticFilesHandler):
    """Serve MEDIA_URL from MEDIA_ROOT, as granian does under bin/serve (Django serves it only in DEBUG)."""

    def get_base_url(self) -> str:
        return str(django_settings.MEDIA_URL)

    # Django's stubs say a FileResponse; a file the browser has cached gets a 304, which is not one.
    def serve(self, request: HttpRequest) -> HttpResponseBase:  # type: ignore[override]
        return serve(request, self.file_path(request.path), document_root=str(django_settings.MEDIA_ROOT))


class FreshContext:
    """Run each ASGI call in an empty context: under uvicorn, context leaks from one request to the next.

    asgiref's WSGI adapter sends the response from Django's thread through AsyncToSync, which marks the
    context of that send with its own executor. uvicorn resumes reading a keep-alive connection from inside
    that send, so the connection's next request starts in a copy of it, and asgiref hands the request to the
    previous request's executor, which has quit ("CurrentThreadExecutor already quit or is broken").
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        call = self.app(scope, receive, send)
        await asyncio.get_running_loop().create_task(call, context=contextvars.Context())


@pytest.fixture
def live_url(transactional_db: None, feed_stack: None, settings: Any) -> Iterator[str]:
    """The URL of the whole app, served for this test."""
    wsgi = MediaFilesHandler(StaticFilesHandler(get_wsgi_application()))
    with serving(FreshContext(embedded_application(wsgi))) as url:
        settings.PUBLIC_URL = url
        settings.STREAMING_URL = "ws" + url.removeprefix("http")
        yield url
    # Django ran in asgiref's one thread for synchronous code: close the database connection it left there.
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright for one test module, with Django's guard against database calls from async code lowered.

    Playwright's synchronous API runs an asyncio loop in the test's own thread (in a greenlet) for as long as
    it is started, so Django would take every database call of the test, which is plain synchronous code,
    for one made inside a coroutine. The guard comes back up when the module's browser tests end, before any
    other test runs.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as driver:
            yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(**launch_options())
    yield browser
    browser.close()


PHASE_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test item, so a fixture's teardown knows whether the test failed."""
    report = yield
    item.stash.setdefault(PHASE_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    """The screen a test runs on: each browser test runs once on a desktop and once on a phone."""
    return str(request.param)


@pytest.fixture
def page(browser: Browser, live_url: str, screen: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=live_url, **SCREENS[screen])
    page = context.new_page()
    yield page
    reports = request.node.stash.get(PHASE_REPORTS, {})
    if any(report.failed for report in reports.values()):
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        path = FAILURES / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        print(f"screenshot of the failing page: {path.relative_to(REPO_ROOT)} (at {page.url})")
    context.close()
