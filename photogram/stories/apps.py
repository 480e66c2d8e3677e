from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "photogram.stories"
    label = "stories"
    verbose_name = "Stories"
