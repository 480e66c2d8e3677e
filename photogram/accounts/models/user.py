from __future__ import annotations

from django.contrib.auth.models import AbstractUser

from photogram.core.ids.fields import TimeSortableIdField


class User(AbstractUser):
    """A person with an account on this instance."""

    id = TimeSortableIdField(primary_key=True)

    class Meta:
        db_table = "accounts_user"
        swappable = "AUTH_USER_MODEL"
        verbose_name = "user"
        verbose_name_plural = "users"
