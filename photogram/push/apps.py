from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "photogram.push"
    label = "push"
    verbose_name = "Web Push"
