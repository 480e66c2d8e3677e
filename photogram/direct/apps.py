from django.apps import AppConfig

from photogram.stories.signals import story_reply_sent


class DirectConfig(AppConfig):
    name = "photogram.direct"
    label = "direct"
    verbose_name = "Direct messages"

    def ready(self) -> None:
        # Services import models, which can only be imported once the app registry is ready.
        from photogram.direct.services.story_replies import deliver  # noqa: PLC0415

        story_reply_sent.connect(deliver, dispatch_uid="direct.story_reply")
