"""A reconciliation file (``review/reconcile-<registry>.csv``, written by ``atmp-kg reconcile``)
read as ``Decisions``, for ``atmp-kg review FILE --apply``.

An accepted row sets one field of the actor in graph/actors.csv (``wikidata``, ``ror``, ``lei``,
``enterprise_number`` or ``place``) from ``current`` to ``value`` (empty: the identifier ends),
with the registry record's page as its source (added to sources.csv and to the actor's
sources). A rejected row is recorded in ``rejected.csv`` (table ``actors``, the actor, the field,
the value) and never proposed again. A check whose value is the current one changes nothing.
"""

from pathlib import Path

from atmp_kg.errors import DataError
from atmp_kg.reconcile.review_file import read
from atmp_kg.review.changes import Change, shown
from atmp_kg.review.decisions import Decisions
from atmp_kg.review.proposals import DECISIONS
from atmp_kg.review.rejected import Rejection

FIELDS = ("wikidata", "ror", "lei", "enterprise_number", "place")
SOURCE_COLUMNS = ("url", "title", "publisher", "date", "language")


def decisions(path):
    """The ``Decisions`` of the reconciliation file at ``path``; a DataError names each wrong cell
    (an unknown decision or field, two accepted values for one field of one actor)."""
    path = Path(path)
    found, problems, accepted = Decisions(path.name), [], {}
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
                continue
            found.changes.append(Change("actors", row["actor"], row["field"], row["current"], row["value"],
                                        sources=_sources(row), origin=row["where"]))
    if problems:
        raise DataError(f"{len(problems)} problem(s) in {path}", problems)
    return found


def _sources(row):
    """The registry record's row for graph/sources.csv (none for an identifier the registry
    no longer lists: there is no page to cite)."""
    if not row["source"] or not row["url"]:
        return ()
    note = f"registry record for the {row['field'].replace('_', ' ')} of {row['actor_name'] or row['actor']}"
    return ({"id": row["source"], "note": note, **{column: row[column] for column in SOURCE_COLUMNS}},)
