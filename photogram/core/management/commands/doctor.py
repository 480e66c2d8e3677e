from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from photogram.core.health.checks import run_checks


class Command(BaseCommand):
    help = "Check every backend this profile depends on and say what to do about any that fails."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"profile: {settings.PHOTOGRAM_PROFILE}")
        results = run_checks()
        width = max(len(result.name) for result in results)
        for result in results:
            style = self.style.SUCCESS if result.ok else self.style.ERROR
            state = "ok" if result.ok else "FAILING"
            self.stdout.write(
                f"  {result.name:<{width}}  {style(f'{state:<7}')}  {result.latency_ms:>8.2f} ms  {result.detail}"
            )
        failing = [result.name for result in results if not result.ok]
        if failing:
            raise CommandError(
                f"failing: {', '.join(failing)}. On the full profile `bin/services up` starts the local "
                "services and `bin/services status` shows them; `make run PROFILE=full` starts the workers."
            )
