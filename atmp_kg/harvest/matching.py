"""What the graph holds already: ``GraphIndex`` finds the actor an ``Org`` is (by enterprise
number first, then by name, alias or former name, after ``name_key``), the place a city is, the
product, trial or project a record names, and the source with a record's address; each answer
says how it matched."""

import os
from dataclasses import dataclass
from pathlib import Path

from atmp_kg.harvest.names import belgian_enterprise_number, name_key, plain
from atmp_kg.review.csvfile import CsvFile
from atmp_kg.review.tables import KEYS, columns, row_key

TABLES = tuple(KEYS)


@dataclass(frozen=True)
class Found:
    """An existing id and how it was found (``by enterprise number 0403.170.701``, ``by name``...)."""

    id: str
    how: str


class GraphIndex:
    """The tables of a graph folder, indexed for matching. ``rows[table]`` maps each row's key
    (``review.tables.KEYS``) to the row; ``claims[table]`` maps a claim's key without its source
    to its rows (a claim two sources make)."""

    def __init__(self, graph_dir):
        graph_dir = Path(graph_dir)
        self.rows, self.claims = {}, {}
        for table in TABLES:
            path = graph_dir / f"{table}.csv"
            rows = [row for _, row in CsvFile(path, columns(table)).rows()] if os.path.lexists(path) else []
            self.rows[table] = {row_key(table, row): row for row in rows}
            if "source" in KEYS[table]:
                claims = self.claims[table] = {}
                for row in rows:
                    claims.setdefault(claim_key(table, row), []).append(row)
        self.actor_numbers, self.actor_names = {}, {}
        for row in self.rows["actors"].values():
            if row.get("enterprise_number"):
                self.actor_numbers[row["enterprise_number"]] = row["id"]
            for column, how in (("name", "name"), ("name_fr", "name"), ("name_nl", "name"), ("aliases", "alias"),
                                ("former_names", "former name")):
                for name in (row.get(column) or "").split("|"):
                    if key := name_key(name):
                        self.actor_names.setdefault(key, Found(row["id"], f"by {how} {name.strip()!r}"))
        self.places = {}
        for row in sorted(self.rows["places"].values(), key=lambda r: r.get("kind") != "municipality"):
            for column in ("name", "name_fr", "name_nl"):
                if key := plain(row.get(column) or ""):
                    self.places.setdefault(key, row["id"])
        self.products = {}
        for row in self.rows["products"].values():
            for name in [row.get("name", ""), *(row.get("aliases") or "").split("|")]:
                if key := name_key(name):
                    self.products.setdefault(key, Found(row["id"], f"by name {name.strip()!r}"))
        self.collaborations = {}
        for row in self.rows["collaborations"].values():
            for column in ("acronym", "name"):
                if key := name_key(row.get(column) or ""):
                    self.collaborations.setdefault(key, Found(row["id"], f"by {column} {row[column]!r}"))
        self.sources = {row["url"]: row["id"] for row in self.rows["sources"].values() if row.get("url")}
        self.statuses = {}  # trial -> [(first day, status, date)] of trials.csv and trial-statuses.csv
        trials, history = self.rows["trials"].values(), self.rows["trial-statuses"].values()
        dated = [(row.get("id"), row.get("status"), row.get("status_date")) for row in trials]
        dated += [(row.get("trial"), row.get("status"), row.get("date")) for row in history]
        for trial, status, date in dated:
            if status and date:
                self.statuses.setdefault(trial, []).append((first_day(date), status, date))

    def actor(self, org):
        """The ``Found`` actor ``org`` is, or None."""
        number = belgian_enterprise_number(org.vat, org.country)
        if number and number in self.actor_numbers:
            return Found(self.actor_numbers[number], f"by enterprise number {number}")
        return self.actor_names.get(name_key(org.name))

    def place(self, city):
        return self.places.get(plain(city or ""), "")

    def product(self, name):
        return self.products.get(name_key(name))

    def collaboration(self, acronym, name):
        return self.collaborations.get(name_key(acronym or "")) or self.collaborations.get(name_key(name or ""))

    def latest_status(self, trial):
        """``(status, date)``: the trial's latest dated status in the graph; ``("", "")`` if none."""
        return max(self.statuses.get(trial, [("", "", "")]))[1:]

    def trial(self, number, other_ids=()):
        for id_ in (number, *other_ids):
            if id_ in self.rows["trials"]:
                how = "by its number" if id_ == number else f"by its number {number} listing {id_}"
                return Found(id_, how)
        return None


def first_day(date):
    """An ISO date, month or year as the text of its first day (``2024-05`` -> ``2024-05-01``)."""
    return date + "-01-01"[len(date) - 4:]


def claim_key(table, row):
    """The key of a claim without its source: the same claim from two sources shares it."""
    return tuple((row.get(column) or "").strip() for column in KEYS[table] if column != "source")
