"""`manage.py expire_stories`: what the periodic task does, for a cron job or by hand."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from photogram.stories.services import files


class Command(BaseCommand):
    help = "Delete the files of expired stories (unless highlighted) and, on embedded, their rows."

    def handle(self, *args: Any, **options: Any) -> None:
        released = files.expire_stories()
        self.stdout.write(f"{released} expired stories cleaned up")
