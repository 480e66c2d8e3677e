from django.apps import AppConfig


class StreamingConfig(AppConfig):
    name = "photogram.streaming"
    label = "streaming"
    verbose_name = "Streaming API"

    def ready(self) -> None:
        # Signals import models, which can only be imported once the app registry is ready.
        from photogram.streaming import signals  # noqa: PLC0415

        signals.connect()
