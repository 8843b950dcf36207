"""Text that is safe to show: ID numbers masked, and control characters escaped for a terminal.

The masking is the warehouse's (`pipelines.warehouse.identity` re-exports it); it lives here,
at the bottom of the package, so that ingest's own log lines can use it too.
"""

from __future__ import annotations

import re
import traceback
import unicodedata

from stdnum.cn import ric

# A run of 14–18 digits (the last may be X), not part of a longer digit run: an ID number
# as written in a cell, full or truncated by Excel. Python's \d also matches full-width digits.
_ID_LIKE = re.compile(r"(?<!\d)\d{13,17}[\dXxＸｘ](?!\d)")
# An ID number Excel turned into a float and printed in scientific notation.
_SCIENTIFIC = re.compile(r"\d\.\d{4,}[eE]\+?1[4-7]")
# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalize_id(raw: str) -> str:
    """NFKC, no spaces, upper-case X; a 15-digit number is widened to 18 with its check digit."""
    text = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
    if len(text) == 15 and text.isdigit():
        body = text[:6] + "19" + text[6:]
        return body + ric.calc_check_digit(body + "0")  # stdnum wants the check position present
    return text


def mask_id(id_number: str) -> str:
    """Keep the region code (6) and the last 4 characters: `500156********002X`."""
    text = normalize_id(id_number)
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_text(text: str | None) -> str | None:
    """Mask every ID-looking run inside free text (cell values, problem messages, file names)."""
    if text is None:
        return None
    masked = _ID_LIKE.sub(lambda m: mask_id(m.group()), text)
    return _SCIENTIFIC.sub("*.****E+**", masked)


def masked(value: object) -> str:
    """`str(value)` (a path, a message) with every ID-looking run masked: for logs and Dagster metadata."""
    return mask_text(str(value)) or ""


def masked_error(error: BaseException) -> str:
    """`Type: message` of an exception, ID numbers masked (a path in a `FileNotFoundError` may hold one)."""
    return masked(f"{type(error).__name__}: {error}")


def masked_traceback(error: BaseException) -> str:
    """The exception's whole traceback, its chained causes included, with every ID-looking run masked."""
    return masked("".join(traceback.format_exception(error)))


def printable(value: object) -> str:
    """`str(value)` with control characters shown as escapes (ESC as `\\x1b`), so a terminal prints it inert."""
    return _CONTROL.sub(_escape, str(value))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
