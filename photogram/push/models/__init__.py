from photogram.push.models.subscription import ALERT_TYPES, PushSubscription

__all__ = ["ALERT_TYPES", "PushSubscription"]
