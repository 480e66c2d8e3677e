"""The privacy rules in plain Python, over the few facts they read: the reference every encoding agrees with.

Public and unlisted posts: everyone. Private posts: their author and approved followers. Direct posts:
their author and the accounts they mention. Nothing of a suspended or deactivated account, nothing across
a block either way, and a comment only where its post is visible too. Muting hides nothing the viewer
asks for, only what is put in front of them unasked (home feeds, tag timelines).
"""

from __future__ import annotations

from typing import NamedTuple

from photogram.posts.models import Status

OPEN = (Status.Visibility.PUBLIC.value, Status.Visibility.UNLISTED.value)
PRIVATE = Status.Visibility.PRIVATE.value
DIRECT = Status.Visibility.DIRECT.value


# The records are named tuples: page facts build one or two per post on every page read, and a tuple is made
# in half the time of a frozen dataclass.


class Standing(NamedTuple):
    """An account's standing: moderators suspend accounts, their owners deactivate them."""

    suspended: bool = False
    active: bool = True


class Relation(NamedTuple):
    """What the viewer is to one account; an anonymous viewer is nothing to anybody (ANONYMOUS)."""

    is_self: bool = False
    follows: bool = False  # an approved follow: a pending request is not one
    blocked: bool = False  # either of the two blocks the other
    mutes: bool = False


ANONYMOUS = Relation()


class Post(NamedTuple):
    """What the rules read of one post or comment, for one viewer."""

    visibility: str
    author: Standing | None  # None: the author's row is gone
    viewer: Relation  # the viewer's relation to the author
    mentions_viewer: bool = False
    parent: Post | None = None  # a comment's post (GONE when its row is); None for a post


# The post of a comment whose post's row is gone: nobody sees it.
GONE = Post(visibility="", author=None, viewer=ANONYMOUS)


def in_good_standing(account: Standing | None) -> bool:
    """Return whether the account exists and is neither suspended nor deactivated."""
    return account is not None and not account.suspended and account.active


def may_see_account(account: Standing | None, viewer: Relation) -> bool:
    """Return whether the viewer may see the account, and so anything of it."""
    return in_good_standing(account) and not viewer.blocked


def may_see_alone(post: Post) -> bool:
    """Return whether the post's own visibility and author let the viewer see it (a comment's post aside)."""
    return may_see_account(post.author, post.viewer) and (
        post.visibility in OPEN
        or post.viewer.is_self
        or (post.visibility == PRIVATE and post.viewer.follows)
        or (post.visibility == DIRECT and post.mentions_viewer)
    )


def may_see(post: Post) -> bool:
    """Return whether the viewer may see the post or comment."""
    return may_see_alone(post) and (post.parent is None or may_see_alone(post.parent))


def may_show_unasked(post: Post) -> bool:
    """Return whether the post may be put in front of the viewer unasked (a tag timeline)."""
    return may_see(post) and not post.viewer.mutes


def follows_author(viewer: Relation) -> bool:
    """Return whether an author's posts belong in the viewer's home feed: their own, or followed unmuted."""
    return viewer.is_self or (viewer.follows and not viewer.mutes)


def fanned_out_to(reader: Standing, viewer: Relation) -> bool:
    """Return whether fan-out writes an author's posts into this reader's home feed.

    The reader's side only, as fan-out works per author: the post's visibility and its author's standing
    are applied when the feed is read (`may_see`, through hydration), so a lifted suspension brings the
    author's posts back.
    """
    return in_good_standing(reader) and follows_author(viewer) and not viewer.blocked


def may_see_story(
    author: Standing | None, viewer: Relation, *, locked: bool, close_friends_only: bool, close_friend: bool
) -> bool:
    """Return whether the viewer may see a story: its author always; others only if they may see the account,
    for a locked account only its approved followers, and for a close-friends story only those on its
    author's list."""
    if not may_see_account(author, viewer):
        return False
    if viewer.is_self:
        return True
    return (not locked or viewer.follows) and (not close_friends_only or close_friend)


def in_story_tray(viewer: Relation) -> bool:
    """Return whether an account's stories belong in the viewer's tray: followed, not muted, no block."""
    return viewer.follows and not viewer.mutes and not viewer.blocked
