"""Compare the servers that fit Django, side by side in one run, on the same endpoint and load.

Each configuration is started on its own port, warmed up, then loaded by wrk (a separate process) several
times; the table reports the median requests per second with min and max, and the ratio to the fastest.
Usage: python bench/servers.py [--seconds 5] [--repeats 3] [--path /healthz]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"

CONFIGURATIONS: dict[str, list[str]] = {
    "granian-wsgi-1w": ["granian", "--interface", "wsgi", "--workers", "1", "photogram.wsgi:application"],
    "granian-wsgi-2w": ["granian", "--interface", "wsgi", "--workers", "2", "photogram.wsgi:application"],
    "granian-asgi-2w": ["granian", "--interface", "asgi", "--workers", "2", "photogram.asgi:application"],
    "uvicorn-asgi-2w": ["uvicorn", "--workers", "2", "--no-access-log", "photogram.asgi:application"],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not listen within 30 s")


def _wrk(url: str, seconds: int, connections: int) -> float:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not match or "Non-2xx" in output:
        raise RuntimeError(f"wrk reported errors:\n{output}")
    return float(match.group(1))


def measure(name: str, seconds: int, repeats: int, path: str, connections: int) -> list[float]:
    """Start one configuration, warm it up, and return its requests per second for each repetition."""
    port = _free_port()
    command = CONFIGURATIONS[name]
    argv = [str(VENV_BIN / command[0]), *command[1:], "--host", "127.0.0.1", "--port", str(port)]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    process = subprocess.Popen(
        argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait_ready(port, process)
        url = f"http://127.0.0.1:{port}{path}"
        _wrk(url, 2, connections)
        return [_wrk(url, seconds, connections) for _ in range(repeats)]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--path", default="/admin/login/")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 1
    results = {
        name: measure(name, arguments.seconds, arguments.repeats, arguments.path, arguments.connections)
        for name in CONFIGURATIONS
    }
    best = max(statistics.median(values) for values in results.values())
    print(f"{'server':<18} {'median req/s':>12} {'min':>9} {'max':>9} {'vs best':>8}")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:<18} {median:>12.0f} {min(values):>9.0f} {max(values):>9.0f} {median / best:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
