"""A benchmark run's results: the table on the terminal, one JSON file, and PNG charts, under var/bench-results."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "var" / "bench-results"


def machine() -> dict[str, Any]:
    """Describe the machine the figures come from (and how busy it was when the run started)."""
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def commit() -> dict[str, Any]:
    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(git("status", "--porcelain", "--", "bench"))}


def ratios(summaries: dict[str, dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Return each target's throughput as a ratio to both ceilings and to its own naive baseline."""
    django = summaries.get("django-trivial", {}).get("median_rps")
    nginx = summaries.get("nginx-static", {}).get("median_rps")
    result: dict[str, dict[str, float | None]] = {}
    for name, summary in summaries.items():
        rps = summary["median_rps"]
        baseline = summaries.get(f"{name}-naive", {}).get("median_rps")
        result[name] = {
            "vs_django_trivial": rps / django if django else None,
            "vs_nginx_static": rps / nginx if nginx else None,
            "vs_naive": rps / baseline if baseline else None,
        }
    return result


def _ratio(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "-"


def table(summaries: dict[str, dict[str, Any]], relative: dict[str, dict[str, float | None]]) -> str:
    header = (
        f"{'target':<16} {'median req/s':>12} {'min':>8} {'max':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'÷ django':>9} {'÷ nginx':>8} {'÷ naive':>8}"
    )
    lines = [header, "-" * len(header)]
    for name, summary in summaries.items():
        ratio = relative[name]
        lines.append(
            f"{name:<16} {summary['median_rps']:>12.0f} {summary['min_rps']:>8.0f} {summary['max_rps']:>8.0f} "
            f"{summary['p50_ms']:>8.2f} {summary['p90_ms']:>8.2f} {summary['p99_ms']:>8.2f} "
            f"{summary['error_rate']:>7.1%} {_ratio(ratio['vs_django_trivial']):>9} "
            f"{_ratio(ratio['vs_nginx_static']):>8} {_ratio(ratio['vs_naive']):>8}"
        )
    return "\n".join(lines)


def charts(summaries: dict[str, dict[str, Any]], folder: Path, title: str) -> list[Path]:
    """Draw throughput (median, min-max whiskers) and latency percentiles per target."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(summaries)
    colours = {"ceiling": "#999999", "scenario": "#1f77b4", "baseline": "#ff7f0e"}
    figure, axis = plt.subplots(figsize=(9, 0.5 * len(names) + 1.5))
    medians = [summaries[name]["median_rps"] for name in names]
    whiskers = [
        [median - summaries[name]["min_rps"] for name, median in zip(names, medians, strict=True)],
        [summaries[name]["max_rps"] - median for name, median in zip(names, medians, strict=True)],
    ]
    axis.barh(names, medians, xerr=whiskers, color=[colours[summaries[name]["kind"]] for name in names])
    axis.invert_yaxis()
    axis.set_xscale("log")
    axis.set_xlabel("requests per second (median, min to max; log scale)")
    axis.set_title(f"Throughput: {title}")
    figure.tight_layout()
    throughput = folder / "throughput.png"
    figure.savefig(throughput, dpi=110)
    plt.close(figure)

    figure, axis = plt.subplots(figsize=(9, 0.6 * len(names) + 1.5))
    height = 0.25
    for offset, (key, label) in enumerate((("p50_ms", "p50"), ("p90_ms", "p90"), ("p99_ms", "p99"))):
        axis.barh(
            [index + (offset - 1) * height for index in range(len(names))],
            [summaries[name][key] for name in names],
            height=height,
            label=label,
        )
    axis.set_yticks(range(len(names)), names)
    axis.invert_yaxis()
    axis.set_xscale("log")
    axis.set_xlabel("latency, ms (median of runs; log scale)")
    axis.set_title(f"Latency percentiles: {title}")
    axis.legend()
    figure.tight_layout()
    latency = folder / "latency.png"
    figure.savefig(latency, dpi=110)
    plt.close(figure)
    return [throughput, latency]


def publish(
    targets: dict[str, Any], *, settings: dict[str, Any], seed: dict[str, Any], extra: dict[str, Any], started: float
) -> int:
    """Print and write the run's results; return the exit status (1 when any target answered errors)."""
    summaries = {name: target.summary() for name, target in targets.items()}
    relative = ratios(summaries)
    revision = commit()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(started))
    folder = RESULTS / f"{stamp}-{revision['commit']}"
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        **revision,
        "started_at": stamp,
        "seconds": round(time.time() - started, 1),
        "machine": machine(),
        "settings": settings,
        "seed": seed,
        **extra,
        "targets": summaries,
        "ratios": relative,
    }
    (folder / "results.json").write_text(json.dumps(document, indent=2))
    drawn = charts(summaries, folder, f"{settings['mode']} run, commit {revision['commit']}")
    print()
    print(table(summaries, relative))
    print(f"\nresults: {folder / 'results.json'}; charts: {', '.join(path.name for path in drawn)}")
    if extra.get("skipped"):
        print(f"not run (the API does not serve them yet): {', '.join(extra['skipped'])}")
    failing = {
        name: summary["error_rate"]
        for name, summary in summaries.items()
        if summary["errors"] or any(run["requests"] == 0 for run in summary["runs"])
    }
    if failing:
        listed = ", ".join(f"{name} {rate:.2%}" for name, rate in failing.items())
        print(f"\nFAILED: the server answered errors (or nothing at all), so these figures mean nothing: {listed}")
        return 1
    return 0
