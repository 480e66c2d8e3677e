"""Load from a separate process: wrk, driven by a generated Lua script that rotates requests and reports JSON."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Each wrk thread runs its own Lua state: `setup` gives each one a different starting offset into the
# requests, `done` prints the summary as one JSON line (latencies in microseconds).
LUA = """
local specs = {%(requests)s}
local requests = {}
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end
function init(args)
  counter = offset or 0
  -- Formatted here, not when the script loads: wrk has set the Host header by now.
  for index, spec in ipairs(specs) do
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    if spec[3] ~= "" then headers["Authorization"] = spec[3] end
    if spec[4] ~= "" then headers["Cookie"] = spec[4] end
    requests[index] = wrk.format(spec[1], spec[2], headers)
  end
end
function request()
  counter = counter + 1
  return requests[(counter %% #requests) + 1]
end
function done(summary, latency, requests_)
  local errors = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "duration_us": %%d, "non_2xx": %%d, "socket_errors": %%d, '
    .. '"p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d, "mean_us": %%.1f}\\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    token: str | None = None
    cookie: str | None = None  # a web page's signed-in session, as "sessionid=..."


@dataclass(frozen=True)
class Run:
    """One wrk run's figures."""

    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 1.0


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for these characters


def script(requests: list[Request]) -> str:
    """Return the Lua script that sends `requests` in turn."""
    formatted = []
    for item in requests:
        authorization = f"Bearer {item.token}" if item.token else ""
        fields = (item.method, item.path, authorization, item.cookie or "")
        formatted.append("{" + ", ".join(map(_lua_string, fields)) + "}")
    return LUA % {"requests": ",\n".join(formatted)}


def run(base_url: str, requests: list[Request], *, seconds: int, connections: int, threads: int = 2) -> Run:
    """Load `base_url` with `requests` for `seconds`; return the figures (errors included, never hidden)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script(requests))
        lua = Path(handle.name)
    try:
        completed = subprocess.run(
            # wrk refuses fewer connections than threads.
            [
                "wrk",
                f"-t{min(threads, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(lua),
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
    finally:
        lua.unlink()
    line = next((row for row in completed.stdout.splitlines() if row.startswith("WRK-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{completed.stdout}\n{completed.stderr}")
    figures = json.loads(line.removeprefix("WRK-JSON "))
    return Run(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        errors=figures["non_2xx"] + figures["socket_errors"],
        p50_ms=figures["p50_us"] / 1000,
        p90_ms=figures["p90_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
    )
