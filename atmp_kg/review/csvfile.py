"""A curated CSV file edited in place, keeping every row it does not change byte for byte: its
separator, line endings, BOM, quoting and row order stay as the spreadsheet wrote them."""

import csv
import io
from pathlib import Path

from atmp_kg.read.tables import read_text, sniff_separator


class CsvFile:
    """The records of one CSV file, each as its raw text and its cells. ``find(key_columns,
    values)`` finds a row, ``set`` changes one cell (only that record is written anew),
    ``append`` adds a row (a column the header lacks is added at its end: short rows read as
    empty there), ``text()`` is the new file."""

    def __init__(self, path, default_columns=()):
        self.path = Path(path)
        if self.path.exists():
            raw = self.path.read_bytes()
            self.bom = raw.startswith(b"\xef\xbb\xbf")
            text = read_text(self.path)
        else:
            self.bom, text = False, ""
        first = text.split("\n", 1)[0]
        self.separator = sniff_separator(first) if text else ","
        self.newline = "\r\n" if first.endswith("\r") else "\n"
        self.records = list(_records(text))  # [raw text, cells]
        if self.records:
            self.header = [name.strip() for name in self.records[0][1]]
        else:
            self.header = list(default_columns)
            self.records = [[self._line(self.header), list(self.header)]]
        self.changed = not self.path.exists()

    def rows(self):
        """``(index, {column: stripped cell})`` of each data row that is not blank."""
        for index, (_, cells) in enumerate(self.records[1:], start=1):
            if any(cell.strip() for cell in cells):
                yield index, {column: (cells[i].strip() if i < len(cells) else "")
                              for i, column in enumerate(self.header)}

    def find(self, key_columns, values):
        """The index of the first row whose ``key_columns`` hold ``values``, or None."""
        for index, row in self.rows():
            if all(row.get(column, "") == value for column, value in zip(key_columns, values, strict=True)):
                return index
        return None

    def get(self, index, column):
        cells = self.records[index][1]
        position = self.header.index(column) if column in self.header else len(cells)
        return cells[position].strip() if position < len(cells) else ""

    def set(self, index, column, value):
        position = self._column(column)
        cells = self.records[index][1]
        cells.extend([""] * (position + 1 - len(cells)))
        cells[position] = value
        self.records[index][0] = self._line(cells)
        self.changed = True

    def append(self, row):
        for column, value in row.items():
            if value:
                self._column(column)
        if self.records[-1][0] and not self.records[-1][0].endswith(("\n", "\r")):
            self.records[-1][0] += self.newline
        cells = [row.get(column, "") or "" for column in self.header]
        self.records.append([self._line(cells), cells])
        self.changed = True

    def text(self):
        return ("\ufeff" if self.bom else "") + "".join(raw for raw, _ in self.records)

    def _column(self, column):
        if column not in self.header:
            self.header.append(column)
            self.records[0] = [self._line(self.header), list(self.header)]
        return self.header.index(column)

    def _line(self, cells):
        out = io.StringIO()
        csv.writer(out, delimiter=self.separator, lineterminator=self.newline).writerow(cells)
        return out.getvalue()


def _records(text):
    """``[raw text, cells]`` of each CSV record of ``text``: the lines the reader took for it."""
    taken = []

    def lines():
        for line in io.StringIO(text, newline=""):
            taken.append(line)
            yield line

    separator = sniff_separator(text.split("\n", 1)[0]) if text else ","
    for cells in csv.reader(lines(), delimiter=separator):
        raw = "".join(taken)
        taken.clear()
        yield [raw, cells]
    if taken:  # trailing text the reader did not return as a record
        yield ["".join(taken), []]
