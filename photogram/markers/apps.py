from django.apps import AppConfig


class MarkersConfig(AppConfig):
    name = "photogram.markers"
    label = "markers"
    verbose_name = "Reading positions"
