"""The apps a person has let into their account: listed, and shut out again one at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Min
from oauth2_provider.models import AccessToken, Grant, RefreshToken

from photogram.accounts.models import User


class AuthorizationNotFound(Exception):
    """The person has not authorised this app (or it is already revoked)."""


@dataclass(frozen=True)
class Authorization:
    """One app holding tokens for the person: when it was first let in and last given a token, with what scopes."""

    application_id: int
    name: str
    website: str
    scopes: list[str]
    authorised_at: datetime
    last_token_at: datetime


def authorizations(user: User) -> list[Authorization]:
    """Return the apps holding a token of `user`, the one most recently given a token first."""
    tokens = AccessToken.objects.filter(user=user, application__isnull=False)
    rows = (
        tokens.values("application_id", "application__name")
        .annotate(first=Min("created"), last=Max("created"))
        .order_by("-last", "-application_id")
    )
    scopes: dict[int, set[str]] = {}
    for application_id, scope in tokens.values_list("application_id", "scope"):
        scopes.setdefault(application_id, set()).update(scope.split())
    websites = dict(
        tokens.filter(application__registration__isnull=False).values_list(
            "application_id", "application__registration__website"
        )
    )
    return [
        Authorization(
            application_id=row["application_id"],
            name=row["application__name"],
            website=websites.get(row["application_id"], ""),
            scopes=sorted(scopes.get(row["application_id"], set())),
            authorised_at=row["first"],
            last_token_at=row["last"],
        )
        for row in rows
    ]


def revoke(user: User, application_id: int) -> None:
    """Take back every token and unused code the app holds for `user`: its next API call is refused (401)."""
    with transaction.atomic():
        deleted, _ = AccessToken.objects.filter(user=user, application_id=application_id).delete()
        deleted += RefreshToken.objects.filter(user=user, application_id=application_id).delete()[0]
        deleted += Grant.objects.filter(user=user, application_id=application_id).delete()[0]
    if not deleted:
        raise AuthorizationNotFound(application_id)
