from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "photogram.posts"
    label = "posts"
    verbose_name = "Posts"
