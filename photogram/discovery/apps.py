from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "photogram.discovery"
    label = "discovery"
    verbose_name = "Discovery"
