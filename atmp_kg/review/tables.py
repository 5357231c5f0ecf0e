"""What the merge needs to know of the curated tables: their columns (``read.mapping.TABLES``),
the columns that identify a row of each (its key), and where a row names its sources."""

from atmp_kg.read.mapping import TABLES

# the columns whose values identify a row: ``id`` where a table has one; else the claim's parts
# and its one source (two sources of one claim are two rows: both are kept)
KEYS = {
    "sources": ("id",), "places": ("id",), "actors": ("id",), "collaborations": ("id",),
    "products": ("id",), "trials": ("id",), "sites": ("id",),
    "events": ("actor", "event", "date", "source"),
    "identifiers": ("actor", "scheme", "value", "source"),
    "capabilities": ("actor", "stages", "therapies", "source"),
    "relations": ("subject", "relation", "object", "source"),
    "memberships": ("actor", "collaboration", "role", "source"),
    "figures": ("subject", "measure", "period", "source"),
    "phases": ("product", "phase", "source"),
    "trial-statuses": ("trial", "status", "date", "source"),  # a status may come back: its date is part of it
}
KEY_SEPARATOR = "/"  # between the parts of a key: no id, code or date holds it


def columns(table):
    """The columns of ``graph/<table>.csv``: required first, then optional (``read.mapping.TABLES``)."""
    required, optional = TABLES[table]
    return [*required, *optional]


def row_key(table, row):
    """The key of ``row`` (a dict of cells) in ``table``: its key columns' values joined by ``/``.

    >>> row_key("memberships", {"actor": "alpha", "collaboration": "p1", "role": "partner", "source": "s"})
    'alpha/p1/partner/s'
    """
    return KEY_SEPARATOR.join((row.get(column) or "").strip() for column in KEYS[table])


def source_ids(row):
    """The source ids a row names in its ``sources`` (``|``-separated) or ``source`` cell."""
    cell = row.get("sources") or row.get("source") or ""
    return [part.strip() for part in cell.split("|") if part.strip()]
