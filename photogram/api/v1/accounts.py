"""`/api/v1/accounts`: registration, profiles, and the follow graph."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from oauth2_provider.models import AccessToken
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import generate_token
from pydantic import Field

from photogram.access.querysets import AccountNotFound, connections_visible, get_visible_account, visible_accounts
from photogram.accounts.models import Block, Follow, Mute, User
from photogram.accounts.services import graph, profile, registration
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError
from photogram.api.pagination import paginate, paginated_response
from photogram.api.params import NOT_BLANK, BatchParams, CursorParams, File, Flag, Id, NoParams, Params
from photogram.api.serializers.accounts import (
    serialize_account,
    serialize_accounts,
    serialize_credential_account,
    serialize_relationship,
)
from photogram.core.ratelimit import policy as ratelimit


class RegisterParams(Params):
    username: Annotated[str, Field(max_length=200)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    password: Annotated[str, Field(max_length=1000)] = ""
    agreement: Flag = False


@api_endpoint("POST", "write:accounts", auth="app", params=RegisterParams, returns=entities.Token)
def register(request: ApiRequest[RegisterParams]) -> entities.Token:
    """Open an account; answer a token for it, with the scopes of the app token that asked."""
    if request.caller is None or request.caller.user is not None:
        raise ApiError(403, "Registration needs an app token (client credentials), not a person's token")
    if not settings.REGISTRATIONS_OPEN:
        raise ApiError(403, "Registrations are closed on this instance")
    ratelimit.spend("sign_up", ratelimit.client_ip(request.http))
    params = request.params
    user = registration.register_account(
        username=params.username, email=params.email, password=params.password, agreement=params.agreement
    )
    token = AccessToken.objects.create(
        user=user,
        application=request.caller.token.application,
        scope=request.caller.token.scope,
        expires=timezone.now() + timedelta(seconds=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS),
        token=generate_token(),
    )
    return {
        "access_token": token.token,
        "token_type": "Bearer",
        "scope": token.scope,
        "created_at": int(token.created.timestamp()),
    }


@api_endpoint("GET", "read:accounts", returns=entities.CredentialAccount)
def verify_credentials(request: ApiRequest[NoParams]) -> entities.CredentialAccount:
    """Show the logged-in person's own account, with its editable source."""
    return serialize_credential_account(request.require_user())


class ProfileParams(Params):
    """What a profile update changes; a parameter left out stays as it is."""

    display_name: Annotated[str, Field(max_length=profile.DISPLAY_NAME_MAX)] | None = None
    note: Annotated[str, Field(max_length=profile.NOTE_MAX)] | None = None
    website: Annotated[str, Field(max_length=2000)] | None = None
    locked: Flag | None = None
    avatar: File | None = None
    header: File | None = None


@api_endpoint("PATCH", "write:accounts", params=ProfileParams, returns=entities.CredentialAccount)
def update_credentials(request: ApiRequest[ProfileParams]) -> entities.CredentialAccount:
    """Change the logged-in person's profile."""
    user = request.require_user()
    params = request.params
    profile.update_profile(
        user,
        display_name=params.display_name,
        note=params.note,
        website=params.website,
        locked=params.locked,
        avatar=params.avatar,
        header=params.header,
    )
    user.refresh_from_db()
    return serialize_credential_account(user)


class LookupParams(Params):
    acct: Annotated[str, Field(min_length=1, max_length=400, pattern=NOT_BLANK)]


@api_endpoint("GET", "read:accounts", auth="optional", params=LookupParams, returns=entities.Account)
def lookup(request: ApiRequest[LookupParams]) -> entities.Account:
    """Find an account by its username (`name` or `name@this.domain`)."""
    username, _, domain = request.params.acct.strip().lstrip("@").partition("@")
    if domain and domain != settings.INSTANCE_DOMAIN:
        raise AccountNotFound(request.params.acct)
    account = visible_accounts(request.user).filter(username__iexact=username).first()
    if account is None:
        raise AccountNotFound(request.params.acct)
    return serialize_account(account)


@api_endpoint("GET", "read:accounts", auth="optional", params=BatchParams, returns=list[entities.Account])
def batch(request: ApiRequest[BatchParams]) -> list[entities.Account]:
    """Show several accounts (`id[]`, at most 40) in the order asked; those one may not see are left out."""
    ids = list(dict.fromkeys(request.params.id))
    found = visible_accounts(request.user).in_bulk(ids)
    return serialize_accounts([found[account_id] for account_id in ids if account_id in found])


