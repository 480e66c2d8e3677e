"""Media benchmark: Photogram's image pipeline against a naive Pillow pipeline and the floor, in one run.

For a 12-megapixel JPEG and a 12-megapixel HEIC it makes the full rendition set (1080/640/320 wide and a
150 px thumbnail, in WebP and JPEG) and reports per image the median wall time, CPU time and the peak
memory of the process doing it. Each pipeline runs in a fresh process so peak memory is its own.
  - photogram: photogram.media.processing.images.process_image
  - naive: open at full size, resize every rendition from the full image, save each format
  - floor: decode at reduced size (draft), then only the encodes (no resizing, no colour work)
Usage: python bench/media.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WIDTHS = (1080, 640, 320)
FORMATS = ("webp", "jpeg")
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "webp": {"format": "WEBP", "quality": 82, "method": 4},
    "jpeg": {"format": "JPEG", "quality": 85},
}


def make_sources(directory: Path) -> dict[str, Path]:
    """Write a textured 4000x3000 JPEG and HEIC (random noise over gradients compresses like a photo)."""
    import pillow_heif
    from PIL import Image, ImageFilter

    pillow_heif.register_heif_opener()
    noise = Image.effect_noise((4000, 3000), 64).convert("RGB").filter(ImageFilter.GaussianBlur(1.2))
    gradient = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    photo = Image.blend(noise, gradient, 0.5)
    sources = {"12MP JPEG": directory / "source.jpg", "12MP HEIC": directory / "source.heic"}
    photo.save(sources["12MP JPEG"], quality=92)
    photo.save(sources["12MP HEIC"], quality=80)
    return sources


def run_photogram(source: Path, work_dir: Path) -> None:
    from photogram.media.processing.images import process_image

    process_image(source, work_dir, formats=FORMATS)


def run_naive(source: Path, work_dir: Path) -> None:
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    with Image.open(source) as image:
        full = image.convert("RGB")
    for width in WIDTHS:
        resized = full.resize((width, round(full.height * width / full.width)), Image.Resampling.LANCZOS)
        for file_format in FORMATS:
            resized.save(work_dir / f"{width}.{file_format}", **SAVE_OPTIONS[file_format])
    side = min(full.size)
    square = full.crop(
        ((full.width - side) // 2, (full.height - side) // 2, (full.width + side) // 2, (full.height + side) // 2)
    ).resize((150, 150), Image.Resampling.LANCZOS)
    for file_format in FORMATS:
        square.save(work_dir / f"thumbnail.{file_format}", **SAVE_OPTIONS[file_format])


def run_floor(source: Path, work_dir: Path) -> tuple[float, float]:
    """Return the wall and CPU seconds of a reduced-size decode plus the encodes alone."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    wall, cpu = time.perf_counter(), time.process_time()
    with Image.open(source) as image:
        image.draft("RGB", (image.width // 2, image.height // 2))
        decoded: Image.Image = image.convert("RGB")
    decode_wall, decode_cpu = time.perf_counter() - wall, time.process_time() - cpu
    # Images already at each rendition's size, made outside the counted time.
    sized = [decoded.resize((w, round(decoded.height * w / decoded.width))) for w in WIDTHS]
    sized.append(decoded.resize((150, 150)))
    wall, cpu = time.perf_counter(), time.process_time()
    for rendition in sized:
        for file_format in FORMATS:
            rendition.save(io.BytesIO(), **SAVE_OPTIONS[file_format])
    return decode_wall + time.perf_counter() - wall, decode_cpu + time.process_time() - cpu


PIPELINES: dict[str, Callable[[Path, Path], tuple[float, float] | None]] = {
    "photogram": run_photogram,
    "naive": run_naive,
    "floor": run_floor,
}


def child(pipeline: str, source: Path, repeats: int) -> None:
    """Run one pipeline `repeats` times in this process and print wall, CPU and peak memory as JSON."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
    walls, cpus = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as scratch:
            wall, cpu = time.perf_counter(), time.process_time()
            counted = PIPELINES[pipeline](source, Path(scratch))
            elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
            walls.append((counted or elapsed)[0])
            cpus.append((counted or elapsed)[1])
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024
    print(json.dumps({"walls": walls, "cpus": cpus, "peak_mb": peak_mb}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("PIPELINE", "SOURCE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child[0], Path(arguments.child[1]), arguments.repeats)
        return 0
    with tempfile.TemporaryDirectory() as directory:
        sources = make_sources(Path(directory))
        print(
            f"{'image':<10} {'pipeline':<10} {'median ms':>9} {'min':>7} {'max':>7} {'cpu ms':>7} "
            f"{'peak MB':>8} {'naive/this':>10}"
        )
        for label, source in sources.items():
            figures = {}
            for pipeline in PIPELINES:
                output = subprocess.run(
                    [sys.executable, __file__, "--repeats", str(arguments.repeats), "--child", pipeline, str(source)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=REPO,
                ).stdout
                figures[pipeline] = json.loads(output.strip().splitlines()[-1])
            naive = statistics.median(figures["naive"]["walls"])
            for pipeline, figure in figures.items():
                median = statistics.median(figure["walls"])
                print(
                    f"{label:<10} {pipeline:<10} {median * 1000:>9.0f} {min(figure['walls']) * 1000:>7.0f} "
                    f"{max(figure['walls']) * 1000:>7.0f} {statistics.median(figure['cpus']) * 1000:>7.0f} "
                    f"{figure['peak_mb']:>8.0f} {naive / median:>10.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
