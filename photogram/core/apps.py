from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "photogram.core"
    label = "core"
    verbose_name = "Photogram core"
