"""What happens to a story's upload when the story ends (it expired, or its author took it down).

The upload and its files are deleted, unless a highlight keeps the story: then they stay as long as it does.
The periodic `expire_stories` task finds ended stories through their `StoryMedia` rows, on both profiles
(Cassandra's TTL forgets a story without telling anyone).
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from photogram.media.models import MediaAttachment
from photogram.stories.models import HighlightItem, StoryMedia
from photogram.stories.stores import story_stores

# Stories ended per transaction by one run of the expiry.
BATCH = 200


def kept_by_highlight(media_id: int) -> bool:
    """Return whether a highlight shows this upload (so it outlives its story)."""
    return HighlightItem.objects.filter(media_id=media_id).exists()


def delete_upload(media: MediaAttachment) -> None:
    """Delete an upload's row now and its files once the transaction commits (a rollback keeps them)."""
    paths = [entry["path"] for formats in media.renditions.values() for entry in formats.values()]
    original = media.original.name
    media.delete()

    def delete_files() -> None:
        for path in paths:
            default_storage.delete(path)
        if original:
            media.original.storage.delete(original)

    transaction.on_commit(delete_files)


def release(ledger: StoryMedia) -> None:
    """End a story's hold on its upload: delete the upload unless a highlight keeps it (in a transaction)."""
    media = MediaAttachment.objects.select_for_update().filter(pk=ledger.media_id).first()
    ledger.delete()
    if media is not None and not kept_by_highlight(media.pk):
        delete_upload(media)


def unhighlighted(media_id: int) -> None:
    """A highlight let go of an upload: delete it if its story has ended and no other highlight shows it."""
    if StoryMedia.objects.filter(media_id=media_id).exists() or kept_by_highlight(media_id):
        return
    media = MediaAttachment.objects.select_for_update().filter(pk=media_id).first()
    if media is not None:
        delete_upload(media)


def expire_stories(now: datetime | None = None) -> int:
    """Purge the store's expired rows (SQL) and release the uploads of stories that ended; return how many."""
    moment = now or timezone.now()
    story_stores.default.purge_expired(moment)
    released = 0
    while True:
        with transaction.atomic():
            ended = list(StoryMedia.objects.select_for_update().filter(expires_at__lte=moment)[:BATCH])
            for ledger in ended:
                release(ledger)
        released += len(ended)
        if len(ended) < BATCH:
            return released
