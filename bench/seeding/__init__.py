"""Benchmark data: a deterministic, realistic community at any scale, loaded fast (`python -m bench.seed`).

Not an app with models: the only table of its own is the marker that tells a benchmark database from any
other (`marker.py`), created by the seed command in the database it fills and nowhere else.
"""
