"""Opening an account."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from photogram.accounts.models import User
from photogram.accounts.validation import FieldErrors, username_problems
from photogram.notifications.services import hooks as notify


def register_account(*, username: str, email: str, password: str, agreement: bool) -> User:
    """Create an account, or raise FieldErrors naming every problem with the request at once."""
    username, email = username.strip(), email.strip()
    problems = FieldErrors()
    for code, description in username_problems(username):
        problems.add("username", code, description)
    if not problems.errors.get("username") and User.objects.filter(username__iexact=username).exists():
        problems.add("username", "ERR_TAKEN", "is already taken")
    if not email:
        problems.add("email", "ERR_BLANK", "can't be blank")
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.add("email", "ERR_INVALID", "is not a valid email address")
        else:
            if User.objects.filter(email__iexact=email).exists():
                problems.add("email", "ERR_TAKEN", "is already in use")
    if not password:
        problems.add("password", "ERR_BLANK", "can't be blank")
    else:
        try:
            password_validation.validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            problems.add("password", "ERR_INVALID", " ".join(error.messages))
    if not agreement:
        problems.add("agreement", "ERR_ACCEPTED", "must be accepted")
    if problems:
        raise problems
    try:
        with transaction.atomic():
            account = User.objects.create_user(username=username, email=email, password=password)
            notify.signed_up(account.pk)
            return account
    except IntegrityError:
        # Someone took the name between the check and the insert.
        problems.add("username", "ERR_TAKEN", "is already taken")
        raise problems from None
