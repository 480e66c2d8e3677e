"""Publishing and deleting posts and comments, with their counts, in one transaction each."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from photogram.access.querysets import StatusNotFound, get_visible_status, visible_accounts
from photogram.accounts.models import User
from photogram.core import text
from photogram.core.counters.tracked import adjust
from photogram.feeds.services import fanout
from photogram.media.models import MediaAttachment
from photogram.media.services.processing import delete_renditions
from photogram.notifications.services import hooks as notify
from photogram.posts.models import Mention, Status, StatusMedia, StatusTag, Tag
from photogram.streaming.services import publish as streaming

MAX_TAG_LENGTH = 200


class PublishRefused(ValueError):
    """The post cannot be published as asked; the message says why (answered as 422)."""


def check_text(caption: str, spoiler_text: str, language: str, location: str) -> None:
    """Refuse a caption, content warning, language or place that breaks the limits (PublishRefused)."""
    max_caption = settings.CONTENT_LIMITS["max_caption_characters"]
    if len(caption) > max_caption:
        raise PublishRefused(f"The caption is too long (maximum is {max_caption} characters)")
    if len(spoiler_text) > 500:
        raise PublishRefused("The content warning is too long (maximum is 500 characters)")
    if len(language) > 16:
        raise PublishRefused("The language is not a language code")
    if len(location) > 200:
        raise PublishRefused("The location name is too long (maximum is 200 characters)")


def check_media(
    author: User, media_ids: Sequence[int], *, reply: bool, status: Status | None = None
) -> list[MediaAttachment]:
    """Return the uploads in carousel order, locked, or refuse them; `status`'s own media count as free."""
    limit = settings.CONTENT_LIMITS["max_media_attachments"]
    if len(media_ids) > limit:
        raise PublishRefused(f"A post can have at most {limit} photos or videos")
    if not media_ids and not reply:
        raise PublishRefused("A post needs at least one photo or video")
    if len(set(media_ids)) != len(media_ids):
        raise PublishRefused("The same media is attached more than once")
    # Locked until the transaction ends: two posts racing for the same upload cannot both take it.
    found = (
        MediaAttachment.objects.select_for_update(of=("self",))
        .filter(pk__in=media_ids, owner=author)
        .select_related("status_link")
        .in_bulk()
    )
    ordered = []
    for media_id in media_ids:
        media = found.get(media_id)
        if media is None:
            raise PublishRefused(f"Media {media_id} was not found")
        # No link for an upload a story took: attached, but to no post.
        link = getattr(media, "status_link", None)
        if media.attached_at is not None and (status is None or link is None or link.status_id != status.pk):
            raise PublishRefused(f"Media {media_id} is already attached to a post")
        if (reason := media.not_ready_reason()) is not None:
            raise PublishRefused(reason)
        ordered.append(media)
    return ordered


