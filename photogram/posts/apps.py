from django.apps import AppConfig

from photogram.accounts.signals import account_blocked, account_deleting
from photogram.media.signals import media_changed


class PostsConfig(AppConfig):
    name = "photogram.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        # Services import models, which can only be imported once the app registry is ready.
        from photogram.posts.services.interactions import forget_across_block, release_account  # noqa: PLC0415
        from photogram.posts.services.revisions import move_on_from_account, move_on_from_media  # noqa: PLC0415

        account_deleting.connect(release_account, dispatch_uid="posts.release_account")
        account_blocked.connect(forget_across_block, dispatch_uid="posts.forget_across_block")
        media_changed.connect(move_on_from_media, dispatch_uid="posts.move_on_from_media")
        account_deleting.connect(move_on_from_account, dispatch_uid="posts.move_on_from_account")
