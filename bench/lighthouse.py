"""The web app's pages in Lighthouse, and their server time next to the API calls that carry the same data.

`make bench SCENARIO=lighthouse`. The pages are those of the showcase community (bench/showcase.py) served by
bin/serve on the embedded profile, as `make run` serves them. For each page in PAGES:
1. Lighthouse 12 (npm, bench/npm) on Debian's Chromium (CHROME_PATH) with its default mobile preset
   (a mid-range phone on a throttled 4G connection, simulated): the performance, accessibility,
   best-practices and SEO scores, each the median of --runs runs; for the home page also the bytes of HTML
   and JavaScript as sent (transfer size) and as written (resource size).
2. Server time: --requests sequential GETs on one keep-alive connection, after a warm-up, of the page and of
   the API call that carries its data (home feed, an account's posts, a post), as median and p90.
A page the app does not serve yet (404) is named and skipped. Results: var/bench-results/lighthouse-*.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import showcase  # noqa: E402
from devstack.browser import chromium  # noqa: E402

LIGHTHOUSE = REPO / "bench" / "npm" / "node_modules" / ".bin" / "lighthouse"
RESULTS = REPO / "var" / "bench-results"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # {profile}, {post}, ... from showcase.Facts
    signed_in: bool
    api: str  # the API call carrying the same data, with the viewer's token


# Every page measured, in one place: add a page here.
PAGES = [
    Page("home", "/", True, "/api/v1/timelines/home"),
    Page("profile", "/@{profile}", False, "/api/v1/accounts/{profile_id}/statuses"),
    Page("post", "/@{profile}/{post}", False, "/api/v1/statuses/{post}"),
]


def server_times(url: str, path: str, headers: dict[str, str], requests: int) -> dict[str, float]:
    """Time `requests` GETs of `path` one after another on one connection (after 5 unmeasured ones)."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    times = []
    try:
        for number in range(5 + requests):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
            if number >= 5:
                times.append(elapsed * 1000)
    finally:
        connection.close()
    deciles = statistics.quantiles(times, n=10)
    return {"median_ms": statistics.median(times), "p90_ms": deciles[8], "requests": requests}


def status_of(url: str, path: str, headers: dict[str, str]) -> int:
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def lighthouse(url: str, cookie: str | None, scratch: Path) -> dict[str, Any]:
    """Run Lighthouse once on `url`; return its report."""
    report = scratch / "report.json"
    flags = ["--headless=new", "--disable-gpu", "--disable-quic"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses its sandbox as root
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(flags)}",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    environment = {**os.environ, "CHROME_PATH": chromium()}
    subprocess.run(command, env=environment, check=True, timeout=300)
    result: dict[str, Any] = json.loads(report.read_text())
    return result


def page_bytes(report: dict[str, Any]) -> dict[str, int]:
    """HTML and JavaScript of the page, as sent over the wire and as written, from its network requests."""
    totals = {"html_transfer": 0, "html_resource": 0, "js_transfer": 0, "js_resource": 0}
    for item in report["audits"]["network-requests"]["details"]["items"]:
        kind = {"Document": "html", "Script": "js"}.get(item.get("resourceType", ""))
        if kind:
            totals[f"{kind}_transfer"] += int(item.get("transferSize") or 0)
            totals[f"{kind}_resource"] += int(item.get("resourceSize") or 0)
    return totals


def shortfalls(report: dict[str, Any]) -> dict[str, list[str]]:
    """The audits that cost each category points: those that count (weight > 0) and did not pass."""
    audits = report["audits"]
    return {
        name: [
            ref["id"]
            for ref in report["categories"][name]["auditRefs"]
            if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
        ]
        for name in CATEGORIES
    }


def measure(url: str, facts: showcase.Facts, runs: int, requests: int) -> dict[str, Any]:
    cookies = showcase.signed_in_cookies(url, facts.viewer)
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    api_headers = {"Authorization": f"Bearer {facts.token}"}
    results: dict[str, Any] = {"pages": {}, "not_served": []}
    with tempfile.TemporaryDirectory(prefix="photogram-lighthouse-") as scratch:
        for page in PAGES:
            path = page.path.format(**facts.__dict__)
            page_headers = {"Cookie": cookie} if page.signed_in else {}
            if status_of(url, path, page_headers) == 404:
                results["not_served"].append(page.name)
                print(f"{page.name}: {path} is not served yet (404), skipped", flush=True)
                continue
            print(f"{page.name}: {path} ({'signed in' if page.signed_in else 'anonymous'})", flush=True)
            reports = [lighthouse(url + path, cookie if page.signed_in else None, Path(scratch)) for _ in range(runs)]
            scores = {
                name: statistics.median(100 * (report["categories"][name]["score"] or 0) for report in reports)
                for name in CATEGORIES
            }
            api = page.api.format(**facts.__dict__)
            missed = shortfalls(reports[0])
            page_time, api_time = (
                server_times(url, path, page_headers, requests),
                server_times(url, api, api_headers, requests),
            )
            entry = {
                "path": path,
                "signed_in": page.signed_in,
                "scores": scores,
                "shortfalls": missed,
                "bytes": page_bytes(reports[0]),
                "server_time": page_time,
                "api": {"path": api, "server_time": api_time},
            }
            results["pages"][page.name] = entry
            lines = ["  " + "  ".join(f"{name} {score:.0f}" for name, score in scores.items())]
            lines += [f"  {name} lost points on: {', '.join(ids)}" for name, ids in missed.items() if ids]
            lines.append(
                f"  server time: page {page_time['median_ms']:.1f} ms (p90 {page_time['p90_ms']:.1f}), "
                f"{api} {api_time['median_ms']:.1f} ms (p90 {api_time['p90_ms']:.1f})"
            )
            print("\n".join(lines), flush=True)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; scores are medians")
    parser.add_argument("--requests", type=int, default=100, help="timed GETs per page and per API call")
    parser.add_argument("--data-dir", type=Path, default=showcase.DATA_DIR, help="the showcase's data directory")
    arguments = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: make bench installs it (npm ci --prefix bench/npm)", file=sys.stderr)
        return 1
    if shutil.which("node") is None:
        print("Lighthouse needs Node.js 20 (apt-get install nodejs npm)", file=sys.stderr)
        return 1
    facts = showcase.prepare(arguments.data_dir.resolve())
    started = time.time()
    with showcase.served(arguments.data_dir.resolve()) as url:
        results = measure(url, facts, arguments.runs, arguments.requests)
    home = results["pages"].get("home")
    if home:
        sizes = home["bytes"]
        print(
            f"home page bytes: HTML {sizes['html_transfer']:,} sent ({sizes['html_resource']:,} written), "
            f"JavaScript {sizes['js_transfer']:,} sent ({sizes['js_resource']:,} written)"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"lighthouse-{time.strftime('%Y%m%d-%H%M%S', time.gmtime(started))}.json"
    settings = {"runs": arguments.runs, "requests": arguments.requests, "preset": "Lighthouse default (mobile)"}
    out.write_text(json.dumps({"settings": settings, **results}, indent=2) + "\n")
    print(f"results: {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
