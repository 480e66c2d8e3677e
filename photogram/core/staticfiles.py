"""Static files under names that change with their content, so browsers may keep them for a year, each with
a gzip copy beside it for the clients that take one (photogram/core/static_serving.py sends it)."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

# Text compresses; images and fonts are compressed already.
COMPRESSIBLE = frozenset({".js", ".css", ".svg", ".json", ".txt", ".map", ".webmanifest"})


class HashedStaticFilesStorage(ManifestStaticFilesStorage):
    """Django's manifest storage (`app.3f2a9c1b.css`), lenient where nothing was collected yet.

    `collectstatic` (run by `make run`) writes the manifest, and every `{% static %}` name is then the hashed
    one, which is answered with a year-long cache lifetime. Where it never ran (the test suite, a shell),
    a name is given as it is instead of failing the page.
    """

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return str(super().stored_name(name))
        except ValueError:  # neither in the manifest nor collected: nothing to hash
            return name

    def post_process(self, paths: dict[str, Any], dry_run: bool = False, **options: Any) -> Iterator[Any]:
        """Hash the names as Django does, then write `name.gz` beside every collected text file it helps."""
        yield from super().post_process(paths, dry_run, **options)
        if dry_run:
            return
        for root, _, files in os.walk(self.location):
            for name in files:
                path = Path(root) / name
                if path.suffix in COMPRESSIBLE:
                    _write_compressed(path)


def _write_compressed(path: Path) -> None:
    data = path.read_bytes()
    packed = gzip.compress(data, compresslevel=9, mtime=0)  # mtime 0: the same bytes on every collect
    if len(packed) < len(data):
        path.with_name(path.name + ".gz").write_bytes(packed)
