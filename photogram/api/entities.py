"""The API's entities as types: Mastodon's where Mastodon has the concept, ours for the extensions.

TypedDicts, not classes: an entity is the dict the serializers already build, so typing costs nothing at run
time (docs/performance.md, "Typed entities: representation"), and the OpenAPI document's response schemas are
generated from these same declarations (`photogram.api.openapi`), so the two cannot drift.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired

# pydantic reads these to build the OpenAPI schemas; on 3.11 it needs typing_extensions' TypedDict.
from typing_extensions import TypedDict

from photogram.filters.contexts import FilterContext


class CustomEmoji(TypedDict):
    shortcode: str
    url: str
    static_url: str
    visible_in_picker: bool
    category: str | None


class AccountField(TypedDict):
    name: str
    value: str
    verified_at: str | None


class Role(TypedDict):
    id: str
    name: str
    permissions: str
    color: str
    highlighted: bool


class Account(TypedDict):
    id: str
    username: str
    acct: str
    display_name: str
    locked: bool
    bot: bool
    discoverable: bool
    indexable: bool
    group: bool
    noindex: bool
    hide_collections: bool
    created_at: str
    note: str
    url: str
    uri: str
    avatar: str
    avatar_static: str
    header: str
    header_static: str
    followers_count: int
    following_count: int
    statuses_count: int
    last_status_at: str | None
    emojis: list[CustomEmoji]
    fields: list[AccountField]
    roles: list[Role]
    website: str | None


class AccountSource(TypedDict):
    note: str
    fields: list[AccountField]
    privacy: Literal["public", "unlisted", "private", "direct"]
    sensitive: bool
    language: str
    follow_requests_count: int
    hide_collections: bool
    discoverable: bool
    indexable: bool


class CredentialAccount(Account):
    source: AccountSource
    role: Role


class Relationship(TypedDict):
    id: str
    following: bool
    showing_reblogs: bool
    notifying: bool
    languages: list[str] | None
    followed_by: bool
    blocking: bool
    blocked_by: bool
    muting: bool
    muting_notifications: bool
    requested: bool
    requested_by: bool
    domain_blocking: bool
    endorsed: bool
    note: str


class MediaSize(TypedDict):
    width: int
    height: int
    size: str
    aspect: float
    duration: NotRequired[float]


class MediaFocus(TypedDict):
    x: float
    y: float


class MediaMeta(TypedDict):
    focus: MediaFocus
    original: NotRequired[MediaSize]
    small: NotRequired[MediaSize]
    duration: NotRequired[float]


class MediaProcessing(TypedDict):
    """Photogram: where the background processing of an upload stands."""

    state: Literal["pending", "processing", "ready", "failed"]
    failure_reason: str | None


class Rendition(TypedDict):
    """Photogram: one file made from an upload (a size in a format)."""

    name: str
    format: str
    url: str
    width: int
    height: int
    content_type: str


class MediaAttachment(TypedDict):
    id: str
    type: Literal["image", "video", "gifv", "audio", "unknown"]
    url: str | None
    preview_url: str | None
    remote_url: str | None
    preview_remote_url: str | None
    text_url: str | None
    meta: MediaMeta
    description: str | None
    blurhash: str | None
    processing: MediaProcessing
    renditions: list[Rendition]
    camera: dict[str, Any] | None  # free-form: the EXIF fields the camera wrote, when shown


class StatusMention(TypedDict):
    id: str
    username: str
    url: str
    acct: str


class StatusTag(TypedDict):
    name: str
    url: str


class Location(TypedDict):
    """Photogram: where a photo was taken, as its author wrote it."""

    name: str


Visibility = Literal["public", "unlisted", "private", "direct"]


class FilterKeyword(TypedDict):
    id: str
    keyword: str
    whole_word: bool


class FilterStatus(TypedDict):
    id: str
    status_id: str


class FilterSummary(TypedDict):
    """A Filter as a FilterResult names it: without its keywords and posts."""

    id: str
    title: str
    context: list[FilterContext]
    expires_at: str | None
    filter_action: Literal["warn", "hide", "blur"]


class Filter(FilterSummary):
    keywords: list[FilterKeyword]
    statuses: list[FilterStatus]


class FilterResult(TypedDict):
    filter: FilterSummary
    keyword_matches: list[str] | None
    status_matches: list[str] | None


class V1Filter(TypedDict):
    """Mastodon's V1::Filter: one keyword of a filter."""

    id: str
    phrase: str
    context: list[FilterContext]
    expires_at: str | None
    irreversible: bool
    whole_word: bool


class Status(TypedDict):
    id: str
    created_at: str
    in_reply_to_id: str | None
    in_reply_to_account_id: str | None
    sensitive: bool
    spoiler_text: str
    visibility: Visibility
    language: str | None
    uri: str
    url: str
    replies_count: int
    reblogs_count: int
    favourites_count: int
    edited_at: str | None
    favourited: bool
    reblogged: bool
    muted: bool
    bookmarked: bool
    pinned: bool
    content: str
    filtered: NotRequired[list[FilterResult]]  # for a logged-in viewer only, as in Mastodon
    reblog: None
    application: None
    account: Account
    media_attachments: list[MediaAttachment]
    mentions: list[StatusMention]
    tags: list[StatusTag]
    emojis: list[CustomEmoji]
    card: None
    poll: None
    comments_enabled: bool
    saves_count: int | None  # shown to the post's author only
    location: Location | None


class StatusEdit(TypedDict):
    content: str
    spoiler_text: str
    sensitive: bool
    created_at: str
    account: Account
    poll: None
    media_attachments: list[MediaAttachment]
    emojis: list[CustomEmoji]
    location: Location | None


class StatusSource(TypedDict):
    id: str
    text: str
    spoiler_text: str
    location: str | None


class Context(TypedDict):
    ancestors: list[Status]
    descendants: list[Status]


class TagHistory(TypedDict):
    day: str
    uses: str
    accounts: str


class Tag(TypedDict):
    name: str
    url: str
    history: list[TagHistory]
    following: bool
    featuring: bool


class FeaturedTag(TypedDict):
    id: str
    name: str
    url: str
    statuses_count: str  # a string, as Mastodon sends it (its docs say a number; Ice Cubes decodes a string)
    last_status_at: str | None


class TrendsLink(TypedDict):
    """A link many people shared: never answered yet, as Photogram makes no link previews."""

    url: str
    title: str
    description: str
    type: Literal["link", "photo", "video", "rich"]
    author_name: str
    author_url: str
    provider_name: str
    provider_url: str
    html: str
    width: int
    height: int
    image: str | None
    embed_url: str
    blurhash: str | None
    history: list[TagHistory]


SuggestionSource = Literal[
    "featured", "most_followed", "most_interactions", "similar_to_recently_followed", "friends_of_friends"
]


class Suggestion(TypedDict):
    source: Literal["staff", "past_interactions", "global"]  # before Mastodon 4.3; `sources` since
    sources: list[SuggestionSource]
    account: Account


class FamiliarFollowers(TypedDict):
    id: str
    accounts: list[Account]


class SavedCollection(TypedDict):
    """Photogram: a named, ordered collection of one's saved posts."""

    id: str
    name: str
    position: int
    statuses_count: int
    created_at: str


class Story(TypedDict):
    """Photogram: a photo or video shown for 24 hours, in its 9:16 `vertical` rendition once that is made."""

    id: str
    account: Account
    media_attachment: MediaAttachment
    # The 9:16 rendition's URL; null until it is made (a moment after posting), when `media_attachment.url` serves.
    vertical_url: str | None
    audience: Literal["followers", "close_friends"]
    created_at: str
    expires_at: str
    seen: bool


class StoryTrayEntry(TypedDict):
    """Photogram: one followed account with live stories, and those stories in play order (oldest first)."""

    account: Account
    has_unseen: bool
    latest_at: str
    stories: list[Story]


class HighlightItem(TypedDict):
    """Photogram: one story kept in a highlight, after it expired too."""

    story_id: str
    media_attachment: MediaAttachment
    vertical_url: str | None
    created_at: str  # the story's


class Highlight(TypedDict):
    """Photogram: a named, ordered collection of past stories on a profile, which does not expire."""

    id: str
    title: str
    position: int
    created_at: str
    items: list[HighlightItem]


class StoryReply(TypedDict):
    """Photogram: a reply (`text`) or reaction (`emoji`) someone sent about one of your stories."""

    id: str
    story_id: str
    account: Account  # who sent it
    type: Literal["reply", "reaction"]
    text: str  # the reply, or the reaction's emoji
    created_at: str


class StoryViewer(TypedDict):
    """Photogram: who saw one's story, and when they first did."""

    account: Account
    seen_at: str


class DirectReaction(TypedDict):
    account_id: str
    emoji: str


class DirectMessage(TypedDict):
    """Photogram: one message of a direct thread, as one member sees it."""

    id: str
    thread_id: str
    account: Account
    text: str
    created_at: str
    media_attachments: list[MediaAttachment]
    # What was shared: null when nothing was, or when the reader may not see it (`shared_unavailable` then).
    shared_status: Status | None
    shared_account: Account | None
    shared_unavailable: bool
    in_reply_to_id: str | None
    # A story reply or reaction: the story it answers (which may have expired since).
    story_id: str | None
    reactions: list[DirectReaction]


class DirectReadReceipt(TypedDict):
    account_id: str
    last_read_id: str | None


class DirectThread(TypedDict):
    """Photogram: a direct thread (two people, or a group of up to 32) as one member sees it."""

    id: str
    is_group: bool
    title: str
    accounts: list[Account]  # the other members
    state: Literal["inbox", "request"]
    muted: bool
    unread: bool
    last_message: DirectMessage | None
    read_receipts: list[DirectReadReceipt]  # the other members'
    last_activity_id: str  # the cursor lists of threads page by
    created_at: str


class List(TypedDict):
    """A list of accounts one follows, with its own timeline (Mastodon's List)."""

    id: str
    title: str
    replies_policy: Literal["followed", "list", "none"]
    exclusive: bool


class Search(TypedDict):
    """What a search found, per kind (an empty list for a kind not asked for)."""

    accounts: list[Account]
    statuses: list[Status]
    hashtags: list[Tag]


class Application(TypedDict):
    id: str
    name: str
    website: str | None
    scopes: list[str]
    redirect_uri: str
    redirect_uris: list[str]
    vapid_key: str
    client_id: NotRequired[str]
    client_secret: NotRequired[str]


class Token(TypedDict):
    access_token: str
    token_type: Literal["Bearer"]
    scope: str
    created_at: int


class Empty(TypedDict):
    """The empty object Mastodon answers for a deletion."""


class MediaFailure(TypedDict):
    """An upload that could not be processed: why, and the attachment as it stands."""

    error: str
    media: MediaAttachment


class Rule(TypedDict):
    id: str
    text: str
    hint: str


class ExtendedDescription(TypedDict):
    updated_at: str
    content: str


class InstanceActivity(TypedDict):
    """One week (from Monday 00:00 UTC, as a Unix time); counts as strings, as Mastodon sends them."""

    week: str
    statuses: str
    logins: str
    registrations: str


class Reaction(TypedDict):
    name: str
    count: int
    me: NotRequired[bool]  # only to a signed-in person
    url: NotRequired[str]  # a custom emoji's
    static_url: NotRequired[str]


class AnnouncementAccount(TypedDict):
    id: str
    username: str
    url: str
    acct: str


class AnnouncementStatus(TypedDict):
    id: str
    url: str


class Announcement(TypedDict):
    id: str
    content: str
    starts_at: str | None
    ends_at: str | None
    all_day: bool
    published_at: str
    updated_at: str
    read: NotRequired[bool]  # only to a signed-in person
    mentions: list[AnnouncementAccount]
    statuses: list[AnnouncementStatus]
    tags: list[StatusTag]
    emojis: list[CustomEmoji]
    reactions: list[Reaction]


# Mastodon's keys hold colons, so this TypedDict is declared the functional way.
Preferences = TypedDict(
    "Preferences",
    {
        "posting:default:visibility": Visibility,
        "posting:default:sensitive": bool,
        "posting:default:language": str | None,
        "reading:expand:media": Literal["default", "show_all", "hide_all"],
        "reading:expand:spoilers": bool,
    },
)


class Notification(TypedDict):
    id: str
    type: str
    group_key: str
    created_at: str
    account: Account
    status: NotRequired[Status]  # for the types about a post


class NotificationGroup(TypedDict):
    group_key: str
    notifications_count: int
    type: str
    most_recent_notification_id: str
    page_min_id: str
    page_max_id: str
    latest_page_notification_at: str
    sample_account_ids: list[str]
    status_id: NotRequired[str]


class GroupedNotificationsResults(TypedDict):
    accounts: list[Account]
    statuses: list[Status]
    notification_groups: list[NotificationGroup]


class NotificationRequest(TypedDict):
    id: str
    created_at: str
    updated_at: str
    account: Account
    notifications_count: str
    last_status: NotRequired[Status]


class Merged(TypedDict):
    merged: bool


class UnreadCount(TypedDict):
    count: int


PolicyAction = Literal["accept", "filter", "drop"]


class NotificationPolicySummary(TypedDict):
    pending_requests_count: int
    pending_notifications_count: int


class NotificationPolicy(TypedDict):
    for_not_following: PolicyAction
    for_not_followers: PolicyAction
    for_new_accounts: PolicyAction
    for_private_mentions: PolicyAction
    for_limited_accounts: PolicyAction
    summary: NotificationPolicySummary


class Marker(TypedDict):
    last_read_id: str
    version: int
    updated_at: str


class Markers(TypedDict):
    """The markers asked for that exist, by timeline."""

    home: NotRequired[Marker]
    notifications: NotRequired[Marker]


class InstanceV2(TypedDict):
    domain: str
    title: str
    version: str
    source_url: str
    description: str
    usage: dict[str, Any]
    thumbnail: dict[str, Any]
    icon: list[Any]
    languages: list[str]
    configuration: dict[str, Any]  # Mastodon's limits, nested by feature: a map clients read key by key
    registrations: dict[str, Any]
    api_versions: dict[str, int]
    contact: dict[str, Any]
    rules: list[Rule]


class InstanceV1(TypedDict):
    uri: str
    title: str
    short_description: str
    description: str
    email: str
    version: str
    urls: dict[str, Any]
    stats: dict[str, int]
    thumbnail: str
    languages: list[str]
    registrations: bool
    approval_required: bool
    invites_enabled: bool
    configuration: dict[str, Any]
    contact_account: None
    rules: list[Rule]


# Functional form: two of Mastodon's alert names hold a dot.
WebPushAlerts = TypedDict(
    "WebPushAlerts",
    {
        "mention": bool,
        "status": bool,
        "reblog": bool,
        "follow": bool,
        "follow_request": bool,
        "favourite": bool,
        "poll": bool,
        "update": bool,
        "admin.sign_up": bool,
        "admin.report": bool,
        "direct_message": bool,  # Photogram: a direct message arrived
    },
)


class WebPushSubscription(TypedDict):
    id: str
    endpoint: str
    standard: bool  # true: RFC 8291's aes128gcm; false: the draft's aesgcm
    alerts: WebPushAlerts
    policy: Literal["all", "followed", "follower", "none"]
    server_key: str  # the VAPID public key the push requests are signed with
