from django.apps import AppConfig

from photogram.accounts.signals import account_deleting


class PostsConfig(AppConfig):
    name = "photogram.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        # Services import models, which can only be imported once the app registry is ready.
        from photogram.posts.services.interactions import release_account  # noqa: PLC0415

        account_deleting.connect(release_account, dispatch_uid="posts.release_account")
