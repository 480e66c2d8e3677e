from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "photogram.notifications"
    label = "notifications"
    verbose_name = "Notifications"
