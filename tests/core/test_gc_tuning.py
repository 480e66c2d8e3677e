"""A server settles the collector once loaded: start-up objects frozen, young collections rarer."""

from __future__ import annotations

from tests.support.processes import run_django

CHECK = """
import gc, weakref
from photogram.core import gc_tuning
before = gc.get_freeze_count()
gc_tuning.settle_for_serving()
class Node: pass
node = Node(); node.me = node; alive = weakref.ref(node); del node
print(before, gc.get_freeze_count() > 1000, ','.join(map(str, gc.get_threshold())), gc.collect() >= 1, alive() is None)
"""


def test_a_settled_process_freezes_start_up_objects_and_still_frees_new_cycles() -> None:
    finished = run_django(CHECK)
    assert finished.returncode == 0, finished.stderr
    before, frozen, thresholds, collected, freed = finished.stdout.split()
    assert before == "0"
    assert frozen == "True"  # Django's loaded modules and settings, at least
    assert thresholds == "10000,20,20"
    assert (collected, freed) == ("True", "True")
