from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "photogram.lists"
    label = "lists"
    verbose_name = "Lists"
