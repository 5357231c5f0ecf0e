"""``changes.csv``: one row per change, for a spreadsheet (cells that a spreadsheet would run as
formulas made inert)."""

import csv
import io

from atmp_kg.write.spreadsheet import spreadsheet_cell

COLUMNS = ("kind", "subject", "what", "old", "new", "sources", "subject_iri")


def changes_csv(comparison):
    """The changes of ``comparison`` (a ``compare.Comparison``) as CSV text: kind, subject (its
    name), what, old and new values, the sources (their addresses, ``|``-separated) and the
    subject's IRI (or gap report key)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for change in comparison.changes:
        sources = " | ".join(comparison.source(source)[1] or source for source in change.sources)
        writer.writerow([spreadsheet_cell(value) for value in (change.kind, change.label, change.what, change.old,
                                                                change.new, sources, change.subject)])
    return out.getvalue()
