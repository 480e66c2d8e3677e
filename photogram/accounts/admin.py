from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from photogram.accounts.models import User
from photogram.accounts.services import moderation


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

    @admin.action(description="Suspend the selected accounts")
    def suspend_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = moderation.suspend(queryset)
        self.message_user(request, f"Suspended {count} account(s).", messages.SUCCESS)

    @admin.action(description="Lift the suspension of the selected accounts")
    def unsuspend_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = moderation.unsuspend(queryset)
        self.message_user(request, f"Unsuspended {count} account(s).", messages.SUCCESS)
