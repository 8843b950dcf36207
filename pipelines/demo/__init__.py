"""The deterministic demo drop folder (`cadre-etl demo --out DIR`) and the benchmark roster.

Everything is synthetic: names from character lists, ID numbers with valid checksums. One
seeded random generator drives every choice, so two runs write byte-identical files.
"""

from __future__ import annotations

import random
from pathlib import Path

from pipelines.demo import chengqu, huolu, wulong
from pipelines.demo.benchmark import write_benchmark_roster
from pipelines.demo.people import People
from pipelines.demo.registry import write_registries
from pipelines.demo.township import Township, write_township

SEED = 20230301

__all__ = ["generate", "townships", "write_benchmark_roster"]


def townships(seed: int = SEED) -> list[Township]:
    """Every office of the demo, 武隆区 first, then 城区."""
    rng = random.Random(seed)
    people = People(rng)
    return [huolu.build(people, rng), *wulong.build(people, rng), *chengqu.build(people, rng)]


def generate(out: Path) -> None:
    """Write the demo drop folder into `out/<district>/<township>/`, and each district's registry."""
    for township in townships():
        write_township(out, township)
    write_registries(out)
