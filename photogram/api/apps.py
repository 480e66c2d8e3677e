from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "photogram.api"
    label = "api"
    verbose_name = "Mastodon client API"
