"""masto.js, the library Elk and Phanpy are built on, drives a live server (tests/clients/masto/drive.mjs).

masto.js sends JSON bodies to nearly every endpoint, /oauth/token and /oauth/revoke included, and multipart
for registration and uploads; what it reads back is camel-cased, so a field the server leaves out shows up
as a failed check in the script. Each feature is a test of its own, so one not served yet is marked alone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = REPO_ROOT / "tests" / "clients" / "masto"
# Every feature the script reports, in its order.
FEATURES = (
    "instance",
    "create_app",
    "client_credentials_token_json",
    "register",
    "password_grant_json",
    "follow",
    "list_create",
    "upload_media",
    "post",
    "home_timeline",
    "list_timeline",
    "search",
    "filters_v2",
    "markers",
    "revoke_json",
)


@pytest.fixture(scope="module")
def report(client_server: str) -> dict[str, Any]:
    """Run the masto.js script once against the live server; return what it found of each feature."""
    node = shutil.which("node")
    if node is None or not (PROJECT / "node_modules" / "masto").is_dir():
        pytest.fail("masto.js is not installed: run `make install` (npm ci --prefix tests/clients/masto)")
    finished = subprocess.run(
        [node, str(PROJECT / "drive.mjs"), client_server],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    features: dict[str, Any] = json.loads(finished.stdout)["features"]
    return features


def test_the_script_reports_every_feature_it_is_asked_about(report: dict[str, Any]) -> None:
    assert tuple(report) == FEATURES


@pytest.mark.parametrize("feature", FEATURES)
def test_masto_js_feature(report: dict[str, Any], feature: str) -> None:
    outcome = report[feature]
    assert outcome["ok"], outcome["error"]