def publish(
    author: User,
    caption: str,
    media_ids: Sequence[int],
    *,
    visibility: str = Status.Visibility.PUBLIC,
    sensitive: bool = False,
    spoiler_text: str = "",
    language: str = "",
    in_reply_to_id: int | None = None,
    idempotency_key: str | None = None,
    comments_enabled: bool = True,
    location: str = "",
) -> Status:
    """Publish a post (or, with in_reply_to_id, a comment); raise PublishRefused or StatusNotFound."""
    with transaction.atomic():
        if idempotency_key:
            existing = Status.objects.filter(author=author, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        if visibility not in Status.Visibility.values:
            raise PublishRefused(f"Unknown visibility {visibility!r}")
        check_text(caption, spoiler_text, language, location)
        parent = None
        reply_account = None
        if in_reply_to_id is not None:
            answered = get_visible_status(author, in_reply_to_id)
            # Threaded one level: a reply to a comment goes under the post, still answering the comment's author.
            parent = answered.in_reply_to or answered
            reply_account = answered.author
            if not parent.comments_enabled:
                raise PublishRefused("Comments are turned off for this post")
        media = check_media(author, media_ids, reply=parent is not None)
        if not caption.strip() and not media:
            raise PublishRefused("A comment can't be blank")
        status = Status(
            author=author,
            caption=caption,
            visibility=visibility,
            sensitive=sensitive,
            spoiler_text=spoiler_text,
            language=language,
            in_reply_to=parent,
            in_reply_to_account=reply_account,
            comments_enabled=comments_enabled,
            location=location,
            idempotency_key=idempotency_key or None,
        )
        try:
            with transaction.atomic():
                status.save()
        except IntegrityError:
            # The same key, committed by a concurrent retry after our check above.
            return Status.objects.get(author=author, idempotency_key=idempotency_key)
        now = timezone.now()
        StatusMedia.objects.bulk_create(
            StatusMedia(status=status, media=item, position=position) for position, item in enumerate(media)
        )
        MediaAttachment.objects.filter(pk__in=[item.pk for item in media]).update(attached_at=now)
        link_mentions_and_tags(status)
        fanout.on_published(status)
        notify.published(status)
        if parent is None:
            adjust(User, author.pk, statuses_count=1)
        else:
            adjust(Status, parent.pk, replies_count=1)
    return status


def link_mentions_and_tags(status: Status, *, replacing: bool = False) -> None:
    """Link the accounts and hashtags the caption names (`replacing` the earlier links, for an edit)."""
    if replacing:
        Mention.objects.filter(status=status).delete()
        StatusTag.objects.filter(status=status).delete()
    names = text.mentions_in(status.caption)
    if names:
        accounts = visible_accounts(status.author).annotate(lower_name=Lower("username")).filter(lower_name__in=names)
        Mention.objects.bulk_create(Mention(status=status, account=account) for account in accounts)
    tags = [name for name in text.hashtags_in(status.caption) if len(name) <= MAX_TAG_LENGTH]
    if tags:
        Tag.objects.bulk_create([Tag(name=name) for name in tags], ignore_conflicts=True)
        StatusTag.objects.bulk_create(StatusTag(status=status, tag=tag) for tag in Tag.objects.filter(name__in=tags))


class DeleteRefused(PermissionError):
    """The actor may not delete this post or comment."""


def may_delete(actor: User, status: Status) -> bool:
    """Return whether `actor` may delete `status`: their own, or any comment under their post."""
    if status.author_id == actor.pk:
        return True
    return status.in_reply_to is not None and status.in_reply_to.author_id == actor.pk


def delete(actor: User, status: Status) -> None:
    """Delete a post with its comments (or one comment), its media and their files; fix the counts."""
    if not may_delete(actor, status):
        raise DeleteRefused(status.pk)
    with transaction.atomic():
        locked = Status.objects.select_for_update().filter(pk=status.pk).first()
        if locked is None:
            raise StatusNotFound(status.pk)
        doomed = [locked.pk]
        if locked.in_reply_to_id is None:
            doomed += list(Status.objects.filter(in_reply_to_id=locked.pk).values_list("pk", flat=True))
        media = list(MediaAttachment.objects.filter(status_link__status_id__in=doomed).values_list("pk", flat=True))
        notify.deleting(doomed)
        if locked.visibility == Status.Visibility.PUBLIC and locked.in_reply_to_id is None:
            tags = Tag.objects.filter(status_links__status=locked).values_list("name", flat=True)
            streaming.post_deleted_publicly(locked.pk, list(tags))
        Status.objects.filter(pk__in=doomed).delete()  # cascades to links, mentions, tags, likes and saves
        fanout.on_deleted(locked)
        discard_media(MediaAttachment.objects.filter(pk__in=media))
        if locked.in_reply_to_id is None:
            adjust(User, locked.author_id, statuses_count=-1)
        else:
            adjust(Status, locked.in_reply_to_id, replies_count=-1)


def discard_media(uploads: QuerySet[MediaAttachment]) -> None:
    """Delete uploads in the current transaction, and their files once it commits."""
    doomed = list(uploads)
    MediaAttachment.objects.filter(pk__in=[item.pk for item in doomed]).delete()

    def remove_files() -> None:
        for item in doomed:
            delete_renditions(item)
            item.original.delete(save=False)

    transaction.on_commit(remove_files)
