"""``review/rejected.csv``: what a person rejected, so that no harvest or reconciliation proposes
it again. One row per rejection: ``name`` (the proposal folder or file), ``table``, ``key``,
``field`` (empty for a whole new row) and ``value`` (the value refused; empty for a whole row)."""

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from atmp_kg.read.tables import read_rows

REJECTED_FILE = "rejected.csv"
COLUMNS = ["name", "table", "key", "field", "value"]


@dataclass(frozen=True)
class Rejection:
    name: str
    table: str
    key: str
    field: str = ""
    value: str = ""

    def what(self):
        """What was refused, whoever proposed it: ``(table, key, field, value)``."""
        return self.table, self.key, self.field, self.value


def rejected(review_dir):
    """The rejections recorded in ``review_dir/rejected.csv`` (none if the file is absent)."""
    path = Path(review_dir) / REJECTED_FILE
    if not os.path.lexists(path):
        return []
    return [Rejection(**{column: row[column] for column in COLUMNS})
            for row in read_rows(path, COLUMNS[1:3], [COLUMNS[0], *COLUMNS[3:]], str(path))]


def is_rejected(rejections, table, key, field="", value=""):
    """Whether ``rejections`` (``rejected()``'s list, or a set of their ``what()``) refuse this
    proposal: a new row by its key, a field by its key, field and value."""
    refused = rejections if isinstance(rejections, set | frozenset) else {r.what() for r in rejections}
    return (table, key, field or "", value or "") in refused


def record(review_dir, rejections):
    """Append ``rejections`` not recorded yet to ``review_dir/rejected.csv``; returns those added."""
    path = Path(review_dir) / REJECTED_FILE
    known = {r.what() for r in rejected(review_dir)}
    added = []
    for rejection in rejections:
        if rejection.what() not in known:
            known.add(rejection.what())
            added.append(rejection)
    if not added:
        return added
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not path.exists():
        writer.writerow(COLUMNS)
    for rejection in added:
        writer.writerow([getattr(rejection, column) for column in COLUMNS])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(out.getvalue())
    return added
