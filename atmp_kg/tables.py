"""Read the curated CSV files as spreadsheets write them: UTF-8 with or without BOM, `;` or `,`.

Each row comes back with its spreadsheet row number (header = row 1) so that every error can
name the file, the row and the column.
"""

import csv
import io
from pathlib import Path

from .errors import DataError, LoadError

SEPARATORS = (";", ",")


class Row(dict):
    """One data row of a CSV file: ``{column: stripped cell text}`` for every column of its
    table (``""`` when empty or absent: ``row.get(column)`` is a plain dictionary lookup,
    made millions of times for a big landscape), and where it came from."""

    __slots__ = ("file", "number")

    def __init__(self, file, number, cells):
        super().__init__(cells)
        self.file, self.number = file, number

    def where(self, column=None):
        """``file row N`` or ``file row N, column C``: the place an error points at."""
        place = f"{self.file} row {self.number}"
        return f"{place}, column {column}" if column else place


def read_text(path):
    """The text of ``path`` decoded as UTF-8 (a BOM is dropped); LoadError names the file."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise LoadError(f"{path}: cannot read ({error.strerror})") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            f"{path} line {line}: not UTF-8 text",
            [f"{path} line {line}: not UTF-8; save it as 'CSV UTF-8' from the spreadsheet"],
        ) from error


def sniff_separator(header_line):
    """The separator that splits the header best: `;` (Excel in Belgium) or `,`."""
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: (counts[sep], sep == ";"))


def read_rows(path, required, optional, label=None):
    """Rows of the CSV at ``path`` with their numbers; checks the header against the columns.

    ``required`` and ``optional`` are column names; a missing required column or an unknown
    column is a DataError naming the file (and suggests the separator when nothing matched).
    """
    label = label or str(path)
    text = read_text(path)
    header_line = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sniff_separator(header_line))
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    _check_header(label, header, required, optional)
    rows, columns = [], [*required, *optional]
    for number, cells in enumerate(reader, start=2):
        if None in cells:
            raise DataError(
                f"{label} row {number}: more cells than columns",
                [f"{label} row {number}: more cells than the header has columns "
                 "(a separator inside a cell needs quotes)"],
            )
        row = Row(label, number, {column: (cells.get(column) or "").strip() for column in columns})
        if any(row.values()):
            rows.append(row)
    return rows


def _check_header(label, header, required, optional):
    known = set(required) | set(optional)
    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name and name not in known]
    problems = []
    if missing and not (set(header) & known):
        problems.append(
            f"{label} row 1: no known column in the header {header!r}; "
            "the separator must be ';' or ',' and the columns named as in graph/README.md"
        )
    else:
        problems += [f"{label} row 1, column {name}: required column is missing" for name in missing]
        problems += [f"{label} row 1, column {name}: unknown column" for name in unknown]
    if problems:
        raise DataError(f"{label}: bad header", problems)
