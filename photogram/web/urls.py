"""The web app's addresses. Posts, profiles and hashtags live where the API's entities say (`url`)."""

from django.urls import path

# Registers the `id` converter (a 64-bit id) the post addresses use, as the API's do.
import photogram.api.urls  # noqa: F401
from photogram.web.views import accounts, actions, follow_requests, pages, public, settings

urlpatterns = [
    path("", pages.home, name="home"),
    path("explore", pages.explore, name="explore"),
    path("search", pages.search, name="search"),
    path("new", pages.new_post, name="new_post"),
    path("notifications", pages.notifications, name="notifications"),
    path("manifest.webmanifest", public.manifest, name="web_manifest"),
    path("tags/<str:name>", pages.hashtag, name="hashtag"),
    path("@<str:username>", pages.profile, name="profile"),
    path("@<str:username>/followers", pages.followers, name="followers"),
    path("@<str:username>/following", pages.following, name="following"),
    path("@<str:username>/follow", actions.follow, name="follow"),
    path("@<str:username>/unfollow", actions.unfollow, name="unfollow"),
    path("@<str:username>/block", actions.block, name="block"),
    path("@<str:username>/unblock", actions.unblock, name="unblock"),
    path("@<str:username>/mute", actions.mute, name="mute"),
    path("@<str:username>/unmute", actions.unmute, name="unmute"),
    path("@<str:username>/<id:status_id>", pages.post_page, name="post"),
    path("@<str:username>/<id:status_id>/like", actions.like, name="like"),
    path("@<str:username>/<id:status_id>/unlike", actions.unlike, name="unlike"),
    path("@<str:username>/<id:status_id>/save", actions.save, name="save"),
    path("@<str:username>/<id:status_id>/unsave", actions.unsave, name="unsave"),
    path("@<str:username>/<id:status_id>/comment", actions.comment, name="comment"),
    path("@<str:username>/<id:status_id>/delete", actions.delete, name="delete"),
    path("auth/sign_in", accounts.sign_in, name="sign_in"),
    path("auth/sign_out", accounts.sign_out, name="sign_out"),
    path("auth/sign_up", accounts.sign_up, name="sign_up"),
    path("follow_requests", follow_requests.inbox, name="follow_requests"),
    path("follow_requests/<id:account_id>/authorize", follow_requests.authorize, name="authorize_follow_request"),
    path("follow_requests/<id:account_id>/reject", follow_requests.reject, name="reject_follow_request"),
    path("settings", settings.index, name="settings"),
    path("settings/profile", settings.edit_profile, name="edit_profile"),
    path("settings/privacy", settings.privacy, name="privacy"),
    path("settings/blocked", settings.blocked, name="blocked"),
    path("settings/muted", settings.muted, name="muted"),
    path("settings/apps", settings.apps, name="apps"),
    path("settings/apps/<int:application_id>/revoke", settings.revoke_app, name="revoke_app"),
    path("settings/sessions", settings.sessions, name="sessions"),
    path("settings/sessions/others/sign_out", settings.sign_out_other_sessions, name="sign_out_other_sessions"),
    path("settings/sessions/<str:session>/sign_out", settings.sign_out_session, name="sign_out_session"),
    path("settings/password", accounts.change_password, name="change_password"),
    path("settings/delete", accounts.delete_account, name="delete_account"),
]
