"""Read the curated CSV files as spreadsheets write them: UTF-8 with or without BOM, `;` or `,`.

Each row comes back with its spreadsheet row number (header = row 1) so that every error can
name the file, the row and the column.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, LoadError

SEPARATORS = (";", ",")


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file: its cells by column name, and where it came from."""

    file: str
    number: int
    cells: dict

    def get(self, column):
        """The stripped cell text, or ``""`` when empty or absent."""
        return (self.cells.get(column) or "").strip()

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
    rows = []
    for number, cells in enumerate(reader, start=2):
        if None in cells:
            raise DataError(
                f"{label} row {number}: more cells than columns",
                [f"{label} row {number}: more cells than the header has columns "
                 "(a separator inside a cell needs quotes)"],
            )
        if any((value or "").strip() for value in cells.values()):
            rows.append(Row(label, number, cells))
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
