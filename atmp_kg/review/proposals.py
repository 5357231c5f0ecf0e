"""The proposal folder ``review/<name>/``: ``<table>.csv`` files in the columns of
``graph/<table>.csv`` plus ``match`` (what the row is to the graph), ``decision`` (filled in by
a person: ``accept``, ``reject`` or empty) and ``explain`` (why the registry record was kept), and
``sources.csv`` in the columns of ``graph/sources.csv``.

``match`` is ``new``, ``same as <key>`` (nothing to do) or ``differs from <key>: <field> <old> ->
<new>`` (one field per row). Cells a spreadsheet would run as formulas are written with a
leading ``'`` and read back without it.
"""

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from atmp_kg.errors import DataError, UsageError
from atmp_kg.read.mapping import TABLES
from atmp_kg.read.tables import read_rows
from atmp_kg.review.changes import shown
from atmp_kg.review.tables import columns, row_key
from atmp_kg.write.spreadsheet import FORMULA_STARTS, spreadsheet_cell
from atmp_kg.write.staging import staged_dir

EXTRA = ["match", "decision", "explain"]
DECISIONS = {"": "", "accept": "accept", "accepted": "accept", "reject": "reject", "rejected": "reject"}
DIFFERS = re.compile(r"^differs from (?P<key>[^:]+): (?P<field>[a-z_]+) (?P<rest>.*)$", re.DOTALL)


def new():
    return "new"


def same(key):
    return f"same as {key}"


def differs(key, field, old, new_value):
    return f"differs from {key}: {field} {shown(old)} -> {shown(new_value)}"


@dataclass
class Proposal:
    """One row of a proposal table: ``row`` in graph columns, its ``match`` parsed into ``kind``
    (``new``, ``same``, ``differs``), ``key`` and (for ``differs``) ``field`` and ``old``;
    ``decision`` (``accept``, ``reject``, ``""``); ``where`` (file and row)."""

    table: str
    row: dict
    kind: str
    key: str
    field: str | None
    old: str
    decision: str
    explain: str
    where: str


def write_proposals(folder, tables, sources, explain=True):
    """Write the folder ``review/<name>/``: ``tables`` maps a table name to its rows (dicts in its
    graph columns plus ``match`` and ``explain``); ``sources`` are rows in sources.csv columns.
    ``explain``: write the ``explain`` column (else it is left out).
    The folder is replaced as a whole, only when every file is written (never half a folder);
    tables without rows are not written. The same inputs give the same bytes."""
    with staged_dir(folder) as staging:
        for table, rows in sorted(tables.items()):
            if rows:
                header = columns(table) + (EXTRA if explain else EXTRA[:-1])
                Path(staging, f"{table}.csv").write_text(_csv(header, rows), encoding="utf-8", newline="")
        Path(staging, "sources.csv").write_text(_csv(columns("sources"), sources), encoding="utf-8", newline="")


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_cell(row.get(column, "") or "") for column in header])
    return out.getvalue()


def _plain(value):
    """A cell as written by ``_csv`` back to its value (without the formula guard)."""
    return value[1:] if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS) else value


def read_proposals(folder):
    """``(proposals, sources)`` of a proposal folder: every ``Proposal`` of its tables, and its
    ``sources.csv`` rows by id. A bad file, header, ``match`` or ``decision`` is a DataError
    naming the file, row and column."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder of proposals (made by `atmp-kg harvest`)")
    label = f"{folder.name}"
    sources = {}
    if os.path.lexists(folder / "sources.csv"):
        required, optional = TABLES["sources"]
        for row in read_rows(folder / "sources.csv", required, optional, f"{label}/sources.csv"):
            sources[row["id"]] = {column: _plain(value) for column, value in row.items()}
    proposals, problems = [], []
    for path in sorted(folder.glob("*.csv")):
        table = path.stem
        if table == "sources":
            continue
        if table not in TABLES:
            raise DataError(f"{label}/{path.name}: not a table of graph/",
                            [f"{label}/{path.name}: no table {table!r} in graph/ (see graph/README.md)"])
        required, optional = TABLES[table]
        for row in read_rows(path, ["match"], [*required, *optional, "decision", "explain"], f"{label}/{path.name}"):
            proposal = _proposal(table, row, problems)
            if proposal is not None:
                proposals.append(proposal)
    if problems:
        raise DataError(f"{len(problems)} problem(s) in the proposals of {folder}", problems)
    return proposals, sources


def _proposal(table, row, problems):
    cells = {column: _plain(value) for column, value in row.items()}
    graph_row = {column: cells.get(column, "") for column in columns(table)}
    decision = DECISIONS.get(cells.get("decision", "").lower())
    if decision is None:
        problems.append(f"{row.where('decision')}: {cells['decision']!r}: write accept, reject or leave it empty")
        return None
    match = cells["match"]
    common = {"table": table, "row": graph_row, "decision": decision, "explain": cells.get("explain", ""),
              "where": row.where()}
    if match == "new":
        return Proposal(kind="new", key=row_key(table, graph_row), field=None, old="", **common)
    if match.startswith("same as "):
        return Proposal(kind="same", key=match[len("same as "):], field=None, old="", **common)
    found = DIFFERS.match(match)
    if found and found["field"] in graph_row:
        suffix = f" -> {shown(graph_row[found['field']])}"
        if not found["rest"].endswith(suffix):
            problems.append(f"{row.where(found['field'])}: the match says {match!r} but the column holds "
                            f"{shown(graph_row[found['field']])}; the two must agree")
            return None
        old = found["rest"][: -len(suffix)]
        return Proposal(kind="differs", key=found["key"], field=found["field"], old="" if old == '""' else old,
                        **common)
    problems.append(f"{row.where('match')}: {match!r} is not 'new', 'same as <key>' or "
                    "'differs from <key>: <field> <old> -> <new>'")
    return None
