"""pandera schemas of the four record kinds; their Field descriptions are the data dictionary."""

from __future__ import annotations

import pandera.pandas as pa

from schemas.cadres import CadreSchema
from schemas.evaluations import EvaluationSchema
from schemas.pairings import PairingSchema
from schemas.trainings import TrainingSchema

# Record kinds in load order: later kinds look cadres up in the roster.
SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "cadres": CadreSchema,
    "pairings": PairingSchema,
    "evaluations": EvaluationSchema,
    "trainings": TrainingSchema,
}
KINDS: tuple[str, ...] = tuple(SCHEMAS)

__all__ = ["KINDS", "SCHEMAS", "CadreSchema", "EvaluationSchema", "PairingSchema", "TrainingSchema"]
