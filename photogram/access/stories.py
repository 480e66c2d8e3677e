"""The story rules (`rules.may_see_story`, `rules.in_story_tray`) over facts read for many authors at once.

A tray names hundreds of authors: `StoryFacts.load` reads what the rules need about all of them in five
queries, whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from photogram.access import rules
from photogram.accounts.models import Block, Follow, Mute, User
from photogram.stories.models import CloseFriend
from photogram.stories.stores import StoryRef

CLOSE_FRIENDS = "close_friends"


@dataclass
class StoryFacts:
    """What the story rules read about a set of authors, for one viewer."""

    viewer_id: int
    standing: dict[int, rules.Standing] = field(default_factory=dict)
    locked: set[int] = field(default_factory=set)
    followed: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)
    muted: set[int] = field(default_factory=set)
    close_friend_of: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, viewer: User, author_ids: Iterable[int]) -> StoryFacts:
        authors = sorted(set(author_ids))
        facts = cls(viewer.pk)
        if not authors:
            return facts
        for pk, suspended_at, is_active, locked in User.objects.filter(pk__in=authors).values_list(
            "pk", "suspended_at", "is_active", "locked"
        ):
            facts.standing[pk] = rules.Standing(suspended_at is not None, is_active)
            if locked:
                facts.locked.add(pk)
        facts.followed = set(
            Follow.objects.filter(follower=viewer, followee_id__in=authors).values_list("followee_id", flat=True)
        )
        facts.blocked = set(
            Block.objects.filter(blocker=viewer, blocked_id__in=authors).values_list("blocked_id", flat=True)
        ) | set(Block.objects.filter(blocked=viewer, blocker_id__in=authors).values_list("blocker_id", flat=True))
        facts.muted = set(Mute.objects.filter(muter=viewer, muted_id__in=authors).values_list("muted_id", flat=True))
        facts.close_friend_of = set(
            CloseFriend.objects.filter(friend=viewer, owner_id__in=authors).values_list("owner_id", flat=True)
        )
        return facts

    def relation(self, author_id: int) -> rules.Relation:
        return rules.Relation(
            author_id == self.viewer_id,
            author_id in self.followed,
            author_id in self.blocked,
            author_id in self.muted,
        )

    def may_see(self, story: StoryRef) -> bool:
        """Return whether the viewer may see this story (of one of the loaded authors)."""
        return rules.may_see_story(
            self.standing.get(story.author_id),
            self.relation(story.author_id),
            locked=story.author_id in self.locked,
            close_friends_only=story.audience == CLOSE_FRIENDS,
            close_friend=story.author_id in self.close_friend_of,
        )

    def in_tray(self, author_id: int) -> bool:
        """Return whether the author's stories belong in the viewer's tray."""
        return rules.in_story_tray(self.relation(author_id))
