from django.apps import AppConfig


class OAuthConfig(AppConfig):
    name = "photogram.oauth"
    label = "photogram_oauth"
    verbose_name = "OAuth applications"