@api_endpoint("GET", "read:accounts", auth="optional", returns=entities.Account)
def account_detail(request: ApiRequest[NoParams], account_id: int) -> entities.Account:
    """Show an account."""
    return serialize_account(get_visible_account(request.user, account_id))


class RelationshipsParams(Params):
    id: Annotated[list[Id], Field(max_length=100)] = []


@api_endpoint("GET", "read:follows", params=RelationshipsParams, returns=list[entities.Relationship])
def relationships(request: ApiRequest[RelationshipsParams]) -> list[entities.Relationship]:
    """Show how the logged-in person relates to each of the given accounts (`id[]`, at most 100)."""
    found = graph.relationships(request.require_user(), request.params.id)
    return [serialize_relationship(item) for item in found]


def _edge_list(request: ApiRequest[CursorParams], account_id: int, *, followers: bool) -> HttpResponse:
    account = get_visible_account(request.user, account_id)
    visible = visible_accounts(request.user)
    if followers:
        edges = Follow.objects.filter(followee=account, follower__in=visible).select_related("follower")
    else:
        edges = Follow.objects.filter(follower=account, followee__in=visible).select_related("followee")
    if not connections_visible(request.user, account):
        edges = edges.none()
    page = paginate(request, edges)
    people = [edge.follower if followers else edge.followee for edge in page.rows]
    return paginated_response(request, page, serialize_accounts(people))


@api_endpoint(
    "GET", "read:accounts", auth="optional", params=CursorParams, returns=list[entities.Account], paginated=True
)
def followers(request: ApiRequest[CursorParams], account_id: int) -> HttpResponse:
    """List the accounts following an account, newest follow first."""
    return _edge_list(request, account_id, followers=True)


@api_endpoint(
    "GET", "read:accounts", auth="optional", params=CursorParams, returns=list[entities.Account], paginated=True
)
def following(request: ApiRequest[CursorParams], account_id: int) -> HttpResponse:
    """List the accounts an account follows, newest follow first."""
    return _edge_list(request, account_id, followers=False)


def _target(account_id: int) -> User:
    # Not filtered by blocks: one unblocks (and unfollows) an account one cannot see.
    target = User.objects.filter(pk=account_id, suspended_at__isnull=True, is_active=True).first()
    if target is None:
        raise AccountNotFound(account_id)
    return target


def _graph_action(
    action: Callable[[User, User], graph.Relationship],
) -> Callable[[ApiRequest[NoParams], int], entities.Relationship]:
    def act(request: ApiRequest[NoParams], account_id: int) -> entities.Relationship:
        return serialize_relationship(action(request.require_user(), _target(account_id)))

    act.__doc__ = action.__doc__
    return act


class FollowParams(Params):
    notify: Flag | None = None


@api_endpoint("POST", "write:follows", params=FollowParams, returns=entities.Relationship)
def follow(request: ApiRequest[FollowParams], account_id: int) -> entities.Relationship:
    """Follow an account, or ask to (notify: be notified of its new posts)."""
    relationship = graph.follow(request.require_user(), _target(account_id), notify_posts=request.params.notify)
    return serialize_relationship(relationship)


unfollow = api_endpoint("POST", "write:follows", returns=entities.Relationship)(_graph_action(graph.unfollow))
block = api_endpoint("POST", "write:blocks", returns=entities.Relationship)(_graph_action(graph.block))
unblock = api_endpoint("POST", "write:blocks", returns=entities.Relationship)(_graph_action(graph.unblock))
unmute = api_endpoint("POST", "write:mutes", returns=entities.Relationship)(_graph_action(graph.unmute))


class MuteParams(Params):
    notifications: Flag = True


@api_endpoint("POST", "write:mutes", params=MuteParams, returns=entities.Relationship)
def mute(request: ApiRequest[MuteParams], account_id: int) -> entities.Relationship:
    """Mute an account's posts (and notifications, unless notifications=false)."""
    relationship = graph.mute(request.require_user(), _target(account_id), notifications=request.params.notifications)
    return serialize_relationship(relationship)


@api_endpoint("GET", "read:blocks", params=CursorParams, returns=list[entities.Account], paginated=True)
def blocks(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the accounts the logged-in person blocks."""
    page = paginate(request, Block.objects.filter(blocker=request.require_user()).select_related("blocked"))
    return paginated_response(request, page, serialize_accounts([row.blocked for row in page.rows]))


@api_endpoint("GET", "read:mutes", params=CursorParams, returns=list[entities.Account], paginated=True)
def mutes(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the accounts the logged-in person mutes."""
    page = paginate(request, Mute.objects.filter(muter=request.require_user()).select_related("muted"))
    return paginated_response(request, page, serialize_accounts([row.muted for row in page.rows]))
