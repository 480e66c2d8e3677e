"""Changing one's profile and password, and deleting one's account."""

from __future__ import annotations

import functools

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from oauth2_provider.models import AccessToken, Grant, RefreshToken

from photogram.accounts.models import Follow, User
from photogram.accounts.services.images import AVATAR, HEADER, ImageRefused, prepare_profile_image
from photogram.accounts.signals import account_deleting
from photogram.accounts.validation import FieldErrors
from photogram.core.counters.tracked import adjust_many

DISPLAY_NAME_MAX = 30
NOTE_MAX = 500


def update_profile(
    user: User,
    *,
    display_name: str | None = None,
    note: str | None = None,
    website: str | None = None,
    locked: bool | None = None,
    avatar: UploadedFile | None = None,
    header: UploadedFile | None = None,
) -> User:
    """Change the given parts of a profile (None: leave as is), all or nothing."""
    problems = FieldErrors()
    if display_name is not None and len(display_name) > DISPLAY_NAME_MAX:
        problems.add("display_name", "ERR_TOO_LONG", f"is too long (maximum is {DISPLAY_NAME_MAX} characters)")
    if note is not None and len(note) > NOTE_MAX:
        problems.add("note", "ERR_TOO_LONG", f"is too long (maximum is {NOTE_MAX} characters)")
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            problems.add("website", "ERR_INVALID", "is not a valid http(s) address")
    images = {}
    for name, upload, kind in (("avatar", avatar, AVATAR), ("header", header, HEADER)):
        if upload is not None:
            try:
                images[name] = prepare_profile_image(upload, kind)
            except ImageRefused as error:
                problems.add(name, "ERR_INVALID", str(error))
    if problems:
        raise problems
    if display_name is not None:
        user.display_name = display_name.strip()
    if note is not None:
        user.note = note.strip()
    if website is not None:
        user.website = website.strip()
    if locked is not None:
        user.locked = locked
    replaced = []
    for name, content in images.items():
        field = getattr(user, name)
        if field:
            replaced.append(field.name)
        field.save(content.name, content, save=False)
    user.save()
    for old in replaced:
        transaction.on_commit(functools.partial(user.avatar.storage.delete, old))
    return user


def change_password(user: User, *, current: str, new: str) -> None:
    """Replace the password after checking the current one; end every other session and token."""
    problems = FieldErrors()
    if not user.check_password(current):
        problems.add("current_password", "ERR_INVALID", "is not your current password")
    else:
        try:
            password_validation.validate_password(new, user)
        except ValidationError as error:
            problems.add("password", "ERR_INVALID", " ".join(error.messages))
    if problems:
        raise problems
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        revoke_tokens(user)


def revoke_tokens(user: User) -> None:
    """Revoke every OAuth token of the user (a password change, a suspension).

    Unused authorization codes go too: one handed out just before would otherwise still buy a token.
    """
    Grant.objects.filter(user=user).delete()
    RefreshToken.objects.filter(user=user).delete()
    AccessToken.objects.filter(user=user).delete()


def delete_account(user: User) -> None:
    """Delete the account with everything it owns and every relationship; fix the counts it touched."""
    files = [field.name for field in (user.avatar, user.header) if field]
    storage = user.avatar.storage
    with transaction.atomic():
        followees = Follow.objects.filter(follower=user).values_list("followee_id", flat=True)
        followers = Follow.objects.filter(followee=user).values_list("follower_id", flat=True)
        changes: dict[int, dict[str, int]] = {pk: {"followers_count": -1} for pk in followees}
        for pk in followers:
            changes.setdefault(pk, {})["following_count"] = -1
        adjust_many(User, changes)
        # Apps above this one (posts: likes, saves and comments on others' posts) fix the counts they keep.
        account_deleting.send(sender=User, account=user)
        revoke_tokens(user)
        # Follows, requests, blocks, mutes and grants go with the user row (ON DELETE CASCADE).
        user.delete()
    for name in files:
        transaction.on_commit(functools.partial(storage.delete, name))
