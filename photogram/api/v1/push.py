"""`/api/v1/push/subscription`: Web Push of notifications to an app, one subscription per access token."""

from __future__ import annotations

from typing import Annotated, Literal, cast

from oauth2_provider.models import AccessToken
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic.config import JsonDict

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError
from photogram.api.params import FLAG_SCHEMA, NO_NUL, Flag, NoParams, Params
from photogram.push.models import ALERT_TYPES, PushSubscription
from photogram.push.services import subscriptions, vapid
from photogram.push.services.subscriptions import MAX_ENDPOINT_LENGTH

Policy = Literal["all", "followed", "follower", "none"]
_FLAG: TypeAdapter[bool] = TypeAdapter(Flag)


class Keys(Params):
    # URL-safe base64 as PushSubscription.getKey gives them; the service says what is wrong with a key.
    p256dh: Annotated[str, Field(max_length=100)]
    auth: Annotated[str, Field(max_length=40)]


class Subscription(Params):
    endpoint: Annotated[str, Field(min_length=1, max_length=MAX_ENDPOINT_LENGTH)]
    keys: Keys
    standard: Flag = False


class Alerts(Params):
    # A kind this server does not know (a newer Mastodon's) is taken and ignored, as Mastodon ignores one: it
    # must still be a flag, so that what is taken is what the document says.
    model_config = ConfigDict(
        extra="ignore",
        frozen=True,
        json_schema_extra={"additionalProperties": cast(JsonDict, FLAG_SCHEMA), "propertyNames": {"pattern": NO_NUL}},
    )

    mention: Flag = False
    status: Flag = False
    reblog: Flag = False
    follow: Flag = False
    follow_request: Flag = False
    favourite: Flag = False
    poll: Flag = False
    update: Flag = False
    admin_sign_up: Annotated[Flag, Field(alias="admin.sign_up")] = False
    admin_report: Annotated[Flag, Field(alias="admin.report")] = False
    direct_message: Flag = False  # Photogram: a direct message arrived

    @model_validator(mode="before")
    @classmethod
    def _unknown_kinds_are_flags(cls, values: object) -> object:
        if isinstance(values, dict):
            for kind, value in values.items():
                if kind not in ALERT_TYPES:
                    try:
                        _FLAG.validate_python(value)
                    except ValidationError:
                        raise ValueError(f"{kind} must be true or false") from None
        return values

    def enabled(self) -> list[str]:
        return [kind for kind in ALERT_TYPES if getattr(self, kind.replace(".", "_"))]


class Data(Params):
    model_config = ConfigDict(extra="forbid", frozen=True)  # nothing else is kept in it
    alerts: Alerts = Alerts()
    policy: Policy | None = None


class SubscribeParams(Params):
    subscription: Subscription
    data: Data = Data()


class ChangeParams(Params):
    data: Data = Data()
    # Mastodon's documentation names it outside `data` for a change; its code reads `data[policy]`: both work.
    policy: Policy | None = None


def _token(request: ApiRequest[Params]) -> AccessToken:
    """Return the caller's token: the subscription is the token's, not the person's."""
    caller = request.caller
    if caller is None:
        raise ApiError(401, "The access token is invalid")
    caller.require_user()  # an app token (no person) has no notifications to push
    return caller.token


def serialize(subscription: PushSubscription) -> entities.WebPushSubscription:
    alerts = {kind: kind in subscription.alerts for kind in ALERT_TYPES}
    return {
        "id": str(subscription.pk),
        "endpoint": subscription.endpoint,
        "standard": subscription.standard,
        "alerts": cast(entities.WebPushAlerts, alerts),
        "policy": cast(Policy, subscription.policy),
        "server_key": vapid.server_key(),
    }


@api_endpoint("POST", "push", params=SubscribeParams, returns=entities.WebPushSubscription)
def subscribe(request: ApiRequest[SubscribeParams]) -> entities.WebPushSubscription:
    """Subscribe this access token to Web Push (replacing its subscription, if it has one).

    `subscription[endpoint]` is where the push service takes messages for the app (https), `subscription[keys]`
    the app's `p256dh` public key and `auth` secret (URL-safe base64), `subscription[standard]` true for RFC 8291
    (aes128gcm) encryption, else the older aesgcm; `data[alerts][<kind>]` the notifications pushed, and
    `data[policy]` whose: `all`, `followed`, `follower` or `none`.
    """
    params = request.params
    data = params.data
    subscription = subscriptions.subscribe(
        _token(request),
        request.require_user(),
        endpoint=params.subscription.endpoint,
        p256dh=params.subscription.keys.p256dh,
        auth=params.subscription.keys.auth,
        standard=params.subscription.standard,
        alerts=data.alerts.enabled(),
        policy=data.policy or "all",
    )
    return serialize(subscription)


@api_endpoint("GET", "push", returns=entities.WebPushSubscription)
def subscription(request: ApiRequest[NoParams]) -> entities.WebPushSubscription:
    """Show this access token's push subscription."""
    return serialize(subscriptions.subscription_of(_token(request)))


@api_endpoint("PUT", "push", params=ChangeParams, returns=entities.WebPushSubscription)
def change(request: ApiRequest[ChangeParams]) -> entities.WebPushSubscription:
    """Change which notifications this access token's subscription gets; what is not named is off.

    `data[alerts][<kind>]` and `data[policy]` (or `policy`), as for subscribing; the endpoint and keys stay.
    """
    params = request.params
    changed = subscriptions.change(
        _token(request),
        alerts=params.data.alerts.enabled(),
        policy=params.data.policy or params.policy or "all",
    )
    return serialize(changed)


@api_endpoint("DELETE", "push", returns=entities.Empty)
def unsubscribe(request: ApiRequest[NoParams]) -> entities.Empty:
    """Remove this access token's push subscription (answered the same when it has none)."""
    subscriptions.unsubscribe(_token(request))
    return {}
