"""Django settings for the server under benchmark: Photogram's own, plus the benchmark's reference endpoints.

The API's rate limit still runs (its Redis round trip is part of every request) but never refuses: the load
comes from one address and would be turned away in seconds otherwise.
"""

from photogram.settings import *  # noqa: F403
from photogram.settings import RATE_LIMIT_POLICIES

ROOT_URLCONF = "bench.urls"
RATE_LIMIT_POLICIES = {**RATE_LIMIT_POLICIES, "api": (1_000_000_000, 300)}
