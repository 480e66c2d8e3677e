from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "photogram.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from photogram.notifications import signals  # noqa: PLC0415  (needs the apps loaded)

        signals.connect()
