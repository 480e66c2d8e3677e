"""`/api/v1/accounts`: registration, profiles, and the follow graph."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from oauth2_provider.models import AccessToken
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import generate_token

from photogram.accounts.models import Block, Follow, Mute, User
from photogram.accounts.services import graph, profile, registration
from photogram.accounts.services.visibility import AccountNotFound, get_visible_account, visible_accounts
from photogram.accounts.validation import FieldErrors
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError, not_found
from photogram.api.pagination import paginate, paginated_response
from photogram.api.serializers.accounts import (
    serialize_account,
    serialize_accounts,
    serialize_credential_account,
    serialize_relationship,
)
from photogram.core.ratelimit import policy as ratelimit


def field_errors_to_api(problems: FieldErrors) -> ApiError:
    details = {
        name: [{"error": code, "description": description} for code, description in items]
        for name, items in problems.errors.items()
    }
    return ApiError(422, problems.summary(), details=details)


def _account(request: ApiRequest, account_id: int) -> User:
    try:
        return get_visible_account(request.user, account_id)
    except AccountNotFound:
        raise not_found() from None


@api_endpoint({"POST": "write:accounts"}, auth="app")
def register(request: ApiRequest) -> dict[str, Any]:
    """Open an account; answer a token for it, with the scopes of the app token that asked."""
    if request.caller is None or request.caller.user is not None:
        raise ApiError(403, "Registration needs an app token (client credentials), not a person's token")
    if not settings.REGISTRATIONS_OPEN:
        raise ApiError(403, "Registrations are closed on this instance")
    ratelimit.spend("sign_up", ratelimit.client_ip(request.http))
    params = request.params
    try:
        user = registration.register_account(
            username=params.text("username", "", max_length=200) or "",
            email=params.text("email", "", max_length=254) or "",
            password=params.text("password", "", max_length=1000) or "",
            agreement=bool(params.flag("agreement", False)),
        )
    except FieldErrors as problems:
        raise field_errors_to_api(problems) from None
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


@api_endpoint({"GET": "read:accounts"})
def verify_credentials(request: ApiRequest) -> dict[str, Any]:
    """Show the logged-in person's own account, with its editable source."""
    return serialize_credential_account(request.require_user())


@api_endpoint({"PATCH": "write:accounts"})
def update_credentials(request: ApiRequest) -> dict[str, Any]:
    """Change the logged-in person's profile."""
    user = request.require_user()
    params = request.params
    try:
        profile.update_profile(
            user,
            display_name=params.text("display_name"),
            note=params.text("note"),
            website=params.text("website"),
            locked=params.flag("locked"),
            avatar=params.files.get("avatar"),
            header=params.files.get("header"),
        )
    except FieldErrors as problems:
        raise field_errors_to_api(problems) from None
    user.refresh_from_db()
    return serialize_credential_account(user)


@api_endpoint({"GET": "read:accounts"}, auth="optional")
def lookup(request: ApiRequest) -> dict[str, Any]:
    """Find an account by its username."""
    acct = request.params.required_text("acct").lstrip("@")
    username, _, domain = acct.partition("@")
    if domain and domain != settings.INSTANCE_DOMAIN:
        raise not_found()
    account = visible_accounts(request.user).filter(username__iexact=username).first()
    if account is None:
        raise not_found()
    return serialize_account(account)


@api_endpoint({"GET": "read:accounts"}, auth="optional")
def account_detail(request: ApiRequest, account_id: int) -> dict[str, Any]:
    """Show an account."""
    return serialize_account(_account(request, account_id))


@api_endpoint({"GET": "read:follows"})
def relationships(request: ApiRequest) -> list[dict[str, Any]]:
    """Show how the logged-in person relates to each of the given accounts."""
    ids = request.params.id_list("id")
    return [serialize_relationship(item) for item in graph.relationships(request.require_user(), ids)]


def _collection_visible(request: ApiRequest, account: User) -> bool:
    """Return whether the viewer may list whom a (possibly locked) account follows and is followed by."""
    viewer = request.user
    if not account.locked or (viewer is not None and viewer.pk == account.pk):
        return True
    return viewer is not None and Follow.objects.filter(follower=viewer, followee=account).exists()


def _edge_list(request: ApiRequest, account_id: int, *, followers: bool) -> HttpResponse:
    account = _account(request, account_id)
    visible = visible_accounts(request.user)
    if followers:
        edges = Follow.objects.filter(followee=account, follower__in=visible).select_related("follower")
    else:
        edges = Follow.objects.filter(follower=account, followee__in=visible).select_related("followee")
    if not _collection_visible(request, account):
        edges = edges.none()
    page = paginate(request, edges)
    people = [edge.follower if followers else edge.followee for edge in page.rows]
    return paginated_response(request, page, serialize_accounts(people))


@api_endpoint({"GET": "read:accounts"}, auth="optional")
def followers(request: ApiRequest, account_id: int) -> HttpResponse:
    """List the accounts following an account, newest follow first."""
    return _edge_list(request, account_id, followers=True)


@api_endpoint({"GET": "read:accounts"}, auth="optional")
def following(request: ApiRequest, account_id: int) -> HttpResponse:
    """List the accounts an account follows, newest follow first."""
    return _edge_list(request, account_id, followers=False)


def _graph_action(action: Callable[[User, User], graph.Relationship]) -> Callable[[ApiRequest, int], dict[str, Any]]:
    def run(request: ApiRequest, account_id: int) -> dict[str, Any]:
        actor = request.require_user()
        target = User.objects.filter(pk=account_id, suspended_at__isnull=True, is_active=True).first()
        if target is None:
            raise not_found()
        try:
            return serialize_relationship(action(actor, target))
        except AccountNotFound:
            raise not_found() from None
        except graph.GraphActionRefused as error:
            raise ApiError(403 if error.forbidden else 422, str(error)) from None

    run.__doc__ = action.__doc__
    return run


follow = api_endpoint({"POST": "write:follows"})(_graph_action(graph.follow))
unfollow = api_endpoint({"POST": "write:follows"})(_graph_action(graph.unfollow))
block = api_endpoint({"POST": "write:blocks"})(_graph_action(graph.block))
unblock = api_endpoint({"POST": "write:blocks"})(_graph_action(graph.unblock))
unmute = api_endpoint({"POST": "write:mutes"})(_graph_action(graph.unmute))


@api_endpoint({"POST": "write:mutes"})
def mute(request: ApiRequest, account_id: int) -> dict[str, Any]:
    """Mute an account's posts (and notifications, unless notifications=false)."""
    notifications = request.params.flag("notifications", True)

    def action(actor: User, target: User) -> graph.Relationship:
        return graph.mute(actor, target, notifications=bool(notifications))

    return _graph_action(action)(request, account_id)


@api_endpoint({"GET": "read:blocks"})
def blocks(request: ApiRequest) -> HttpResponse:
    """List the accounts the logged-in person blocks."""
    page = paginate(request, Block.objects.filter(blocker=request.require_user()).select_related("blocked"))
    return paginated_response(request, page, serialize_accounts([row.blocked for row in page.rows]))


@api_endpoint({"GET": "read:mutes"})
def mutes(request: ApiRequest) -> HttpResponse:
    """List the accounts the logged-in person mutes."""
    page = paginate(request, Mute.objects.filter(muter=request.require_user()).select_related("muted"))
    return paginated_response(request, page, serialize_accounts([row.muted for row in page.rows]))
