from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "photogram.media"
    label = "media"
    verbose_name = "Media"
