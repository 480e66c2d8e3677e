"""Unread counts forgotten when a block or mute changes whose notifications one is shown.

The counts are kept until one's inbox changes (services/unread.py); a block or mute changes what is counted
without touching the inbox, and a count of a blocked account's notifications must not outlive the block.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from photogram.accounts.models import Block, Mute
from photogram.notifications.services import unread


def _block_changed(instance: Block, **_: Any) -> None:
    blocker, blocked = instance.blocker_id, instance.blocked_id

    def forget_both() -> None:
        unread.forget(blocker)
        unread.forget(blocked)

    transaction.on_commit(forget_both)


def _mute_changed(instance: Mute, **_: Any) -> None:
    muter = instance.muter_id
    transaction.on_commit(lambda: unread.forget(muter))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_block_changed, sender=Block, dispatch_uid="notifications.unread.block")
        signal.connect(_mute_changed, sender=Mute, dispatch_uid="notifications.unread.mute")
