"""The garbage collector's settings for long-running servers (web workers, the feed service).

A request allocates thousands of short-lived dicts and lists. With CPython's default first threshold (700
allocations) a home-feed read triggered about one collection, and every few hundred reads a full one that
walked every object Django, the URL resolvers and the caches had made at start-up, making the slowest
requests much slower (docs/performance.md, "Figures behind code choices"). So a server, once loaded, freezes
what exists (start-up objects leave the collector's generations for good, as Instagram did with its
prefork servers) and collects the youngest generation every GEN0_THRESHOLD allocations instead. Reference
counting still frees all that is not in a cycle at once; only cyclic garbage waits longer.
"""

from __future__ import annotations

import gc

GEN0_THRESHOLD = 10_000
GEN1_THRESHOLD = 20
GEN2_THRESHOLD = 20


def settle_for_serving() -> None:
    """Freeze the objects made so far and collect less often; call once the server's code is loaded."""
    gc.collect()  # what start-up left as garbage goes now, not frozen for the process's lifetime
    gc.freeze()
    gc.set_threshold(GEN0_THRESHOLD, GEN1_THRESHOLD, GEN2_THRESHOLD)
