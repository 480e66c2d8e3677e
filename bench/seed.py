"""Load a benchmark community into a benchmark database (the command is bench/seeding/command.py).

    python -m bench.seed [--users N] [--follows N] [--posts N] [--seed S] [--feed-length N] [--reset] ...

Settings come from DJANGO_SETTINGS_MODULE (Photogram's own by default) and the PHOTOGRAM_* variables, as for
manage.py; `--help` lists every option.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
    import django

    django.setup()
    from bench.seeding.command import Command

    # run_from_argv names the program after its first two words and turns a CommandError into exit status 1.
    Command().run_from_argv(["python -m", "bench.seed", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
