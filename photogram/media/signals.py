"""Signals other apps answer when uploads change in ways that touch what they keep."""

from django.dispatch import Signal

# Sent after an upload's served face changed (state, renditions, description or focus), in or after the
# transaction that changed it: the posts showing it answer by moving on from their cached bodies.
# Arguments: media_ids.
media_changed = Signal()
