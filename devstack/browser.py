"""The browser every page check drives: Debian's Chromium, and the two screens pages are made for.

Shared by tests/browser, bin/screenshots and bench/lighthouse, so all three look at a page the same way.
Playwright cannot download a browser here; it drives the `chromium` package (`bin/services tools test`).
"""

from __future__ import annotations

import os
import shutil
from typing import Any

CHROMIUM = "/usr/bin/chromium"

# Playwright's new_context() options for each screen: a laptop, and a phone of today (390x844 CSS pixels at
# 3 device pixels each, touch, a mobile viewport that honours <meta name="viewport">).
SCREENS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/156.0.0.0 Mobile Safari/537.36"
        ),
    },
}


def chromium() -> str:
    """Return the path of Debian's Chromium, or explain how to get it."""
    path = shutil.which("chromium") or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if path is None:
        raise RuntimeError("Chromium is not installed: `bin/services tools test` (or make test) installs it")
    return path


def launch_options() -> dict[str, Any]:
    """Playwright's launch() options: headless Debian Chromium, sandboxed unless we are root.

    Chromium refuses to start its sandbox as root (CI and these machines run as root); as anyone else it
    keeps it. Playwright already turns off Chromium's calls home (updates, sync, background networking),
    which a closed network would refuse.
    """
    return {
        "executable_path": chromium(),
        "headless": True,
        "chromium_sandbox": os.geteuid() != 0,
        "args": ["--disable-quic", "--disable-gpu"],
    }
