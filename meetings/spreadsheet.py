"""The answers table (``domain.answers_table``) as a CSV file spreadsheet apps open as it is:
UTF-8 with a byte order mark (so Excel reads Korean names), rows ended by CRLF (RFC 4180),
written by Python's ``csv`` module, and no cell a spreadsheet would run as a formula.

No Django here: both faces serve the bytes, named with ``downloads.title_disposition``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

MEDIA_TYPE = "text/csv; charset=utf-8"
EXTENSION = ".csv"
DEFAULT_STEM = "meetifyr-answers"  # the file's name when the title leaves nothing
BOM = "\ufeff"
# OWASP's CSV injection advice: a cell starting with one of these may be read as a formula
# (or, after a tab or CR, shifted into one); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(text: str) -> str:
    """The text as a spreadsheet shows it, never as a formula: ``'`` before a risky start."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_render(rows: Iterable[Sequence[str]]) -> bytes:
    """The rows as the file's bytes, every cell made safe."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([cell_safe(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8")
