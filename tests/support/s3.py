"""A real S3-compatible server for the tests: moto's, in its own process on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

# moto accepts any credentials; these are passed to each client and storage, never set in os.environ.
ACCESS_KEY_ID = "testing"
SECRET_ACCESS_KEY = "testing"
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):  # noqa: S310 (an http:// URL made above)
            return True
    except urllib.error.HTTPError:
        return True  # Any HTTP answer means the server is up.
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start moto's S3-compatible server and yield its URL (http://127.0.0.1:PORT)."""
    url = f"http://127.0.0.1:{_free_port()}"
    log = tmp_path_factory.mktemp("s3") / "moto_server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", url.rsplit(":", 1)[1]],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not _answers(url):
            if server.poll() is not None:
                pytest.fail(f"moto_server exited with status {server.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"moto_server did not answer within 30 s:\n{log.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def s3_client(url: str) -> Any:
    """Return a boto3 S3 client for the server at `url`, with the dummy credentials."""
    return boto3.client(
        "s3",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )
