"""The start-up calls of Phanpy, Elk, Tusky, Ice Cubes and Ivory, in their order, from their public sources.

Each call names its source (repository and path) so it can be checked again when an app changes (Ivory is
closed source: its calls come from a server log quoted in a public issue);
docs/clients.md describes the sequences and the gates in prose.
"""

from __future__ import annotations

from collections.abc import Callable

from devstack.clients.replay import Call, Context, Query, is_strict_semver, leading_version

PHANPY = "cheeaun/phanpy"
ELK = "elk-zone/elk"
TUSKY = "tuskyapp/Tusky"
ICE_CUBES = "Dimillian/IceCubesApp"
NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/"

STATUS_FIELDS = (
    "[].id!",
    "[].created_at!",
    "[].visibility!",
    "[].content",
    "[].account.id!",
    "[].account.acct!",
    "[].media_attachments.[].id!",
    "[].media_attachments.[].type!",
)
PREFERENCE_FIELDS = (
    "posting:default:visibility",
    "posting:default:sensitive",
    "posting:default:language",
    "reading:expand:media",
    "reading:expand:spoilers",
)


def _instance(context: Context) -> dict[str, object]:
    for name in ("instance_v2", "instance_v1"):
        answer = context.answer(name)
        if isinstance(answer, dict):
            return answer
    return {}


def _version(context: Context) -> str:
    version = _instance(context).get("version")
    return version if isinstance(version, str) else ""


def _streaming_url(context: Context) -> str | None:
    configuration = _instance(context).get("configuration")
    urls = configuration.get("urls") if isinstance(configuration, dict) else None
    streaming = urls.get("streaming") if isinstance(urls, dict) else None
    return streaming if isinstance(streaming, str) and streaming else None


def _nodeinfo_href(context: Context) -> str | None:
    """The NodeInfo document Phanpy picks: the highest schema version that is at most 2."""
    links = context.answer("nodeinfo_links")
    candidates = []
    for link in links.get("links", []) if isinstance(links, dict) else []:
        rel, href = link.get("rel"), link.get("href")
        if isinstance(rel, str) and isinstance(href, str) and rel.startswith(NODEINFO_SCHEMA):
            version = leading_version(rel.removeprefix(NODEINFO_SCHEMA))
            if version is not None and version <= (2, 0, 0):
                candidates.append((version, href))
    return max(candidates)[1] if candidates else None


def phanpy_supports(minimum: tuple[int, int]) -> Callable[[Context], str | None]:
    """Phanpy's `supports()` for a Mastodon feature (src/utils/supports.js): NodeInfo's software name and
    version win over the instance's version; the version must be plain semver for compare-versions (else
    the check throws and the feature is off), and at least `minimum`."""

    def gate(context: Context) -> str | None:
        software, version = "mastodon", _version(context)
        nodeinfo = context.answer("nodeinfo")
        declared = nodeinfo.get("software") if isinstance(nodeinfo, dict) else None
        if (
            isinstance(declared, dict)
            and isinstance(declared.get("name"), str)
            and isinstance(declared.get("version"), str)
        ):
            software, version = declared["name"].lower(), declared["version"]
        wanted = ".".join(map(str, minimum))
        if software not in {"mastodon", "hometown"}:
            return f"NodeInfo names the software {software!r}, so Phanpy's Mastodon >= {wanted} features are off"
        if not is_strict_semver(version):
            return f"Phanpy cannot compare the version {version!r} (not plain semver), so the feature is off"
        if (leading_version(version) or (0, 0, 0)) < (*minimum, 0):
            return f"version {version} is below {wanted}"
        return None

    return gate


def ice_cubes_version_at_least(minimum: float) -> Callable[[Context], str | None]:
    """Ice Cubes' `CurrentInstance.version`: the first three characters of `version` read as a number."""

    def gate(context: Context) -> str | None:
        version = _version(context)
        try:
            number = float(version[:3] if len(version) > 2 else version[:1])
        except ValueError:
            number = 0.0
        return None if number >= minimum else f"version {version!r} reads as {number}, below {minimum}"

    return gate


def _streaming_set(context: Context) -> str | None:
    return None if _streaming_url(context) else "configuration.urls.streaming is null: Elk waits for streaming"


def _first_home_status(context: Context) -> str | None:
    home = context.answer("home")
    if isinstance(home, list) and home and isinstance(home[0], dict):
        status_id = home[0].get("id")
        return status_id if isinstance(status_id, str) else None
    return None


def _first_notification(context: Context) -> str | None:
    notifications = context.answer("notifications")
    if isinstance(notifications, list) and notifications and isinstance(notifications[0], dict):
        notification_id = notifications[0].get("id")
        return notification_id if isinstance(notification_id, str) else None
    return None


def _nothing_loaded(context: Context) -> str | None:
    return None if _first_notification(context) else "no notification loaded, so nothing to mark as read"


def _home_ids(context: Context) -> Query:
    home = context.answer("home")
    return [("id[]", str(status["id"])) for status in (home if isinstance(home, list) else [])[:2]]


def _batch_gate(context: Context) -> str | None:
    if not _first_home_status(context):
        return "no post loaded to refresh"
    return phanpy_supports((4, 3))(context)


INSTANCE_V2 = (
    "domain!",
    "version!",
    "configuration.urls.streaming",
    "configuration.statuses.max_characters!",
    "configuration.statuses.max_media_attachments!",
    "configuration.media_attachments.supported_mime_types!",
    "configuration.media_attachments.image_size_limit!",
)

PHANPY_CALLS = (
    Call(
        "preferences",
        "GET",
        "/api/v1/preferences",
        "preferences",
        f"{PHANPY} src/utils/api.js initPreferences (called from src/app.jsx)",
        reads=PREFERENCE_FIELDS,
        tolerated="initPreferences catches and logs; defaults are used",
    ),
    Call(
        "instance_v2",
        "GET",
        "/api/v2/instance",
        "instance",
        f"{PHANPY} src/utils/api.js initInstance",
        reads=(*INSTANCE_V2, "api_versions.mastodon"),
        tolerated="falls back to GET /api/v1/instance",
    ),
    Call(
        "nodeinfo_links",
        "GET",
        "/.well-known/nodeinfo",
        "nodeinfo",
        f"{PHANPY} src/utils/api.js initInstance (NodeInfo for server-type detection)",
        authenticated=False,
        reads=("links.[].rel!", "links.[].href!"),
        tolerated="NodeInfo is optional: features are then gated on the instance version alone",
    ),
    Call(
        "nodeinfo",
        "GET",
        _nodeinfo_href,
        "nodeinfo",
        f"{PHANPY} src/utils/api.js initInstance; read by src/utils/supports.js",
        authenticated=False,
        reads=("software.name!", "software.version!"),
        tolerated="as above",
        when=lambda context: None if _nodeinfo_href(context) else "no NodeInfo 2.x link to follow",
        label="(the NodeInfo 2.x link)",
    ),
    Call(
        "verify_credentials",
        "GET",
        "/api/v1/accounts/verify_credentials",
        "accounts",
        f"{PHANPY} src/utils/api.js initAccount",
        reads=("id!", "acct!", "username!", "display_name", "avatar!", "avatar_static!", "header", "note"),
    ),
    Call(
        "home",
        "GET",
        "/api/v1/timelines/home",
        "home timeline",
        f"{PHANPY} src/pages/following.jsx fetchHome (LIMIT = 20)",
        query=[("limit", "20")],
        reads=STATUS_FIELDS,
    ),
    Call(
        "check_for_updates",
        "GET",
        "/api/v1/timelines/home",
        "home timeline",
        f"{PHANPY} src/pages/following.jsx checkForUpdates (polled for the 'new posts' button)",
        query=lambda context: [("limit", "5"), ("since_id", _first_home_status(context) or "")],
        reads=STATUS_FIELDS,
        tolerated="errors count as 'no new posts'",
        when=lambda context: None if _first_home_status(context) else "no post loaded to compare with",
    ),
    Call(
        "batch_statuses",
        "GET",
        "/api/v1/statuses",
        "batch reads",
        f"{PHANPY} src/utils/supports.js: only when '@mastodon/fetch-multiple-statuses' (>= 4.3) holds",
        query=_home_ids,
        reads=("[].id!",),
        tolerated="refreshing statuses is best effort",
        when=_batch_gate,
    ),
    Call(
        "lists",
        "GET",
        "/api/v1/lists",
        "lists",
        f"{PHANPY} src/utils/lists.js fetchLists (navigation menu)",
        reads=("[].id!", "[].title!"),
        tolerated="the menu shows no lists",
    ),
    Call(
        "custom_emojis",
        "GET",
        "/api/v1/custom_emojis",
        "custom_emojis",
        f"{PHANPY} src/utils/custom-emojis.js (composer's emoji picker; keeps visible_in_picker ones)",
        reads=("[].shortcode!", "[].url!", "[].static_url!", "[].visible_in_picker"),
        tolerated="the picker is empty",
    ),
    Call(
        "notifications",
        "GET",
        "/api/v1/notifications",
        "notifications",
        f"{PHANPY} src/pages/notifications.jsx mastoFetchNotifications (v1 unless grouped notifications are on)",
        query=[("limit", "80"), ("exclude_types[]", "follow_request")],
        reads=("[].id!", "[].type!", "[].created_at!", "[].account.id!"),
        tolerated="the page shows an error; the rest of the app works",
    ),
    Call(
        "announcements",
        "GET",
        "/api/v1/announcements",
        "announcements",
        f"{PHANPY} src/pages/notifications.jsx fetchAnnouncements",
        reads=("[].id!", "[].content!", "[].published_at!", "[].updated_at!", "[].reactions"),
        tolerated="errors are swallowed (empty list)",
    ),
    Call(
        "follow_requests",
        "GET",
        "/api/v1/follow_requests",
        "accounts",
        f"{PHANPY} src/pages/notifications.jsx fetchFollowRequests",
        query=[("limit", "80")],
        reads=("[].id!", "[].acct!"),
        tolerated="errors are swallowed (empty list)",
    ),
    Call(
        "notifications_policy",
        "GET",
        "/api/v2/notifications/policy",
        "grouped notifications",
        f"{PHANPY} src/pages/notifications.jsx loadNotificationsPolicy, gated on '@mastodon/filtered-notifications'",
        reads=("summary",),
        tolerated="errors are swallowed",
        when=phanpy_supports((4, 3)),
    ),
    Call(
        "mark_notifications_read",
        "POST",
        "/api/v1/markers",
        "markers",
        f"{PHANPY} src/pages/notifications.jsx fetchNotifications (masto.js sends JSON)",
        json_body=lambda context: {"notifications": {"last_read_id": _first_notification(context)}},
        reads=("notifications.last_read_id!",),
        tolerated="errors are swallowed",
        when=_nothing_loaded,
    ),
    Call(
        "notifications_marker",
        "GET",
        "/api/v1/markers",
        "markers",
        f"{PHANPY} src/components/background-service.jsx checkLatestNotification (timeline as a plain string)",
        query=[("timeline", "notifications")],
        reads=("{}",),
        tolerated="errors are swallowed: every new notification then shows as unread",
        when=_nothing_loaded,
    ),
)

ELK_CALLS = (
    Call(
        "instance_v2",
        "GET",
        "/api/v2/instance",
        "instance",
        f"{ELK} app/composables/masto/masto.ts mastoLogin",
        reads=(*INSTANCE_V2, "api_versions.mastodon"),
        tolerated="a 404 falls back to GET /api/v1/instance; other errors leave the cached instance",
    ),
    Call(
        "nodeinfo",
        "GET",
        "/nodeinfo/2.0",
        "nodeinfo",
        f"{ELK} app/composables/users.ts loginTo (a fixed path, for GoToSocial detection)",
        authenticated=False,
        reads=("software.name!",),
        tolerated="errors are swallowed",
    ),
    Call(
        "verify_credentials",
        "GET",
        "/api/v1/accounts/verify_credentials",
        "accounts",
        f"{ELK} app/composables/users.ts fetchAccountInfo",
        reads=("id!", "acct!", "username!", "display_name", "avatar!", "header", "note", "emojis", "fields"),
    ),
    Call(
        "preferences",
        "GET",
        "/api/v1/preferences",
        "preferences",
        f"{ELK} app/composables/users.ts fetchAccountInfo (fetchPrefs)",
        reads=PREFERENCE_FIELDS,
        tolerated="a failure is logged and no preferences are used",
    ),
    Call(
        "push_subscription",
        "GET",
        "/api/v1/push/subscription",
        "push",
        f"{ELK} app/composables/users.ts loginTo (PWA builds only)",
        accepted=frozenset({200, 404}),
        tolerated="any error means no subscription",
    ),
    Call(
        "home",
        "GET",
        "/api/v1/timelines/home",
        "home timeline",
        f"{ELK} app/components/timeline/TimelineHome.vue (limit 30, 10 on slow networks)",
        query=[("limit", "30")],
        reads=STATUS_FIELDS,
    ),
    Call(
        "followed_tags",
        "GET",
        "/api/v1/followed_tags",
        "tags",
        f"{ELK} app/components/timeline/TimelineHome.vue (followed tags, to mark posts)",
        reads=("[].name!",),
    ),
    Call(
        "notifications_marker",
        "GET",
        "/api/v1/markers",
        "markers",
        f"{ELK} app/composables/masto/notification.ts connect (only once a streaming client exists)",
        query=[("timeline[]", "notifications")],
        reads=("{}",),
        when=_streaming_set,
    ),
    Call(
        "notifications",
        "GET",
        "/api/v1/notifications",
        "notifications",
        f"{ELK} app/composables/masto/notification.ts connect (unread count)",
        query=[("limit", "30")],
        reads=("[].id!", "[].type!"),
        when=_streaming_set,
    ),
)

TUSKY_CALLS = (
    Call(
        "verify_credentials",
        "GET",
        "/api/v1/accounts/verify_credentials",
        "accounts",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/MainViewModel.kt loadAccountData",
        reads=("id!", "acct!", "username!", "display_name", "avatar!", "header!", "locked", "source.privacy"),
        tolerated="logged; the account row keeps its cached values",
    ),
    Call(
        "announcements",
        "GET",
        "/api/v1/announcements",
        "announcements",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/MainViewModel.kt fetchAnnouncements",
        reads=("[].id!", "[].read"),
        tolerated="logged; no unread-announcements badge",
    ),
    Call(
        "instance_v2",
        "GET",
        "/api/v2/instance",
        "instance",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/components/instanceinfo/InstanceInfoRepository.kt",
        reads=(
            "version!",
            "configuration.statuses.max_characters!",
            "configuration.statuses.max_media_attachments!",
            "configuration.statuses.characters_reserved_per_url",
            "configuration.media_attachments.image_size_limit!",
            "configuration.media_attachments.video_size_limit!",
            "configuration.polls.max_options",
        ),
        tolerated="falls back to v1, then the cache, then vanilla Mastodon defaults",
    ),
    Call(
        "custom_emojis",
        "GET",
        "/api/v1/custom_emojis",
        "custom_emojis",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/components/instanceinfo/InstanceInfoRepository.kt",
        reads=("[].shortcode!", "[].url!", "[].static_url!", "[].visible_in_picker"),
        tolerated="falls back to the cached emojis",
    ),
    Call(
        "filters_v2",
        "GET",
        "/api/v2/filters",
        "filters",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/network/FilterModel.kt init",
        reads=("[].id!", "[].title!", "[].context!", "[].filter_action!", "[].keywords"),
        tolerated="a 404 falls back to GET /api/v1/filters; other errors: no filtering",
    ),
    Call(
        "filters_v1",
        "GET",
        "/api/v1/filters",
        "filters",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/network/FilterModel.kt init (after a 404 on v2)",
        reads=("[].id!", "[].phrase!", "[].context!"),
        tolerated="logged; no filtering",
        when=lambda context: None if context.statuses.get("filters_v2") == 404 else "v2 filters did not answer 404",
    ),
    Call(
        "home",
        "GET",
        "/api/v1/timelines/home",
        "home timeline",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/network/MastodonApi.kt homeTimeline (page size)",
        query=[("limit", "40")],
        reads=STATUS_FIELDS,
    ),
    Call(
        "notifications_marker",
        "GET",
        "/api/v1/markers",
        "markers",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/components/systemnotifications/NotificationFetcher.kt"
        " fetchMarker",
        query=[("timeline[]", "notifications")],
        reads=("{}",),
        tolerated="logged; the locally kept position is used",
    ),
    Call(
        "notifications",
        "GET",
        "/api/v1/notifications",
        "notifications",
        f"{TUSKY} .../systemnotifications/NotificationFetcher.kt fetchNewNotifications: min_id is the newest of"
        ' the marker and the account\'s positions, "0" on a fresh account (db AccountEntity defaults)',
        query=[("min_id", "0")],
        reads=("[].id!", "[].type!", "[].created_at!", "[].account.id!"),
        tolerated="the loop stops at the first failed page; no system notifications",
    ),
    Call(
        "mark_notifications_read",
        "POST",
        "/api/v1/markers",
        "markers",
        f"{TUSKY} app/src/main/java/com/keylesspalace/tusky/network/MastodonApi.kt updateMarkersWithAuth (a form)",
        form_body=lambda context: {"notifications[last_read_id]": _first_notification(context) or ""},
        reads=("notifications.last_read_id!",),
        tolerated="not checked",
        when=_nothing_loaded,
    ),
)

ICE_CUBES_CALLS = (
    Call(
        "instance_v2",
        "GET",
        "/api/v2/instance",
        "instance",
        f"{ICE_CUBES} Packages/Env/Sources/Env/CurrentInstance.swift fetchCurrentInstance",
        reads=("version!", "api_versions.mastodon", "configuration.statuses.max_characters!"),
        tolerated="a failure leaves every version-gated feature off",
    ),
    Call(
        "verify_credentials",
        "GET",
        "/api/v1/accounts/verify_credentials",
        "accounts",
        f"{ICE_CUBES} Packages/Env/Sources/Env/CurrentAccount.swift",
        reads=("id!", "acct!", "username!", "avatar!"),
    ),
    Call(
        "home",
        "GET",
        "/api/v1/timelines/home",
        "home timeline",
        f"{ICE_CUBES} Packages/Timeline (the home timeline)",
        query=[("limit", "40")],
        reads=STATUS_FIELDS,
    ),
    Call(
        "grouped_notifications",
        "GET",
        "/api/v2/notifications",
        "grouped notifications",
        f"{ICE_CUBES} Packages/Notifications/Sources/Notifications/List/NotificationsListDataSource.swift"
        " fetchGroupedNotifications (when CurrentInstance.isGroupedNotificationsSupported: version >= 4.3)",
        query=[
            ("grouped_types[]", "favourite"),
            ("grouped_types[]", "follow"),
            ("grouped_types[]", "reblog"),
            ("expand_accounts", "full"),
        ],
        reads=("notification_groups!", "accounts!", "statuses!"),
        when=ice_cubes_version_at_least(4.3),
    ),
    Call(
        "notifications",
        "GET",
        "/api/v1/notifications",
        "notifications",
        f"{ICE_CUBES} Packages/Notifications/Sources/Notifications/List/NotificationsListDataSource.swift"
        " fetchNotificationsV1 (below 4.3)",
        query=[("limit", "30")],
        reads=("[].id!", "[].type!", "[].created_at!", "[].account.id!"),
        when=lambda context: (
            "grouped notifications used instead" if ice_cubes_version_at_least(4.3)(context) is None else None
        ),
    ),
)

NOTIFICATION_TYPES = ("mention", "status", "reblog", "follow", "follow_request", "favourite", "poll", "update")
IVORY_LOG = "Ivory (closed source): the log-in sequence in jointakahe/takahe#473 (from gotosocial#1339)"

IVORY_CALLS = (
    Call(
        "home",
        "GET",
        "/api/v1/timelines/home",
        "home timeline",
        IVORY_LOG,
        query=[("limit", "40")],
        reads=STATUS_FIELDS,
    ),
    Call(
        "own_account",
        "GET",
        lambda context: f"{context.base_url}/api/v1/accounts/{context.me}" if context.me else None,
        "accounts",
        IVORY_LOG,
        reads=("id!", "acct!", "username!", "avatar!", "followers_count!", "following_count!", "statuses_count!"),
        label="/api/v1/accounts/:own_id",
    ),
    Call(
        "instance_v2",
        "GET",
        "/api/v2/instance",
        "instance",
        f"{IVORY_LOG}; Ivory crashed on Takahe until v2/instance existed",
        reads=INSTANCE_V2,
    ),
    Call(
        "preferences",
        "GET",
        "/api/v1/preferences",
        "preferences",
        IVORY_LOG,
        reads=PREFERENCE_FIELDS,
    ),
    Call(
        "newer_home",
        "GET",
        "/api/v1/timelines/home",
        "home timeline",
        IVORY_LOG,
        query=lambda context: [("limit", "40"), ("min_id", _first_home_status(context) or "")],
        reads=STATUS_FIELDS,
        when=lambda context: None if _first_home_status(context) else "no post loaded to read from",
    ),
    Call("lists", "GET", "/api/v1/lists", "lists", IVORY_LOG, reads=("[].id!", "[].title!")),
    Call(
        "own_statuses",
        "GET",
        lambda context: f"{context.base_url}/api/v1/accounts/{context.me}/statuses" if context.me else None,
        "accounts",
        IVORY_LOG,
        query=[("exclude_reblogs", "1"), ("limit", "40")],
        reads=STATUS_FIELDS,
        label="/api/v1/accounts/:own_id/statuses",
    ),
    Call(
        "notifications",
        "GET",
        "/api/v1/notifications",
        "notifications",
        IVORY_LOG,
        query=[("limit", "100"), *(("types[]", kind) for kind in NOTIFICATION_TYPES)],
        reads=("[].id!", "[].type!", "[].created_at!", "[].account.id!"),
    ),
    Call(
        "mentions",
        "GET",
        "/api/v1/notifications",
        "notifications",
        IVORY_LOG,
        query=[("limit", "30"), ("types[]", "mention")],
        reads=("[].id!", "[].type!"),
    ),
)

CLIENTS: dict[str, tuple[Call, ...]] = {
    "phanpy": PHANPY_CALLS,
    "elk": ELK_CALLS,
    "tusky": TUSKY_CALLS,
    "ice-cubes": ICE_CUBES_CALLS,
    "ivory": IVORY_CALLS,
}
