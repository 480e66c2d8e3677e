from django.urls import path

from photogram.api import openapi
from photogram.api.v1 import accounts, apps, follow_requests, instance, media, statuses

urlpatterns = [
    path("openapi.json", openapi.document, name="openapi"),
    path("v1/apps", apps.create_app),
    path("v1/apps/verify_credentials", apps.verify_app_credentials),
    path("v1/instance", instance.instance_v1),
    path("v2/instance", instance.instance_v2),
    path("v1/accounts", accounts.register),
    path("v1/accounts/verify_credentials", accounts.verify_credentials),
    path("v1/accounts/update_credentials", accounts.update_credentials),
    path("v1/accounts/lookup", accounts.lookup),
    path("v1/accounts/relationships", accounts.relationships),
    path("v1/accounts/<int:account_id>", accounts.account_detail),
    path("v1/accounts/<int:account_id>/followers", accounts.followers),
    path("v1/accounts/<int:account_id>/following", accounts.following),
    path("v1/accounts/<int:account_id>/follow", accounts.follow),
    path("v1/accounts/<int:account_id>/unfollow", accounts.unfollow),
    path("v1/accounts/<int:account_id>/block", accounts.block),
    path("v1/accounts/<int:account_id>/unblock", accounts.unblock),
    path("v1/accounts/<int:account_id>/mute", accounts.mute),
    path("v1/accounts/<int:account_id>/unmute", accounts.unmute),
    path("v1/accounts/<int:account_id>/statuses", statuses.account_statuses),
    path("v1/blocks", accounts.blocks),
    path("v1/mutes", accounts.mutes),
    path("v1/media", media.create),
    path("v2/media", media.create),
    path("v1/media/<int:media_id>", media.detail),
    path("v1/statuses", statuses.create),
    path("v1/statuses/<int:status_id>", statuses.detail),
    path("v1/statuses/<int:status_id>/context", statuses.context),
    path("v1/follow_requests", follow_requests.pending),
    path("v1/follow_requests/<int:account_id>/authorize", follow_requests.authorize),
    path("v1/follow_requests/<int:account_id>/reject", follow_requests.reject),
]
