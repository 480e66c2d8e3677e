from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from photogram.rpc import server


class Command(BaseCommand):
    help = "Serve the Thrift FeedService (full profile): home feed reads, writes and rebuilds."

    def add_arguments(self, parser: CommandParser) -> None:
        options = settings.FEED_SERVICE["default"]["OPTIONS"]
        parser.add_argument("--host", default=options.get("host", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=options.get("port", 19090), help="0: any free port")
        parser.add_argument("--processes", type=int, default=settings.FEED_SERVICE_PROCESSES)

    def handle(self, *args: Any, **options: Any) -> None:
        listener = server.listen(options["host"], options["port"])
        host, port = listener.getsockname()
        # The first line tells a supervisor (or a test that asked for port 0) where the service listens.
        self.stdout.write(f"feed service listening on {host}:{port} ({options['processes']} processes)")
        self.stdout.flush()
        server.serve(listener, options["processes"])
