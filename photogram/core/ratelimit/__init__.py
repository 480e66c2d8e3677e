"""Rate limits: the store interface, and `rate_limits`, the stores configured in settings.RATE_LIMITS.

    result = rate_limits.default.hit(f"login:{ip}", limit=5, window_seconds=300)

The embedded profile counts in-process (`local.LocalRateLimitStore`), the full profile in Redis
(`redis.RedisRateLimitStore`), so every worker and host shares the same counters.
The named budgets the API, the web pages and OAuth spend, and the headers that report them, are in
`policy.py`.
"""

from photogram.core.backends import BackendHandler
from photogram.core.ratelimit.store import RateLimitResult, RateLimitStore

rate_limits: BackendHandler[RateLimitStore] = BackendHandler("RATE_LIMITS", RateLimitStore)

__all__ = ["RateLimitResult", "RateLimitStore", "rate_limits"]
