"""``review/reconcile-<registry>.csv``: one row per actor and candidate (or check), for a person
to decide on in a spreadsheet (``decision``: ``accept``, ``reject`` or empty).

Written whole or not at all (a temporary file renamed into place); decisions already written in
an earlier file are carried over to the same (actor, field, value). Cells a spreadsheet would
run as formulas get a leading ``'`` (``write.spreadsheet.spreadsheet_cell``).
"""

import csv
import io
import os
from pathlib import Path

from atmp_kg.errors import OutputError
from atmp_kg.write.spreadsheet import FORMULA_STARTS, spreadsheet_cell

COLUMNS = ["actor", "actor_name", "field", "current", "value", "label", "status", "score", "evidence",
           "candidate_status", "source", "url", "title", "publisher", "date", "language", "decision"]
STATUS_ORDER = {"check": 0, "suggested": 1, "ambiguous": 2}


def path_for(review_dir, registry):
    return Path(review_dir) / f"reconcile-{registry}.csv"


def write(path, rows):
    """Write ``rows`` (dicts in ``COLUMNS``) to ``path``, sorted, keeping earlier decisions."""
    path = Path(path)
    earlier = {_key(row): row["decision"] for row in read(path) if row.get("decision")} if path.is_file() else {}
    rows = sorted(rows, key=lambda row: (row["actor"], row["field"], STATUS_ORDER.get(row["status"], 9),
                                         -int(row["score"] or 0), row["value"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        row = {**row, "decision": earlier.get(_key(row), row.get("decision", ""))}
        writer.writerow([spreadsheet_cell(row.get(column, "")) for column in COLUMNS])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(out.getvalue(), encoding="utf-8", newline="")
        os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror})") from error
    return rows


def read(path):
    """The rows of a reconciliation file, as dicts with their cells as written (formula guard
    removed) and ``row`` (the spreadsheet row number)."""
    from atmp_kg.read.tables import read_rows

    rows = read_rows(path, COLUMNS[:7] + ["decision"], COLUMNS[7:-1], str(path))
    return [{**{column: plain(value) for column, value in row.items()}, "row": row.number, "where": row.where()}
            for row in rows]


def plain(value):
    """A cell back to its value: the leading ``'`` of the formula guard removed."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _key(row):
    return row["actor"], row["field"], row["value"]
