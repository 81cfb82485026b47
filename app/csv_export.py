"""CSV files that open cleanly in Excel and Google Sheets and cannot smuggle in formulas."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text, with a leading apostrophe when it would otherwise start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if starts_a_formula(text) else text


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet may read the cell as a formula, even after trimming white space."""
    # NFKC folds the full-width and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) that some spreadsheets
    # read as = + - @; only the first character after any white space matters.
    first = unicodedata.normalize("NFKC", text.lstrip()[:1])
    return text.startswith(FORMULA_STARTS) or first.startswith(FORMULA_STARTS)


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[object]], rows_per_chunk: int = 50
) -> Iterator[str]:
    """CSV text in pieces, for a response that streams: a byte-order mark (so Excel reads
    UTF-8) before the header, then neutralised rows, `rows_per_chunk` at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(cell) for cell in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a byte-order mark (Excel reads it as UTF-8) and neutralised cells."""
    return "".join(csv_chunks(header, rows))
