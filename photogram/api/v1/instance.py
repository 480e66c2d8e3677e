"""`/api/v1/instance` and `/api/v2/instance`: what this server is and the limits it really enforces; its rules,
long description, peers and weekly activity (`/api/v1/instance/...`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.templatetags.static import static
from django.utils import timezone

from photogram import __version__
from photogram.accounts.models import User
from photogram.accounts.services.images import MAX_UPLOAD_BYTES
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NoParams
from photogram.api.serializers.status_bodies import timestamp
from photogram.core import text
from photogram.core.urls import absolute_url
from photogram.push.services import vapid
from photogram.server.services import instance

# Mastodon clients gate features on the version they read here, so it claims only what is served: 4.3 turns
# Ice Cubes' grouped notifications on (`/api/v2/notifications`; Phanpy also looks at `api_versions.mastodon`
# >= 2 for them). docs/clients.md has each app's gates.
MASTODON_COMPATIBLE_VERSION = "4.3.0"


def _version() -> str:
    return f"{MASTODON_COMPATIBLE_VERSION} (compatible; Photogram {__version__})"


def _configuration() -> dict[str, Any]:
    limits = settings.CONTENT_LIMITS
    return {
        "urls": {"streaming": settings.STREAMING_URL, "status": None},
        "vapid": {"public_key": vapid.server_key()},
        "accounts": {"max_featured_tags": 0, "max_pinned_statuses": limits["max_pinned_statuses"]},
        "statuses": {
            "max_characters": limits["max_caption_characters"],
            "max_media_attachments": limits["max_media_attachments"],
            "characters_reserved_per_url": 23,
        },
        "media_attachments": {
            "supported_mime_types": limits["supported_mime_types"],
            "image_size_limit": limits["image_size_limit"],
            "image_matrix_limit": limits["image_matrix_limit"],
            "video_size_limit": limits["video_size_limit"],
            "video_frame_rate_limit": 60,
            "video_matrix_limit": 3840 * 2160,
            "description_limit": 1500,
        },
        "polls": {"max_options": 0, "max_characters_per_option": 0, "min_expiration": 0, "max_expiration": 0},
        "translation": {"enabled": False},
        "profile": {"avatar_size_limit": MAX_UPLOAD_BYTES, "header_size_limit": MAX_UPLOAD_BYTES},
    }


@api_endpoint("GET", auth="none", returns=entities.InstanceV2)
def instance_v2(request: ApiRequest[NoParams]) -> entities.InstanceV2:
    """Describe this instance (Mastodon's Instance entity, v2)."""
    thumbnail = absolute_url(static("photogram/header-missing.png"))
    return {
        "domain": settings.INSTANCE_DOMAIN,
        "title": settings.INSTANCE_TITLE,
        "version": _version(),
        "source_url": settings.SOURCE_URL,
        "description": settings.INSTANCE_DESCRIPTION,
        "usage": {"users": {"active_month": User.objects.filter(suspended_at__isnull=True).count()}},
        "thumbnail": {"url": thumbnail},
        "icon": [],
        "languages": [settings.LANGUAGE_CODE.split("-")[0]],
        "configuration": _configuration(),
        "registrations": {"enabled": settings.REGISTRATIONS_OPEN, "approval_required": False, "message": None},
        # 2: Mastodon 4.3's promise of grouped notifications (`/api/v2/notifications`), which clients then call.
        "api_versions": {"mastodon": 2},
        "contact": {"email": settings.INSTANCE_CONTACT_EMAIL, "account": None},
        "rules": _rules(),
    }


@api_endpoint("GET", auth="none", returns=entities.InstanceV1)
def instance_v1(request: ApiRequest[NoParams]) -> entities.InstanceV1:
    """Describe this instance (Mastodon's Instance entity, v1)."""
    return {
        "uri": settings.INSTANCE_DOMAIN,
        "title": settings.INSTANCE_TITLE,
        "short_description": settings.INSTANCE_DESCRIPTION,
        "description": settings.INSTANCE_DESCRIPTION,
        "email": settings.INSTANCE_CONTACT_EMAIL,
        "version": _version(),
        "urls": {"streaming_api": settings.STREAMING_URL},
        "stats": {
            "user_count": User.objects.filter(suspended_at__isnull=True).count(),
            "status_count": User.objects.aggregate(total=Sum("statuses_count"))["total"] or 0,
            "domain_count": 0,
        },
        "thumbnail": absolute_url(static("photogram/header-missing.png")),
        "languages": [settings.LANGUAGE_CODE.split("-")[0]],
        "registrations": settings.REGISTRATIONS_OPEN,
        "approval_required": False,
        "invites_enabled": False,
        "configuration": _configuration(),
        "contact_account": None,
        "rules": _rules(),
    }


def _rules() -> list[entities.Rule]:
    return [{"id": str(rule.pk), "text": rule.text, "hint": rule.hint} for rule in instance.rules()]


@api_endpoint("GET", auth="none", returns=list[entities.Rule])
def rules(request: ApiRequest[NoParams]) -> list[entities.Rule]:
    """List the rules of this instance, in the order its admins gave them."""
    return _rules()


@api_endpoint("GET", auth="none", returns=entities.ExtendedDescription)
def extended_description(request: ApiRequest[NoParams]) -> entities.ExtendedDescription:
    """Show the long description of this instance (empty, dated now, until an admin writes one)."""
    description = instance.extended_description()
    if description is None:
        return {"updated_at": timestamp(timezone.now()) or "", "content": ""}
    return {"updated_at": timestamp(description.updated_at) or "", "content": text.render(description.content)}


@api_endpoint("GET", auth="none", returns=list[str])
def peers(request: ApiRequest[NoParams]) -> list[str]:
    """List the domains this instance knows of: none, as it does not federate."""
    return []


@api_endpoint("GET", auth="none", returns=list[entities.InstanceActivity])
def activity(request: ApiRequest[NoParams]) -> list[entities.InstanceActivity]:
    """Count posts, people seen and sign-ups over each of the last twelve weeks, this one first."""
    return [
        {
            "week": str(int(week.starts.timestamp())),
            "statuses": str(week.statuses),
            "logins": str(week.logins),
            "registrations": str(week.registrations),
        }
        for week in instance.activity()
    ]
