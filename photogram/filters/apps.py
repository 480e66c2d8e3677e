from django.apps import AppConfig


class FiltersConfig(AppConfig):
    name = "photogram.filters"
    label = "filters"
    verbose_name = "Filters"
