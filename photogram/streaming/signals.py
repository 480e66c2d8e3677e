"""Changes that open streams must see at once, caught where every code path that makes them meets: the rows.

A follow, block or mute changes what a reader's stream admits; a filter changes what their client hides
(`filters_changed`); a revoked or deleted access token closes the streams opened with it, as Mastodon's
revocation does, and signing out closes those a web page opened with the session. Each is published after
the change commits.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from oauth2_provider.models import AccessToken

from photogram.accounts.models import Block, Follow, Mute
from photogram.filters.models import Filter, FilterKeyword, FilterStatus
from photogram.streaming.services import publish


def _follow_changed(instance: Follow, **_: Any) -> None:
    publish.relations_changed(instance.follower_id)


def _block_changed(instance: Block, **_: Any) -> None:
    publish.relations_changed(instance.blocker_id, instance.blocked_id)


def _mute_changed(instance: Mute, **_: Any) -> None:
    publish.relations_changed(instance.muter_id)


def _filter_changed(instance: Filter, **_: Any) -> None:
    publish.filters_changed(instance.owner_id)


def _filter_part_changed(instance: FilterKeyword | FilterStatus, **_: Any) -> None:
    owner_id = Filter.objects.filter(pk=instance.filter_id).values_list("owner_id", flat=True).first()
    if owner_id is not None:
        publish.filters_changed(owner_id)


def _token_deleted(instance: AccessToken, **_: Any) -> None:
    publish.token_revoked(instance.pk)


def _signed_out(request: HttpRequest, **_: Any) -> None:
    if request.session.session_key:
        publish.session_ended(request.session.session_key)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_follow_changed, sender=Follow, dispatch_uid="streaming.follow")
        signal.connect(_block_changed, sender=Block, dispatch_uid="streaming.block")
        signal.connect(_mute_changed, sender=Mute, dispatch_uid="streaming.mute")
        signal.connect(_filter_changed, sender=Filter, dispatch_uid="streaming.filter")
        signal.connect(_filter_part_changed, sender=FilterKeyword, dispatch_uid="streaming.filter_keyword")
        signal.connect(_filter_part_changed, sender=FilterStatus, dispatch_uid="streaming.filter_status")
    post_delete.connect(_token_deleted, sender=AccessToken, dispatch_uid="streaming.token")
    user_logged_out.connect(_signed_out, dispatch_uid="streaming.signed_out")
