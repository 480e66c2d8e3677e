from django.apps import AppConfig

from photogram.accounts.signals import account_blocked, account_deleting


class PostsConfig(AppConfig):
    name = "photogram.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        # Services import models, which can only be imported once the app registry is ready.
        from photogram.posts.services.interactions import forget_across_block, release_account  # noqa: PLC0415

        account_deleting.connect(release_account, dispatch_uid="posts.release_account")
        account_blocked.connect(forget_across_block, dispatch_uid="posts.forget_across_block")
