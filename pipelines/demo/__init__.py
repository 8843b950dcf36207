"""The deterministic demo drop folder (`cadre-etl demo --out DIR`) and the benchmark roster.

Everything is synthetic: names from character lists, ID numbers with valid checksums.
"""

from __future__ import annotations

from pipelines.demo.benchmark import write_benchmark_roster

__all__ = ["write_benchmark_roster"]
