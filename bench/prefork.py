"""Serve Photogram with granian workers forked from a parent that loaded Django first, optionally after
`gc.freeze()` (what Instagram did for its prefork uWSGI servers).

granian's command line loads the application inside each worker after it starts, and has neither a preload
option nor a pre-fork hook: a `gc.freeze()` in its parent would freeze nothing of Django's. Its Python API
takes a target loader, though. Here the parent imports the app, closes the database connection the import
opened, optionally disables the collector and freezes every object it made, and hands granian a loader that
returns the loaded app; workers are forked (multiprocessing's default on Linux), so they share the parent's
pages copy-on-write, and the collector, re-enabled in each worker, never walks (so never writes to) the
frozen objects. `bench/servers.py` compares this with the command line's way on memory and throughput.

The app is built here, not imported from `photogram.wsgi`: that module settles the collector as it loads
(`photogram.core.gc_tuning`), which would freeze the parent without `--freeze` too; with it, this calls
the same `settle_for_serving()` before forking.

    python -m bench.prefork --port 8000 --workers 2 [--freeze]
"""

from __future__ import annotations

import argparse
import gc
import os
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--freeze", action="store_true", help="settle the collector (gc.freeze() and all) before forking"
    )
    arguments = parser.parse_args()
    if arguments.freeze:
        # No collection between here and the fork: one would compact the generations and dirty pages.
        gc.disable()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    from photogram.core.gc_tuning import settle_for_serving
    from photogram.core.startup import refuse_unmigrated_database

    refuse_unmigrated_database()  # and closes the connection it opened, so none crosses the fork
    if arguments.freeze:
        settle_for_serving()

    def loader(*_: Any, **__: Any) -> Any:
        gc.enable()
        return application

    from granian import Granian
    from granian.constants import Interfaces

    Granian(
        "photogram.wsgi:application",
        address=arguments.host,
        port=arguments.port,
        interface=Interfaces.WSGI,
        workers=arguments.workers,
        blocking_threads=4,
        backlog=1024,
        log_access=False,
    ).serve(target_loader=loader)


if __name__ == "__main__":
    main()
