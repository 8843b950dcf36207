"""Identity: the cadre key (keyed HMAC-SHA256 of the normalized ID number) and masking.

Raw ID numbers never leave the restricted store; everything analysts see carries the key
and the masked form `500156********002X`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import unicodedata
from functools import cache

from stdnum.cn import ric

log = logging.getLogger(__name__)

# Only for development and tests: production sets CADRE_ETL_PII_KEY.
DEV_PII_KEY = b"cadre-etl-development-key-not-secret"

# A run of 14–18 digits (the last may be X), not part of a longer digit run: an ID number
# as written in a cell, full or truncated by Excel. Python's \d also matches full-width digits.
_ID_LIKE = re.compile(r"(?<!\d)\d{13,17}[\dXxＸｘ](?!\d)")
# An ID number Excel turned into a float and printed in scientific notation.
_SCIENTIFIC = re.compile(r"\d\.\d{4,}[eE]\+?1[4-7]")


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


def normalize_id(raw: str) -> str:
    """NFKC, no spaces, upper-case X; a 15-digit number is widened to 18 with its check digit."""
    text = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
    if len(text) == 15 and text.isdigit():
        body = text[:6] + "19" + text[6:]
        return body + ric.calc_check_digit(body + "0")  # stdnum wants the check position present
    return text


def cadre_key(pii_key: bytes, id_number: str) -> str:
    """HMAC-SHA256 (hex) of the normalized ID number, keyed by the PII key."""
    return hmac.new(pii_key, normalize_id(id_number).encode("ascii", "replace"), hashlib.sha256).hexdigest()


def mask_id(id_number: str) -> str:
    """Keep the region code (6) and the last 4 characters: `500156********002X`."""
    text = normalize_id(id_number)
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_text(text: str | None) -> str | None:
    """Mask every ID-looking run inside free text (cell values, problem messages)."""
    if text is None:
        return None
    masked = _ID_LIKE.sub(lambda m: mask_id(m.group()), text)
    return _SCIENTIFIC.sub("*.****E+**", masked)
