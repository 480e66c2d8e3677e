"""Media benchmark, four parts, each measured side by side in one run (medians, with min and max).

1. Pipelines. A photo-like 12-megapixel image (4000x3000: shapes with edges, grain and texture at every scale)
   as JPEG and as HEIC, to the rendition set (1080/640/320 wide and a 150 px thumbnail) in JPEG only, WebP only
   and both (the JPEG; the HEIC's full set only), with Photogram's encoder settings and with a cheaper preset
   of the same look. Per image: wall time, CPU time and the peak memory of the process doing it. Each
   pipeline runs in a fresh process, so peak memory is its own. Pipelines of one row do the same encodes.
     - photogram: photogram.media.processing.images.process_image (WebP encodes on threads)
     - photogram 1 thread: the same with every encode in the calling thread
     - naive: open at full size, resize every rendition from the full image, save each format
     - floor: decode at half size (draft), then only the encodes, one after another (no resizing, no colour work)
2. Throughput. One worker process per core, all started together, each processing the JPEG several times:
   images per second with every core busy, naive against Photogram. This is what a media queue's rate is.
3. Encoder settings. The same renditions of the JPEG encoded with other settings: time, bytes and SSIM
   against the unencoded rendition, to show what a faster setting costs in bytes or quality.
4. Upload to visible. On the full profile, a real web server (bin/serve) and a real Celery worker: the time from
   an upload's request until the post made with it shows in its author's profile listing, the way a Mastodon
   client does it (upload, poll the media until ready, post, read the profile). It needs `bin/services up`
   and uses a database, keyspace, data dir and queue names of its own (bench.harness.bench_environment).
Usage: python bench/media.py [--repeats 5] [--images 6] [--uploads 10] [--parts pipelines,throughput,encoders,visible]
       [--other-python var/simd/bin/python]  (part 1 also with another Pillow build, side by side)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WIDTHS = (1080, 640, 320)
THUMBNAIL = 150
# What each pipeline writes: the four sizes in one format or in both.
OUTPUT_SETS = {"JPEG set": ("jpeg",), "WebP set": ("webp",), "full set": ("webp", "jpeg")}
# EncoderSettings fields of each preset: Photogram's defaults, and a cheaper one that looks the same for more
# bytes (part 3: WebP method 0 needs quality 84 to match method 4's SSIM; JPEG's pixels are identical).
PRESETS: dict[str, dict[str, Any]] = {
    "default": {},
    "cheap": {"webp_quality": 84, "webp_method": 0, "jpeg_progressive": False},
}
# Part 4's full-profile instance: its own database, keyspace, data dir and queues (bench.harness's layout).
VISIBLE_DATABASE = "photogram_bench_media"
# Often enough to see a stage end within tens of ms, rarely enough not to take the CPU from the worker.
POLL_SECONDS = 0.05


def _save_options(file_format: str, encoders: Any) -> dict[str, Any]:
    """Pillow's save options for a format with Photogram's encoder settings `encoders` (an EncoderSettings)."""
    from photogram.media.processing.images import ENCODERS

    return {"format": ENCODERS[file_format].pillow_format, **encoders.options(file_format)}


def photo_like(size: tuple[int, int] = (4000, 3000), seed: int = 4) -> Any:
    """Shapes with edges over a sky gradient, blurred like a lens, with grain and mid-scale texture on top.

    Pure noise compresses like no photo; this has flat areas, edges and detail at every scale, so the encoders
    spend on it about what they spend on a photograph: 3.3 MB as a JPEG at quality 92, 3.1 MB as a HEIC at
    quality 60 (a phone's sizes for 12 megapixels), 170 KB as a 1080 px WebP.
    """
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    width, height = size
    sky = Image.linear_gradient("L").resize(size)
    image = Image.merge(
        "RGB", [sky.point(lambda v: 90 + v // 2), sky.point(lambda v: 120 + v // 3), sky.point(lambda v: 200 - v // 3)]
    )
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        radius = width * rng.uniform(0.005, 0.12)
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        if rng.random() < 0.5:
            draw.ellipse((x - radius, y - radius * rng.uniform(0.3, 1.5), x + radius, y + radius), fill=colour)
        else:
            points = [(x + rng.uniform(-radius, radius), y + rng.uniform(-radius, radius)) for _ in range(5)]
            draw.polygon(points, fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(2))
    grain = Image.merge("RGB", [Image.effect_noise(size, 10) for _ in range(3)])
    coarse = (width // 16, height // 16)
    texture = Image.merge(
        "RGB", [Image.effect_noise(coarse, 50).resize(size, Image.Resampling.BICUBIC) for _ in range(3)]
    )
    return ImageChops.add(image, Image.blend(grain, texture, 0.5), scale=1.0, offset=-128)


def make_sources(directory: Path) -> dict[str, Path]:
    """Write the photo-like image as a JPEG and a HEIC of about the sizes a phone makes."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    photo = photo_like()
    sources = {"12MP JPEG": directory / "source.jpg", "12MP HEIC": directory / "source.heic"}
    photo.save(sources["12MP JPEG"], quality=92)
    photo.save(sources["12MP HEIC"], quality=60)
    return sources


# Part 1: pipelines


def run_photogram(source: Path, work_dir: Path, formats: tuple[str, ...], encoders: Any) -> None:
    from photogram.media.processing.images import process_image

    process_image(source, work_dir, formats=formats, encoders=encoders)


def run_photogram_one_thread(source: Path, work_dir: Path, formats: tuple[str, ...], encoders: Any) -> None:
    from photogram.media.processing.images import process_image

    process_image(source, work_dir, formats=formats, encoders=encoders, encode_threads=0)


def run_naive(source: Path, work_dir: Path, formats: tuple[str, ...], encoders: Any) -> None:
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    options = {file_format: _save_options(file_format, encoders) for file_format in formats}
    with Image.open(source) as image:
        full = image.convert("RGB")
    for width in WIDTHS:
        resized = full.resize((width, round(full.height * width / full.width)), Image.Resampling.LANCZOS)
        for file_format in formats:
            resized.save(work_dir / f"{width}.{file_format}", **options[file_format])
    side = min(full.size)
    square = full.crop(
        ((full.width - side) // 2, (full.height - side) // 2, (full.width + side) // 2, (full.height + side) // 2)
    ).resize((THUMBNAIL, THUMBNAIL), Image.Resampling.LANCZOS)
    for file_format in formats:
        square.save(work_dir / f"thumbnail.{file_format}", **options[file_format])


def run_floor(source: Path, work_dir: Path, formats: tuple[str, ...], encoders: Any) -> tuple[float, float]:
    """Return the wall and CPU seconds of a reduced-size decode plus the encodes alone."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    options = {file_format: _save_options(file_format, encoders) for file_format in formats}
    wall, cpu = time.perf_counter(), time.process_time()
    with Image.open(source) as image:
        image.draft("RGB", (image.width // 2, image.height // 2))
        decoded: Image.Image = image.convert("RGB")
    decode_wall, decode_cpu = time.perf_counter() - wall, time.process_time() - cpu
    # Images already at each rendition's size, made outside the counted time.
    sized = [decoded.resize((w, round(decoded.height * w / decoded.width))) for w in WIDTHS]
    sized.append(decoded.resize((THUMBNAIL, THUMBNAIL)))
    wall, cpu = time.perf_counter(), time.process_time()
    for rendition in sized:
        for file_format in formats:
            rendition.save(io.BytesIO(), **options[file_format])
    return decode_wall + time.perf_counter() - wall, decode_cpu + time.process_time() - cpu


Pipeline = Callable[[Path, Path, tuple[str, ...], Any], tuple[float, float] | None]
PIPELINES: dict[str, Pipeline] = {
    "photogram": run_photogram,
    "photogram 1 thread": run_photogram_one_thread,
    "naive": run_naive,
    "floor": run_floor,
}


def cases() -> list[tuple[str, str, str]]:
    """Return the (image, output set, preset) rows of part 1: every set and preset for the JPEG, and the HEIC's
    full set only (its decode is most of its time whatever the set)."""
    jpeg = [("12MP JPEG", output_set, preset) for output_set in OUTPUT_SETS for preset in PRESETS]
    return [*jpeg, ("12MP HEIC", "full set", "default")]


def _pipelines_for(output_set: str) -> list[str]:
    """Every pipeline, but one thread where the set has no encode that threads (JPEG's holds the GIL)."""
    return [name for name in PIPELINES if name != "photogram 1 thread" or "webp" in OUTPUT_SETS[output_set]]


def child(pipeline: str, source: Path, *, repeats: int, output_set: str, preset: str, wait: bool) -> None:
    """Run one pipeline once untimed (imports, first-use set-up), then `repeats` times; print the figures as JSON.

    With `wait`, print "ready" after the untimed run and start the timed ones at the next line on stdin, so
    that several of these processes start together (the throughput part).
    """
    from photogram.media.processing.types import EncoderSettings

    formats, encoders = OUTPUT_SETS[output_set], EncoderSettings(**PRESETS[preset])
    walls, cpus = [], []
    for repeat in range(repeats + 1):
        if repeat == 1:
            if wait:
                print("ready", flush=True)
                sys.stdin.readline()
            started = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
        with tempfile.TemporaryDirectory() as scratch:
            wall, cpu = time.perf_counter(), time.process_time()
            counted = PIPELINES[pipeline](source, Path(scratch), formats, encoders)
            elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
            if repeat:
                walls.append((counted or elapsed)[0])
                cpus.append((counted or elapsed)[1])
    ended = time.monotonic()
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024
    print(json.dumps({"walls": walls, "cpus": cpus, "peak_mb": peak_mb, "started": started, "ended": ended}))


def _child_argv(python: str, pipeline: str, source: Path, *, repeats: int, output_set: str, preset: str) -> list[str]:
    return [python, __file__, "--repeats", str(repeats), "--child", pipeline, str(source), output_set, preset]


def _pillow(python: str) -> str:
    code = (
        "import PIL; from importlib.metadata import packages_distributions as d; print(d()['PIL'][0], PIL.__version__)"
    )
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def _load() -> str:
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def pipelines(sources: dict[str, Path], repeats: int, other_python: str | None) -> None:
    """Run every pipeline in rounds, one process each per round, so a change in the machine's load hits all alike."""
    pythons = {"": sys.executable}
    if other_python:
        pythons[f" ({_pillow(other_python)})"] = other_python
    rows = cases()
    print(f"pipelines, {repeats} rounds; at the start: {_load()}")
    figures: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for _ in range(repeats):
        for label, output_set, preset in rows:
            for suffix, python in pythons.items():
                for pipeline in _pipelines_for(output_set):
                    argv = _child_argv(
                        python, pipeline, sources[label], repeats=1, output_set=output_set, preset=preset
                    )
                    output = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=REPO).stdout
                    measured = json.loads(output.strip().splitlines()[-1])
                    key = (label, output_set, preset, pipeline + suffix)
                    figure = figures.setdefault(key, {"walls": [], "cpus": [], "peak_mb": 0.0})
                    figure["walls"] += measured["walls"]
                    figure["cpus"] += measured["cpus"]
                    figure["peak_mb"] = max(figure["peak_mb"], measured["peak_mb"])
    print(
        f"{'image':<10} {'set':<9} {'encoders':<8} {'pipeline':<40} {'median ms':>9} {'min':>6} {'max':>6} "
        f"{'cpu ms':>7} {'peak MB':>8} {'naive/this':>10} {'cpu naive/this':>14} {'this/floor':>10} "
        f"{'cpu this/floor':>14}"
    )
    for (label, output_set, preset, pipeline), figure in figures.items():
        naive, floor = figures[(label, output_set, preset, "naive")], figures[(label, output_set, preset, "floor")]
        median, cpu = statistics.median(figure["walls"]), statistics.median(figure["cpus"])
        print(
            f"{label:<10} {output_set:<9} {preset:<8} {pipeline:<40} {median * 1000:>9.0f} "
            f"{min(figure['walls']) * 1000:>6.0f} {max(figure['walls']) * 1000:>6.0f} {cpu * 1000:>7.0f} "
            f"{figure['peak_mb']:>8.0f} {statistics.median(naive['walls']) / median:>10.2f} "
            f"{statistics.median(naive['cpus']) / cpu:>14.2f} {median / statistics.median(floor['walls']):>10.2f} "
            f"{cpu / statistics.median(floor['cpus']):>14.2f}"
        )
    print(
        "(ratios against the stock naive pipeline and floor making the same set with the same encoders; CPU time "
        f"counts every thread of the process; at the end: {_load()})"
    )


# Part 2: throughput


def _saturated(pipeline: str, source: Path, *, images: int, output_set: str, preset: str, workers: int) -> float:
    """Return the images per second of `workers` processes that each process `images` images, all at once."""
    argv = _child_argv(sys.executable, pipeline, source, repeats=images, output_set=output_set, preset=preset)
    processes = [
        subprocess.Popen([*argv, "--wait"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
        for _ in range(workers)
    ]
    for process in processes:
        if process.stdout is None or process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"a {pipeline} worker did not start")
    for process in processes:
        if process.stdin is not None:
            process.stdin.write("go\n")
            process.stdin.flush()
    measured = []
    for process in processes:
        output, _ = process.communicate()
        if process.returncode:
            raise RuntimeError(f"a {pipeline} worker failed ({process.returncode})")
        measured.append(json.loads(output.strip().splitlines()[-1]))
    # From the first start to the last end: a worker that finishes early leaves its core idle, and that counts.
    return float(workers * images / (max(m["ended"] for m in measured) - min(m["started"] for m in measured)))


def throughput(source: Path, repeats: int, images: int) -> None:
    """Images per second with one worker process per core, every core busy: what bounds a media queue's rate."""
    workers = os.cpu_count() or 1
    rows = [(output_set, "default") for output_set in OUTPUT_SETS] + [("full set", "cheap")]
    print(f"throughput, {workers} worker processes, {images} images each, {repeats} rounds; at the start: {_load()}")
    rates: dict[tuple[str, str, str], list[float]] = {}
    for _ in range(repeats):
        for output_set, preset in rows:
            for pipeline in ("naive", "photogram"):
                rate = _saturated(
                    pipeline, source, images=images, output_set=output_set, preset=preset, workers=workers
                )
                rates.setdefault((output_set, preset, pipeline), []).append(rate)
    print(f"{'set':<9} {'encoders':<8} {'pipeline':<10} {'images/s':>8} {'min':>6} {'max':>6} {'this/naive':>10}")
    for (output_set, preset, pipeline), values in rates.items():
        naive = statistics.median(rates[(output_set, preset, "naive")])
        print(
            f"{output_set:<9} {preset:<8} {pipeline:<10} {statistics.median(values):>8.2f} {min(values):>6.2f} "
            f"{max(values):>6.2f} {statistics.median(values) / naive:>10.2f}"
        )
    print(f"(at the end: {_load()})")


# Part 3: encoder settings


def _encoder_rows() -> dict[str, dict[str, Any]]:
    """Pillow's save options for each row: Photogram's defaults, the cheap preset, and other settings."""
    from photogram.media.processing.types import EncoderSettings

    default, cheap = EncoderSettings(), EncoderSettings(**PRESETS["cheap"])
    return {
        f"webp q{default.webp_quality} method {default.webp_method} (default)": _save_options("webp", default),
        "webp q82 method 2": {"format": "WEBP", "quality": 82, "method": 2},
        "webp q82 method 0": {"format": "WEBP", "quality": 82, "method": 0},
        "webp q84 method 2": {"format": "WEBP", "quality": 84, "method": 2},
        "webp q85 method 2": {"format": "WEBP", "quality": 85, "method": 2},
        f"webp q{cheap.webp_quality} method {cheap.webp_method} (cheap)": _save_options("webp", cheap),
        "webp q85 method 0": {"format": "WEBP", "quality": 85, "method": 0},
        f"jpeg q{default.jpeg_quality} progressive (default)": _save_options("jpeg", default),
        f"jpeg q{cheap.jpeg_quality} optimized baseline (cheap)": _save_options("jpeg", cheap),
        "jpeg q85 baseline": {"format": "JPEG", "quality": 85},
    }


def _ssim(reference: Any, candidate: Any) -> float:
    """Mean SSIM of the luma over 8x8 windows (the usual constants), enough to rank encoder settings."""
    import numpy as np

    def luma(image: Any) -> Any:
        rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
        return rgb @ np.array([0.299, 0.587, 0.114])

    def windowed(plane: Any, side: int = 8) -> Any:
        summed = np.pad(plane.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
        return (summed[side:, side:] - summed[:-side, side:] - summed[side:, :-side] + summed[:-side, :-side]) / (
            side * side
        )

    a, b = luma(reference), luma(candidate)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mean_a, mean_b = windowed(a), windowed(b)
    var_a, var_b = windowed(a * a) - mean_a**2, windowed(b * b) - mean_b**2
    covariance = windowed(a * b) - mean_a * mean_b
    ssim = ((2 * mean_a * mean_b + c1) * (2 * covariance + c2)) / ((mean_a**2 + mean_b**2 + c1) * (var_a + var_b + c2))
    return float(ssim.mean())


def encoder_settings(source: Path, repeats: int) -> None:
    from PIL import Image

    with Image.open(source) as image:
        image.draft("RGB", (image.width // 2, image.height // 2))
        current = image.convert("RGB")
    renditions = []
    for width in WIDTHS:
        current = current.resize((width, round(current.height * width / current.width)), Image.Resampling.LANCZOS)
        renditions.append(current)
    side = min(current.size)
    renditions.append(current.resize((THUMBNAIL, THUMBNAIL), Image.Resampling.LANCZOS, box=(0, 0, side, side)))
    print(
        f"{'setting (1080/640/320/150 set)':<34} {'median ms':>9} {'KB':>7} {'bytes vs default':>16} {'SSIM 1080':>9}"
    )
    default: dict[str, int] = {}
    for label, options in _encoder_rows().items():
        walls, encoded = [], []
        for _ in range(repeats):
            buffers = [io.BytesIO() for _ in renditions]
            wall = time.perf_counter()
            for rendition, buffer in zip(renditions, buffers, strict=True):
                rendition.save(buffer, **options)
            walls.append(time.perf_counter() - wall)
            encoded = [buffer.getvalue() for buffer in buffers]
        size = sum(len(data) for data in encoded)
        if "(default)" in label:
            default[options["format"]] = size
        with Image.open(io.BytesIO(encoded[0])) as decoded:
            ssim = _ssim(renditions[0], decoded)
        print(
            f"{label:<34} {statistics.median(walls) * 1000:>9.1f} {size / 1024:>7.0f} "
            f"{size / default[options['format']] - 1:>+16.1%} {ssim:>9.4f}"
        )


# Part 4: upload to visible in the author's profile


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _process(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server in its own process group, its output in `log`, and stop the group afterwards."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            argv, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        from bench.harness import _stop

        _stop(process)


def _prepare_instance(env: dict[str, str]) -> None:
    """Create the benchmark's database if it is missing, and bring both schemas up to date."""
    import psycopg

    subprocess.run([str(REPO / "bin" / "services"), "up"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    database = env["PHOTOGRAM_POSTGRES_DB"]
    port = int(env.get("PHOTOGRAM_POSTGRES_PORT", "54329"))
    with psycopg.connect(host="127.0.0.1", port=port, user="photogram", dbname="postgres", autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone() is None:
            db.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(database)))
    python = str(REPO / ".venv" / "bin" / "python")
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["cassandra_migrate"]):
        subprocess.run([python, "manage.py", *command], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def _wait_until(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"{what} did not happen within {timeout:g} s")


def _round_trip(http: Any, base: str, photo: Path, deferred: bool) -> dict[str, float]:
    """Upload, wait until ready, post, wait until the post is listed; return each stage's seconds.

    Each round is a new account's, so the rate limit (300 calls per 5 minutes per account) stays far away.
    """
    from photogram.media.models import MediaAttachment
    from tests.support.api import make_token, make_user

    author = make_user(f"bench{time.time_ns()}", with_password=False)
    http.headers["Authorization"] = f"Bearer {make_token(author)}"

    upload = {"file": (photo.name, photo.read_bytes(), "image/heic" if photo.suffix == ".heic" else "image/jpeg")}
    start = time.perf_counter()
    answer = http.post(f"{base}/api/v2/media", files=upload, timeout=60)
    if answer.status_code not in {200, 202}:
        raise RuntimeError(f"upload answered {answer.status_code}: {answer.text}")
    media_id = answer.json()["id"]
    uploaded = time.perf_counter()

    def ready() -> bool:
        answer = http.get(f"{base}/api/v1/media/{media_id}", timeout=10)
        if answer.status_code not in {200, 206}:
            raise RuntimeError(f"the media answered {answer.status_code}: {answer.text}")
        return bool(answer.status_code == 200)

    _wait_until(ready, 60, "processing")
    processed = time.perf_counter()
    posted = http.post(f"{base}/api/v1/statuses", json={"status": "bench", "media_ids": [media_id]}, timeout=10)
    if posted.status_code != 200:
        raise RuntimeError(f"posting answered {posted.status_code}: {posted.text}")
    status_id = posted.json()["id"]
    published = time.perf_counter()

    def listed() -> bool:
        listing = http.get(f"{base}/api/v1/accounts/{author.pk}/statuses", params={"limit": 5}, timeout=10)
        return any(status["id"] == status_id for status in listing.json())

    _wait_until(listed, 60, "the post showing in the profile")
    shown = time.perf_counter()

    def avif_made() -> bool:
        return "avif" in MediaAttachment.objects.get(pk=media_id).renditions.get("thumbnail", {})

    if deferred:
        _wait_until(avif_made, 120, "the deferred formats")
    return {
        "upload request (202 answered)": uploaded - start,
        "upload answered -> media ready (polled)": processed - uploaded,
        "post request": published - processed,
        "post made -> shown in the profile": shown - published,
        "UPLOAD ANSWERED -> VISIBLE IN PROFILE": shown - uploaded,
        "upload request -> visible in profile": shown - start,
        **({"visible -> AVIF renditions added (deferred)": time.perf_counter() - shown} if deferred else {}),
    }


def visible(sources: dict[str, Path], uploads: int) -> None:
    from bench.harness import bench_environment

    env = {**os.environ, **bench_environment(VISIBLE_DATABASE)}
    os.environ.update(env)
    _prepare_instance(env)
    import django
    import requests

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
    django.setup()
    from django.conf import settings

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve_env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": "0", "PHOTOGRAM_PUBLIC_URL": base}
    worker = [str(REPO / ".venv" / "bin" / "celery"), "-A", "photogram", "worker", "--loglevel=WARNING"]
    worker.append(f"--hostname=bench-media-{os.getpid()}@%h")
    rounds: dict[str, list[dict[str, float]]] = {label: [] for label in sources}
    deferred = bool(settings.MEDIA_FORMATS["deferred"])
    logs = Path(env["PHOTOGRAM_DATA_DIR"])
    with (
        _process([str(REPO / "bin" / "serve")], serve_env, logs / "bench-web.log"),
        _process(worker, env, logs / "bench-worker.log"),
        requests.Session() as http,
    ):

        def listening() -> bool:
            try:
                return bool(http.get(f"{base}/api/v1/instance", timeout=10).status_code == 200)
            except requests.RequestException:
                return False

        _wait_until(listening, 60, "the web server listening")
        # A first round warms both processes up (imports, connections) and is not counted.
        _round_trip(http, base, next(iter(sources.values())), deferred)
        for _ in range(uploads):
            for label, source in sources.items():
                rounds[label].append(_round_trip(http, base, source, deferred))
    print(f"{'image':<10} {'stage (full profile)':<44} {'median ms':>9} {'min':>6} {'max':>6}")
    for label, measured in rounds.items():
        for stage in measured[0]:
            values = [figures[stage] for figures in measured]
            print(
                f"{label:<10} {stage:<44} {statistics.median(values) * 1000:>9.0f} {min(values) * 1000:>6.0f} "
                f"{max(values) * 1000:>6.0f}"
            )
    print(f"({uploads} uploads of each, one at a time; the client polls every {POLL_SECONDS * 1000:.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="rounds of parts 1 and 2, repetitions of part 3")
    parser.add_argument("--uploads", type=int, default=10)
    parser.add_argument("--images", type=int, default=6, help="images each worker processes per round (part 2)")
    parser.add_argument(
        "--parts", default="pipelines,throughput,encoders,visible", help="which parts to run, comma-separated"
    )
    parser.add_argument(
        "--other-python", help="also run the pipelines with this interpreter (a venv with another Pillow build)"
    )
    parser.add_argument("--child", nargs=4, metavar=("PIPELINE", "SOURCE", "SET", "PRESET"), help=argparse.SUPPRESS)
    parser.add_argument("--wait", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        pipeline, source, output_set, preset = arguments.child
        child(
            pipeline, Path(source), repeats=arguments.repeats, output_set=output_set, preset=preset, wait=arguments.wait
        )
        return 0
    parts = arguments.parts.split(",")
    with tempfile.TemporaryDirectory() as directory:
        sources = make_sources(Path(directory))
        if "pipelines" in parts:
            pipelines(sources, arguments.repeats, arguments.other_python)
        if "throughput" in parts:
            print()
            throughput(sources["12MP JPEG"], arguments.repeats, arguments.images)
        if "encoders" in parts:
            print()
            encoder_settings(sources["12MP JPEG"], arguments.repeats)
        # Last: it sets this process up as a full-profile Django instance.
        if "visible" in parts:
            print()
            visible(sources, arguments.uploads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
