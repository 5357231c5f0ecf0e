"""Read the curated CSV files as spreadsheets write them: UTF-8 with or without BOM, `;` or `,`.

Each row comes back with its spreadsheet row number (header = row 1) so that every error can
name the file, the row and the column.
"""

import csv
import io
import os
import stat
import unicodedata
from pathlib import Path

from atmp_kg.errors import DataError, LoadError

SEPARATORS = (";", ",")
MAX_CELL = 32_767  # characters: the most a spreadsheet cell holds
BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}  # unicodedata.bidirectional
BIDI_MARKS = {"\u200e", "\u200f", "\u061c"}  # left-to-right, right-to-left and Arabic letter marks


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


def regular_file(path):
    """Raise LoadError unless ``path`` is a regular file (after its symbolic links) that can be
    looked at: never open a FIFO or a device (reading one waits or never ends), a folder or a
    symbolic link loop."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise LoadError(f"{path}: cannot read ({error.strerror})") from error
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
        raise LoadError(f"{path}: cannot read: {kind}")


def read_text(path):
    """The text of ``path`` decoded as UTF-8 (a BOM is dropped); LoadError names the file."""
    regular_file(path)
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


def text_problem(text):
    """Why ``text`` may not be in the graph, or None: a control character other than tab and
    line breaks, or a noncharacter (XML, which the GEXF and GraphML downloads are, forbids them),
    or a bidirectional control character (it can make a name display as another one).

    >>> text_problem("Alpha"), text_problem("Al\u202eahpla")
    (None, 'bidirectional control character U+202E (it can make text display as other text)')
    """
    if text.isprintable():
        return None
    for char in text:
        if char.isprintable() or char in "\t\n\r":
            continue
        code = ord(char)
        if unicodedata.category(char) in ("Cc", "Cs"):
            return f"control character U+{code:04X}"
        if unicodedata.bidirectional(char) in BIDI_CONTROLS or char in BIDI_MARKS:
            return f"bidirectional control character U+{code:04X} (it can make text display as other text)"
        if code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
            return f"noncharacter U+{code:04X}"
    return None


def _plain_text(text):
    """Whether ``text`` needs no ``text_problem`` check cell by cell (C-speed, for big tables)."""
    return text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable()


def sniff_separator(header_line):
    """The separator that splits the header best: `;` (Excel in Belgium) or `,`."""
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: (counts[sep], sep == ";"))


def read_rows(path, required, optional, label=None, problems=None):
    """Rows of the CSV at ``path`` with their numbers; checks the header against the columns.

    ``required`` and ``optional`` are column names; a missing required column or an unknown
    column is a DataError naming the file (and suggests the separator when nothing matched).
    A cell longer than ``MAX_CELL`` characters or with a character ``text_problem`` refuses is
    a problem naming its row and column: added to ``problems`` if given (the row is kept, so
    that the other tables can still refer to it), else raised as a DataError.
    """
    label = label or str(path)
    text = read_text(path)
    header_line = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sniff_separator(header_line))
    found = []
    limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))  # long cells: reported below
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        _check_header(label, header, required, optional)
        rows, columns = [], [*required, *optional]
        check_cells = len(text) > MAX_CELL or not _plain_text(text)
        number = 1
        for number, cells in enumerate(reader, start=2):
            if None in cells:
                raise DataError(
                    f"{label} row {number}: more cells than columns",
                    [f"{label} row {number}: more cells than the header has columns "
                     "(a separator inside a cell needs quotes)"],
                )
            row = Row(label, number, {column: (cells.get(column) or "").strip() for column in columns})
            if check_cells:
                found += _cell_problems(row)
            if any(row.values()):
                rows.append(row)
    except csv.Error as error:
        raise DataError(f"{label} row {number + 1}: not CSV",
                        [f"{label} row {number + 1}: cannot be read as CSV ({error})"]) from error
    finally:
        csv.field_size_limit(limit)
    if problems is not None:
        problems += found
    elif found:
        raise DataError(f"{label}: {len(found)} bad cell(s)", found)
    return rows


def _cell_problems(row):
    for column, cell in row.items():
        if len(cell) > MAX_CELL:
            yield f"{row.where(column)}: {len(cell):,} characters; a cell holds at most {MAX_CELL:,}"
        elif problem := text_problem(cell):
            yield f"{row.where(column)}: {problem} is not allowed"


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
