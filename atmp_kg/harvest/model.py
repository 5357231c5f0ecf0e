"""What a registry reader gives: one ``Record`` per registry record, whose rows (in the columns
of ``graph/``) name organisations as ``Org``s until ``matching`` gives each an actor id."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Org:
    """An organisation as a registry names it. ``type``: an actor type when the registry says
    it (a university, a public body), else empty: a person fills it in."""

    name: str
    vat: str = ""
    city: str = ""
    country: str = ""
    type: str = ""
    website: str = ""


@dataclass
class Record:
    """One registry record: its ``source`` row (sources.csv columns), why it was kept
    (``explain``), its ``rows`` as ``(table, {column: value or Org or [Org]})``, and its date
    (``updated``, ISO) for ``--since``."""

    key: str
    source: dict
    explain: str
    rows: list = field(default_factory=list)
    updated: str = ""

    def add(self, table, **cells):
        self.rows.append((table, cells))
