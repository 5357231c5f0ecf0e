"""A reconciliation file (``review/reconcile-<registry>.csv``, written by ``atmp-kg reconcile``)
read as ``Decisions``, for ``atmp-kg review FILE --apply``.

An accepted candidate sets one field of the actor in graph/actors.csv (``wikidata``, ``ror``,
``lei``, ``enterprise_number`` or ``place``), with the registry record's page as its source (added
to sources.csv and to the actor's sources). An accepted check writes the identifier's history in
graph/identifiers.csv instead of overwriting a cell: a row ends the identifier the graph holds
(``valid_to`` the record's date, ``status`` the registry's reason: deprecated, lapsed, merged...),
with the record as its source; a second row adds the successor the record names, if any; and the
actors.csv cell that held the old identifier is emptied (the two tables must agree). A check
without a registry record (an enterprise number missing from the open data) has no page to cite:
accepting it is an error that says to record the end by hand. A rejected row is recorded in
``rejected.csv`` (table ``actors``, the actor, the field, the value) and never proposed again. A
check whose value is the current one changes nothing.
"""

from pathlib import Path

from atmp_kg.errors import DataError
from atmp_kg.read.identifier_claims import COLUMNS, normal
from atmp_kg.reconcile.records import table_rows
from atmp_kg.reconcile.review_file import read
from atmp_kg.review.changes import Change, shown
from atmp_kg.review.decisions import Decisions
from atmp_kg.review.proposals import DECISIONS
from atmp_kg.review.rejected import Rejection
from atmp_kg.review.tables import row_key

FIELDS = ("wikidata", "ror", "lei", "enterprise_number", "place")
SCHEMES = {column: scheme for scheme, column in COLUMNS.items()}  # actors.csv column -> scheme code
SOURCE_COLUMNS = ("url", "title", "publisher", "date", "language")
LEI_ENDINGS = {"LAPSED": "lapsed", "RETIRED": "retired", "ANNULLED": "annulled", "DUPLICATE": "annulled",
               "MERGED": "merged"}


def decisions(path, graph_dir=None):
    """The ``Decisions`` of the reconciliation file at ``path`` for the graph in ``graph_dir``
    (where an accepted check finds the identifier it ends); a DataError names each wrong cell (an
    unknown decision or field, two accepted values for one field of one actor, a check without a
    record to cite)."""
    path = Path(path)
    found, problems, accepted = Decisions(path.name), [], {}
    graph = _Graph(graph_dir)
    for row in read(path):
        decision = DECISIONS.get(row["decision"].strip().lower())
        if decision is None:
            problems.append(f"{row['where']}, column decision: {row['decision']!r}: "
                            "write accept, reject or leave it empty")
            continue
        if row["field"] not in FIELDS:
            problems.append(f"{row['where']}, column field: {row['field']!r} is none of {', '.join(FIELDS)}")
            continue
        what = (f"actor {row['actor']}: {row['field']} {shown(row['current'])} -> {shown(row['value'])} "
                f"({row['status']})")
        if row["value"] == row["current"]:
            found.same.append(f"{row['where']}: {what}: nothing to change")
        elif decision == "":
            found.pending.append(f"{row['where']}: {what}")
        elif decision == "reject":
            found.rejections.append(Rejection(path.name, "actors", row["actor"], row["field"], row["value"]))
        else:
            first = accepted.setdefault((row["actor"], row["field"]), row)
            if first is not row:
                problems.append(f"{row['where']}, column decision: a second accepted {row['field']} for "
                                f"{row['actor']} (the first: {first['where']}); accept one")
            elif row["status"] == "check" and row["field"] in SCHEMES:
                if not row["source"]:
                    problems.append(f"{row['where']}, column decision: no registry record to cite for the end of "
                                    f"{row['current']}; record it in graph/identifiers.csv with a source that shows "
                                    "it ended (graph/README.md)")
                else:
                    found.changes += graph.history(row)
            else:
                found.changes.append(Change("actors", row["actor"], row["field"], row["current"], row["value"],
                                            sources=_sources(row), origin=row["where"]))
    if problems:
        raise DataError(f"{len(problems)} problem(s) in {path}", problems)
    return found


class _Graph:
    """What an accepted check needs of graph/: the actors.csv cells and the identifiers.csv rows."""

    def __init__(self, graph_dir):
        self.actors = {row.get("id"): row for row in table_rows(graph_dir, "actors")} if graph_dir else {}
        self.identifiers = {row_key("identifiers", row): row for row in table_rows(graph_dir, "identifiers")} \
            if graph_dir else {}

    def history(self, row):
        """The ``Change``s that end the identifier a check row is about and add its successor."""
        scheme, sources, origin = SCHEMES[row["field"]], _sources(row), row["where"]
        ended = {"actor": row["actor"], "scheme": scheme, "value": row["current"], "source": row["source"],
                 "valid_to": row["date"], "status": ended_status(row),
                 "note": f"the registry record says {row['candidate_status'] or 'it ended'}"
                         + (f"; successor {row['value']}" if row["value"] else "")}
        changes = []
        cell = (self.actors.get(row["actor"]) or {}).get(row["field"], "")
        if cell and normal(scheme, cell) == normal(scheme, row["current"]):
            changes.append(Change("actors", row["actor"], row["field"], cell, "", origin=origin))
        key = row_key("identifiers", ended)
        if (existing := self.identifiers.get(key)) is not None:  # the row with this source: set its end
            changes += [Change("identifiers", key, column, existing.get(column), ended[column], origin=origin)
                        for column in ("valid_to", "status") if ended[column] != existing.get(column)]
        else:
            changes.append(Change("identifiers", key, row=ended, sources=sources, origin=origin))
        if row["value"]:
            successor = {"actor": row["actor"], "scheme": scheme, "value": row["value"], "source": row["source"],
                         "note": f"named as the successor of {row['current']} by the registry record"}
            changes.append(Change("identifiers", row_key("identifiers", successor), row=successor, sources=sources,
                                  origin=origin))
        return changes


def ended_status(row):
    """The identifier-status code of a check row, from the registry's own word for its record.

    >>> ended_status({"field": "lei", "candidate_status": "ACTIVE/LAPSED"})
    'lapsed'
    """
    field, status = row["field"], row["candidate_status"]
    if field == "ror":
        return "withdrawn" if status == "withdrawn" else "deprecated"
    if field == "lei":
        return LEI_ENDINGS.get(status.rpartition("/")[2], "inactive")
    if field == "wikidata":
        return "merged" if status == "merged" else "dissolved" if status.startswith("dissolved") else "mismatch"
    return "stopped"


def _sources(row):
    """The registry record's row for graph/sources.csv (none for an identifier the registry
    no longer lists: there is no page to cite)."""
    if not row["source"] or not row["url"]:
        return ()
    note = f"registry record for the {row['field'].replace('_', ' ')} of {row['actor_name'] or row['actor']}"
    return ({"id": row["source"], "note": note, **{column: row[column] for column in SOURCE_COLUMNS}},)
