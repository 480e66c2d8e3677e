"""A task the tests send through the real broker and worker (the full profile's worker imports this module)."""

from django.core.cache import cache

from photogram.celery import app


@app.task(name="tests.record_in_cache")
def record_in_cache(key: str, value: int) -> None:
    cache.set(key, value, 60)
