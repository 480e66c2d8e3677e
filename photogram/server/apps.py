from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "photogram.server"
    label = "server"
    verbose_name = "Instance"
