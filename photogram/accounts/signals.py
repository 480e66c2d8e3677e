"""Signals other apps answer when an account changes in ways that touch what they keep."""

from django.dispatch import Signal

# Sent inside the deleting transaction, before the account's rows go: receivers fix the counts that the
# cascade would otherwise leave wrong (a like on someone else's post, say). Arguments: account.
account_deleting = Signal()

# Sent inside the blocking transaction: receivers take away what each of the two left on the other's things
# (likes and comments on posts, as Instagram does), which neither can see any more. Arguments: blocker, blocked.
account_blocked = Signal()
