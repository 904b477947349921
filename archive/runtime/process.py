"""Settings of a whole long-running hoso process (an app server, a worker), made once at its start."""

from __future__ import annotations

import gc

# A young-generation collection every 50,000 new objects instead of 700, and the objects made while
# starting (the search index, the word lists, the analyzer's caches) left out of every collection:
# with Python's defaults a search at 300k pages paused 100-200 ms, one request in ten, for a full
# collection over objects that live as long as the process (bench/api_search_bench.py).
COLLECT_EVERY = 50_000


def settle_memory() -> None:
    """Call when the process has loaded what it keeps and is about to serve."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, 50, 100)
