"""Pure warehouse: tables, migrations, loaders, identity, history and marts. No dagster imports here."""

from pipelines.warehouse.figures import KindFigures, MentoringFigures, SeedFigures
from pipelines.warehouse.identity import pii_key_from_env
from pipelines.warehouse.store import LoadStats, Warehouse, WarehouseConfig

__all__ = [
    "KindFigures",
    "LoadStats",
    "MentoringFigures",
    "SeedFigures",
    "Warehouse",
    "WarehouseConfig",
    "pii_key_from_env",
]
