from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "photogram.api"
    label = "api"
    verbose_name = "Mastodon client API"

    def ready(self) -> None:
        # Serializers import models, which can only be imported once the app registry is ready.
        from photogram.api.serializers import emojis  # noqa: PLC0415

        emojis.forget_on_change()
