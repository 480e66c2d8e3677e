"""Running Django code in a fresh interpreter, for what only a new process shows (start-up, salted hashes)."""

from __future__ import annotations

import os
import subprocess
import sys

from photogram.config import REPO_ROOT


def run_django(code: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run `code` after django.setup() in a new interpreter with this environment plus `variables`."""
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "photogram.settings", **variables},
        capture_output=True,
        text=True,
        check=False,
    )
