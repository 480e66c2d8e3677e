"""The rules (`rules`) for fan-out: the followers whose home feeds may be written an author's posts."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from photogram.accounts.models import Block, Follow, Mute


def receiving_follows(author_id: int) -> QuerySet[Follow]:
    """Return the follows of `author_id` whose follower's feed gets the author's posts (rules.fanned_out_to).

    Left out: suspended or deactivated followers, those who mute the author, and either side of a block
    (which also ends the follow, so a stale row is all it guards against).
    """
    follower = OuterRef("follower_id")
    # Two NOT EXISTS rather than one with an OR: each is an anti-join on the block index.
    return (
        Follow.objects.filter(followee_id=author_id, follower__suspended_at__isnull=True, follower__is_active=True)
        .exclude(Exists(Mute.objects.filter(muter_id=follower, muted_id=author_id)))
        .exclude(Exists(Block.objects.filter(blocker_id=follower, blocked_id=author_id)))
        .exclude(Exists(Block.objects.filter(blocker_id=author_id, blocked_id=follower)))
    )
