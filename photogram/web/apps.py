from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "photogram.web"
    label = "web"
    verbose_name = "Web interface"
