"""Batch hydration: post ids into Mastodon Status entities for one viewer, in a constant number of queries."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

from django.db.models import Model

from photogram.access import page_facts
from photogram.access.page_facts import AuthorRow, PageFacts
from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.serializers import emojis, status_bodies
from photogram.api.serializers.accounts import serialize_account
from photogram.api.serializers.filters import serialize_result
from photogram.api.serializers.media import serialize_media
from photogram.api.serializers.status_bodies import OWNER_ONLY_CAMERA, SHORTCODES, timestamp
from photogram.core import text
from photogram.core.counters.tracked import counts_of_many
from photogram.core.urls import absolute_url, forget_when_urls_change
from photogram.filters.contexts import FilterContext
from photogram.filters.services import matching
from photogram.filters.services.matching import FilterMatch
from photogram.media.models import MediaAttachment
from photogram.posts.models import Status, StatusEdit


@functools.lru_cache(maxsize=8192)
def _account_body(author: AuthorRow) -> entities.Account:
    """The Account entity of an author row, less its counts and custom emojis: keyed by the whole row, so
    never stale (the emojis, whose table changes apart from the row, are matched per answer)."""
    return serialize_account(author.as_user(), {}, {})


forget_when_urls_change(_account_body.cache_clear)


def _personalise(
    body: dict[str, Any],
    status_id: int,
    facts: PageFacts,
    counts: dict[type[Model], dict[int, dict[str, int]]],
    *,
    emoji_table: emojis.Table,
    matches: list[FilterMatch],
) -> entities.Status:
    """Fill in what `body` shows this viewer: counts, the viewer's likes, saves, pins and filters, the author."""
    author = facts.authors[facts.posts[status_id].author_id]
    own = facts.viewer_id == author.id
    owner_only_camera = body.pop(OWNER_ONLY_CAMERA, [])
    shortcodes = body.pop(SHORTCODES, [])
    if not own:
        for index in owner_only_camera:
            body["media_attachments"][index]["camera"] = None
    status_counts = counts[Status].get(status_id, {})
    account_counts = counts[User].get(author.id, {})
    account = _account_body(author)
    body.update(
        uri=absolute_url(f"/users/{author.username}/statuses/{status_id}"),
        url=absolute_url(f"/@{author.username}/{status_id}"),
        replies_count=status_counts.get("replies_count", 0),
        favourites_count=status_counts.get("favourites_count", 0),
        favourited=status_id in facts.liked,
        bookmarked=status_id in facts.saved,
        pinned=status_id in facts.pinned,
        account={
            **account,
            "followers_count": account_counts.get("followers_count", 0),
            "following_count": account_counts.get("following_count", 0),
            "statuses_count": account_counts.get("statuses_count", 0),
            "emojis": emojis.used_in(emoji_table, author.display_name, author.note),
            # Copies: the memoised entity's own lists are shared by every answer naming this author.
            "fields": list(account["fields"]),
            "roles": list(account["roles"]),
        },
        # Instagram shows how many saved a post to its author only.
        saves_count=status_counts.get("saves_count", 0) if own else None,
        emojis=[emoji_table[code].copy() for code in shortcodes if code in emoji_table],
    )
    if facts.viewer_id is None:
        del body["filtered"]  # Mastodon shows it to a logged-in viewer only
    else:
        body["filtered"] = [serialize_result(match) for match in matches]
    # The cached body lacked only what was filled in just now: it is a whole Status from here on.
    return cast(entities.Status, body)


def _searchable_text(body: dict[str, Any]) -> str:
    """What filters look for words in: the content warning, caption, media descriptions and location."""
    parts = [body["spoiler_text"], text.plain(body["content"])]
    parts += [media["description"] or "" for media in body["media_attachments"]]
    if body["location"]:
        parts.append(body["location"]["name"])
    return "\n\n".join(parts)


def _filter_matches(
    shown: list[int], found: dict[int, dict[str, Any]], facts: PageFacts, viewer: User | None
) -> dict[int, list[FilterMatch]]:
    """Return the viewer's filters matching each post shown; one's own posts are never filtered.

    One query, for a viewer who has filters: the page's facts tell whether they have any.
    """
    filters = matching.load(viewer) if facts.filters else matching.NO_FILTERS
    if not filters:
        return {}
    matches = {}
    for status_id in shown:
        if facts.posts[status_id].author_id != facts.viewer_id:
            found_here = filters.match(status_id, _searchable_text(found[status_id]))
            if found_here:
                matches[status_id] = found_here
    return matches


