from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "photogram.feeds"
    label = "feeds"
    verbose_name = "Home feeds"
