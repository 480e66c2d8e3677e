"""The `bin/replay-clients` command: replay apps' start-up calls against an instance and report each answer."""

from __future__ import annotations

import argparse
import json
import secrets

from devstack.clients.replay import Outcome, register_account, replay
from devstack.clients.scenarios import CLIENTS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="bin/replay-clients",
        description="Replay the start-up calls of real Mastodon apps against an instance and check the answers. "
        "Exits 1 when a call an app cannot do without fails.",
    )
    parser.add_argument("url", help="the instance, e.g. http://127.0.0.1:8000")
    parser.add_argument("--token", help="an access token (read write follow push); without it, an account is opened")
    parser.add_argument("--client", action="append", choices=sorted(CLIENTS), help="replay only these (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    options = parser.parse_args(argv)

    token = options.token or register_account(options.url, f"replay{secrets.token_hex(4)}", secrets.token_urlsafe(16))
    outcomes: list[Outcome] = []
    for name in options.client or list(CLIENTS):
        outcomes += replay(name, CLIENTS[name], options.url, token)

    if options.json:
        print(json.dumps([_as_dict(outcome) for outcome in outcomes], indent=2))
    else:
        current = ""
        for outcome in outcomes:
            if outcome.client != current:
                current = outcome.client
                print(current)
            print(outcome.line())
    blocking = [outcome for outcome in outcomes if not outcome.ok and not outcome.call.tolerated]
    return 1 if blocking else 0


def _as_dict(outcome: Outcome) -> dict[str, object]:
    call = outcome.call
    return {
        "client": outcome.client,
        "call": call.name,
        "method": call.method,
        "path": call.shown,
        "feature": call.feature,
        "status": outcome.status,
        "ok": outcome.ok,
        "problems": list(outcome.problems),
        "not_sent": outcome.not_sent,
        "tolerated": call.tolerated,
        "source": call.source,
    }
