"""Programs Photogram runs besides its services, by the Debian package that provides them.

Grouped by who needs them: `run` is what the app itself calls on every profile (so `make run` installs it
even on the embedded profile, which starts no service), `test` adds what the test suite and the checks drive.
Python's image codecs need nothing from here: the Pillow and pillow-heif wheels carry their own libwebp,
libavif, libheif, libde265 and x265.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping

from devstack.common import apt_install

# Debian package -> the programs of it that Photogram calls.
Programs = Mapping[str, tuple[str, ...]]

RUN: Programs = {
    "ffmpeg": ("ffmpeg", "ffprobe"),  # video: probing uploads, H.264 renditions and posters
}
TEST: Programs = {
    **RUN,
    "thrift-compiler": ("thrift",),  # make thrift-check: the generated code matches the IDL
    "chromium": ("chromium",),  # tests/browser, bin/screenshots and bench/lighthouse
    "gettext": ("xgettext", "msgmerge", "msguniq"),  # makemessages: tests/web/test_translations.py
}
PURPOSES = {"run": RUN, "test": TEST}


def missing(packages: Programs) -> list[str]:
    """The packages of which some program is not on PATH."""
    return [package for package, programs in packages.items() if not all(map(shutil.which, programs))]


def install(purposes: Iterable[str]) -> None:
    """Install, in one apt-get run, every package the purposes need that is not there yet."""
    wanted: dict[str, tuple[str, ...]] = {}
    for purpose in purposes:
        wanted.update(PURPOSES[purpose])
    packages = missing(wanted)
    if packages:
        apt_install(packages)