def hydrate(
    status_ids: Sequence[int],
    viewer: User | None,
    *,
    followed_only: bool = False,
    context: FilterContext | None = None,
    audience_checked: bool = False,
) -> list[entities.Status]:
    """Return the Status entities of `status_ids` in the order given, leaving out those `viewer` may not see.

    followed_only: leave out, too, the posts of authors the viewer neither is, nor follows without muting
    (a home feed written before an unfollow or a mute).
    context: the filter context the list is shown in; posts a `hide` filter of that context matches are left
    out. Without one (a single post, saved posts), filters only annotate. Every post carries, in `filtered`,
    each of the viewer's filters that matches it, whatever their context: clients decide per view, as
    Mastodon's do.
    audience_checked: render every post of an author in good standing, whatever its visibility, as an
    anonymous viewer would see it: for the streaming API, which renders a post once for all its readers and
    applies the access rules to each reader as it delivers (photogram.streaming.services.readers).

    A constant number of round trips, whatever the number of posts: two queries for the page's facts
    (visibility, the viewer's likes, saves and pins, the authors), one cache lookup for the bodies not in
    this process already (plus four queries for those the cache lacks), one query for the filters of a viewer
    who has some, one counter-store round trip (plus a query per model for counts the store lacks), and one
    cache lookup of the custom emoji table when a caption or an author's name or bio holds a `:shortcode:`
    (plus a query when the cache lacks it).
    """
    facts = page_facts.load(viewer, status_ids)
    shown = [
        status_id
        for status_id in dict.fromkeys(status_ids)
        if (facts.by_author_in_good_standing(status_id) if audience_checked else facts.may_see(status_id))
        and (not followed_only or facts.follows_author(status_id))
    ]
    if not shown:
        return []
    found = status_bodies.bodies({status_id: facts.posts[status_id].revision for status_id in shown})
    shown = [status_id for status_id in shown if status_id in found]  # deleted since the facts were read
    matches = _filter_matches(shown, found, facts, viewer)
    if context is not None and matches:
        shown = [
            status_id
            for status_id in shown
            if not any(match.filter.hides_in(context) for match in matches.get(status_id, ()))
        ]
    authors = {facts.posts[status_id].author_id for status_id in shown}
    counts = counts_of_many({Status: shown, User: authors})
    uses_emojis = any(found[status_id].get(SHORTCODES) for status_id in shown)
    author_texts = [
        text for author in authors for text in (facts.authors[author].display_name, facts.authors[author].note)
    ]
    emoji_table = emojis.table() if uses_emojis else emojis.table_for(author_texts)
    return [
        _personalise(
            found[status_id], status_id, facts, counts, emoji_table=emoji_table, matches=matches.get(status_id, [])
        )
        for status_id in shown
    ]


def serialize_version(
    current: entities.Status, version: StatusEdit | None, emoji_table: emojis.Table | None = None
) -> entities.StatusEdit:
    """Return a StatusEdit entity: the post as it read in `version` (None: as it reads now), its custom emojis
    from `emoji_table` (else read it, if the version uses any)."""
    if version is None:
        return {
            "content": current["content"],
            "spoiler_text": current["spoiler_text"],
            "sensitive": current["sensitive"],
            "created_at": current["edited_at"] or current["created_at"],
            "account": current["account"],
            "poll": None,
            "media_attachments": current["media_attachments"],
            "emojis": list(current["emojis"]),
            "location": current["location"],
        }
    return {
        "content": text.render(version.caption),
        "spoiler_text": version.spoiler_text,
        "sensitive": version.sensitive,
        "created_at": timestamp(version.created_at) or "",
        "account": current["account"],
        "poll": None,
        "media_attachments": [],
        "emojis": emojis.used_in(
            emojis.table_for([version.spoiler_text, version.caption]) if emoji_table is None else emoji_table,
            version.spoiler_text,
            version.caption,
        ),
        "location": {"name": version.location} if version.location else None,
    }


def serialize_versions(
    current: entities.Status, versions: Sequence[StatusEdit], viewer: User | None
) -> list[entities.StatusEdit]:
    """Return a post's StatusEdit entities, oldest first; media removed since are left out."""
    wanted = {media_id for version in versions for media_id in version.media_ids}
    media = MediaAttachment.objects.in_bulk(list(wanted))
    serialized = {media_id: serialize_media(item, viewer) for media_id, item in media.items()}
    emoji_table = emojis.table_for([text for version in versions for text in (version.spoiler_text, version.caption)])
    entities = []
    for version in versions:
        entity = serialize_version(current, version, emoji_table)
        entity["media_attachments"] = [serialized[pk] for pk in version.media_ids if pk in serialized]
        entities.append(entity)
    return entities
