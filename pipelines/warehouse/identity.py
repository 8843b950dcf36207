"""Identity: the cadre key (keyed HMAC-SHA256 of the normalized ID number) and masking.

The masking functions live in `pipelines.ingest.redact` (so ingest can mask its log lines too)
and are re-exported here.

Raw ID numbers never leave the restricted store; everything analysts see carries the key
and the masked form `500156********002X`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from functools import cache

from pipelines.ingest.redact import mask_id, mask_text, normalize_id

__all__ = ["DEV_PII_KEY", "cadre_key", "mask_id", "mask_text", "normalize_id", "pii_key_from_env"]

log = logging.getLogger(__name__)

# Only for development and tests: production sets CADRE_ETL_PII_KEY.
DEV_PII_KEY = b"cadre-etl-development-key-not-secret"


def pii_key_from_env(value: str | None) -> bytes:
    """The PII key from the environment value of CADRE_ETL_PII_KEY; a loud warning when unset."""
    if value:
        return value.encode("utf-8")
    _warn_development_key()
    return DEV_PII_KEY


@cache
def _warn_development_key() -> None:
    """Said once per process: loud, but not once per resource that reads the key."""
    log.warning(
        "CADRE_ETL_PII_KEY is not set: using the DEVELOPMENT key. Cadre keys made with it are "
        "not secret and differ from production keys. Set CADRE_ETL_PII_KEY before loading real data."
    )


def cadre_key(pii_key: bytes, id_number: str) -> str:
    """HMAC-SHA256 (hex) of the normalized ID number, keyed by the PII key."""
    return hmac.new(pii_key, normalize_id(id_number).encode("ascii", "replace"), hashlib.sha256).hexdigest()
