"""Which of a person's push subscriptions a new notification goes to, each sent by its own task.

A subscription gets a notification when it asked for its kind (`alerts`) and its policy admits the sender:
`all`, `followed` (the person follows the sender), `follower` (the sender follows the person), or `none`.
"""

from __future__ import annotations

from photogram.accounts.models import Follow
from photogram.core.tasks import enqueue_on_commit
from photogram.push import tasks
from photogram.push.models import PushSubscription

# Mastodon cuts the body there: a lock screen shows a line or two.
BODY_LENGTH = 140

Policy = PushSubscription.Policy


def push_notification(
    *,
    recipient_id: int,
    notification_id: int,
    notification_type: str,
    from_account_id: int | None,
    title: str,
    body: str,
    icon: str,
) -> int:
    """Push a new notification to the recipient's apps that want it, once the transaction commits.

    `title` and `body` are what the phone shows (the body is cut to 140 characters), `icon` the absolute URL
    of the sender's avatar; `from_account_id` is None for a notification nobody sent (a poll that ended).
    Return how many subscriptions it was sent to.
    """
    wanted = [
        subscription
        for subscription in PushSubscription.objects.filter(account_id=recipient_id).only("pk", "alerts", "policy")
        if notification_type in subscription.alerts and subscription.policy != Policy.NONE
    ]
    policies = {subscription.policy for subscription in wanted}
    admitted = {Policy.ALL}
    if from_account_id is not None:
        if Policy.FOLLOWED in policies and _follows(recipient_id, from_account_id):
            admitted.add(Policy.FOLLOWED)
        if Policy.FOLLOWER in policies and _follows(from_account_id, recipient_id):
            admitted.add(Policy.FOLLOWER)
    message = {
        "notification_id": notification_id,
        "notification_type": notification_type,
        "icon": icon,
        "title": title,
        "body": body if len(body) <= BODY_LENGTH else body[: BODY_LENGTH - 1] + "…",
    }
    sent = 0
    for subscription in wanted:
        if subscription.policy in admitted:
            enqueue_on_commit(tasks.deliver_push, subscription.pk, message)
            sent += 1
    return sent


def _follows(follower_id: int, followee_id: int) -> bool:
    return Follow.objects.filter(follower_id=follower_id, followee_id=followee_id).exists()
