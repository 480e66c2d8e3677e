from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from photogram.accounts.models import User
from photogram.accounts.services import moderation, profile

# Generic only in django-stubs (django_stubs_ext does not patch this class).
if TYPE_CHECKING:
    _AdminPasswordChangeForm = AdminPasswordChangeForm[User]
else:
    _AdminPasswordChangeForm = AdminPasswordChangeForm


class RevokingPasswordChangeForm(_AdminPasswordChangeForm):
    """A password a moderator sets (say, for a taken-over account) ends the apps' tokens, as a person's own
    change of password does."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            profile.revoke_tokens(user)
        return user


@admin.register(User)
class PhotogramUserAdmin(UserAdmin[User]):
    list_display = ("username", "email", "display_name", "locked", "suspended_at", "followers_count", "date_joined")
    list_filter = ("locked", "is_staff", "is_active", ("suspended_at", admin.EmptyFieldListFilter))
    readonly_fields = ("suspended_at", "followers_count", "following_count", "statuses_count")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Profile", {"fields": ("display_name", "note", "website", "avatar", "header", "locked")}),
        ("Moderation and counts", {"fields": readonly_fields}),
    )
    actions = ("suspend_accounts", "unsuspend_accounts")
    change_password_form = RevokingPasswordChangeForm

    @admin.action(description="Suspend the selected accounts")
    def suspend_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = moderation.suspend(queryset)
        self.message_user(request, f"Suspended {count} account(s).", messages.SUCCESS)

    @admin.action(description="Lift the suspension of the selected accounts")
    def unsuspend_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = moderation.unsuspend(queryset)
        self.message_user(request, f"Unsuspended {count} account(s).", messages.SUCCESS)

    # The admin's own deletion would cascade the follow rows without moving the counts they make up; the
    # service deletes an account with everything it owns and fixes the counts of the people it touched.
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        profile.delete_account(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for account in queryset:
            profile.delete_account(account)
