import logging
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connections

from photogram.feeds.services import outbox

logger = logging.getLogger("photogram.feeds.outbox")

MAX_BACKOFF = 5.0
CLEANUP_EVERY = 3600.0


class Command(BaseCommand):
    help = "Send committed outbox rows to RabbitMQ (full profile), until stopped; keep them while it is down."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="send what is pending, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.stdout.write(f"{outbox.relay_pending()} sent")
            return
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        poll = settings.OUTBOX_POLL_INTERVAL
        backoff = poll
        cleaned_at = 0.0
        self.stdout.write("outbox relay started")
        self.stdout.flush()
        while not stopping:
            try:
                sent = outbox.relay_pending()
            except DatabaseError as error:
                logger.warning("outbox relay: the database failed (%s); retrying in %.1f s", error, backoff)
                connections.close_all()
            except Exception as error:
                logger.warning("outbox relay: the broker refused (%s); retrying in %.1f s", error, backoff)
            else:
                backoff = poll
                if time.monotonic() - cleaned_at > CLEANUP_EVERY:
                    outbox.delete_sent()
                    cleaned_at = time.monotonic()
                if not sent:
                    time.sleep(poll)
                continue
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
