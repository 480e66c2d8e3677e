"""Signals other apps answer when an account changes in ways that touch what they keep."""

from django.dispatch import Signal

# Sent inside the deleting transaction, before the account's rows go: receivers fix the counts that the
# cascade would otherwise leave wrong (a like on someone else's post, say). Arguments: account.
account_deleting = Signal()
