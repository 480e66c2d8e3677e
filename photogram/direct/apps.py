from django.apps import AppConfig


class DirectConfig(AppConfig):
    name = "photogram.direct"
    label = "direct"
    verbose_name = "Direct messages"
