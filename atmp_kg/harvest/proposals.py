"""From registry ``Record``s to proposal rows: each organisation matched to an actor (or
proposed as a new one), each row compared with the graph (``new``, ``same as``, ``differs
from``), what a person rejected before left out, the same proposal from two records made one."""

from dataclasses import dataclass, field

from atmp_kg.harvest.matching import claim_key
from atmp_kg.harvest.model import Org
from atmp_kg.harvest.names import belgian_enterprise_number, name_key, slug
from atmp_kg.review.proposals import differs, new, same
from atmp_kg.review.rejected import is_rejected
from atmp_kg.review.tables import KEYS, columns, row_key, source_ids

LISTS = {"aliases", "former_names", "sites", "therapies", "type", "sources"}  # |-separated: merged, never replaced
FILL_ONLY = {"name", "title", "acronym", "description", "indication", "therapy", "legal_class", "kind", "type",
             "place", "website", "name_fr", "name_nl", "note"}  # curated words: a registry fills, never rewrites
ENTITY_ORDER = ("collaborations", "products", "trials")  # matched before the rows that name them
REFERENCES = {"memberships": ("collaboration",), "figures": ("subject",), "phases": ("product",),
              "trials": ("product",), "trial-statuses": ("trial",)}
STATUS_COLUMNS = ("status", "status_date", "note")  # of trials.csv: a known trial's status is a trial-statuses row


@dataclass
class Proposals:
    """``tables``: table -> proposal rows (graph columns, ``match``, ``explain``); ``sources``:
    the source rows they use; ``counts``: table -> {new, same, differs}; ``left_out``: proposals
    rejected before."""

    tables: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    left_out: int = 0


def propose(records, index, rejections=()):
    """The ``Proposals`` for ``records`` against ``index`` (a ``GraphIndex``), leaving out what
    ``rejections`` (``review.rejected``) refuse."""
    state = _State(index, {r.what() for r in rejections})
    for record in sorted(records, key=lambda r: r.key):
        state.add(record)
    return state.result()


class _State:
    def __init__(self, index, refused):
        self.index, self.refused = index, refused
        self.out = {}  # (table, kind, key, field, value) -> proposal row
        self.new_actors = {}  # identity (enterprise number or name key) -> actor id
        self.taken = set(index.rows["actors"])
        self.sources = {}
        self.left_out = set()  # what a person rejected before, met again

    # -- one record ------------------------------------------------------------------------
    def add(self, record):
        source = self.index.sources.get(record.source["url"]) or record.source["id"]
        renames = {record.source["id"]: source}
        for table, cells in record.rows:
            if table in ENTITY_ORDER:
                found = self._entity_found(table, cells)
                if found is not None:
                    renames[cells["id"]] = found.id
        used = False
        for table, cells in record.rows:
            notes = []
            row = {}
            for column, value in cells.items():
                if column.startswith("_"):
                    continue
                if isinstance(value, Org):
                    value = self._actor(value, source, record, notes)
                    if value is None:  # a new actor a person rejected: nor the rows that name it
                        break
                elif isinstance(value, list):
                    value = "|".join(filter(None, (self._actor(org, source, record, notes) for org in value)))
                elif column in ("id", "source", "sources", *REFERENCES.get(table, ())):
                    value = "|".join(renames.get(part, part) for part in value.split("|")) if value else value
                row[column] = value
            else:
                if table in ENTITY_ORDER and row["id"] != cells["id"]:
                    notes.append(f"the graph's {row['id']}")
                if (row := self._trial_status(table, row, notes)) is not None:
                    used |= self._compare(table, row, "; ".join([record.explain, *notes]))
        if used and source == record.source["id"]:
            self.sources[source] = record.source

    def _entity_found(self, table, cells):
        if table == "collaborations":
            return self.index.collaboration(cells.get("acronym"), cells.get("name"))
        if table == "products":
            return self.index.product(cells.get("name"))
        return self.index.trial(cells["id"], cells.get("_ids", ()))

    def _trial_status(self, table, row, notes):
        """``row`` as it is proposed, or None: the status of a trial the graph holds goes into
        trial-statuses.csv (its trials.csv row without the status columns), as a new dated row
        only when it is not the trial's latest status there; a new trial keeps its status in its
        trials.csv row."""
        trial = row.get("id") if table == "trials" else row.get("trial")
        if table not in ("trials", "trial-statuses") or trial not in self.index.rows["trials"]:
            return None if table == "trial-statuses" else row
        if table == "trials":
            return {column: value for column, value in row.items() if column not in STATUS_COLUMNS}
        status, date = self.index.latest_status(trial)
        if status == row["status"]:
            return None
        notes.append(f"the graph's latest status of {trial}: {status} as of {date}" if status
                     else f"the graph has no status of {trial}")
        return row

    # -- organisations ---------------------------------------------------------------------
    def _actor(self, org, source, record, notes):
        found = self.index.actor(org)
        if found is not None:
            notes.append(f"{org.name!r} is {found.id}, found {found.how}")
            self._actor_update(found, org, source, record)
            return found.id
        number = belgian_enterprise_number(org.vat, org.country)
        identity = number or name_key(org.name) or org.name
        actor = self.new_actors.get(identity)
        if actor is None:
            actor = self.new_actors[identity] = self._free_id(slug(org.name) or "actor")
        if is_rejected(self.refused, "actors", actor):
            self.left_out.add(("actors", actor))
            return None
        notes.append(f"{org.name!r}: no actor with its enterprise number or name: new actor {actor}")
        how = (f"enterprise number {number} from its VAT number" if number else "not found by name") + (
            "" if org.type else "; its type is not given by the registry: fill it in")
        self._compare("actors", {"id": actor, "type": org.type, "name": org.name, "place": self.index.place(org.city),
                                 "enterprise_number": number, "website": org.website, "sources": source},
                      f"{record.explain}; {how}")
        return actor

    def _actor_update(self, found, org, source, record):
        existing = self.index.rows["actors"][found.id]
        row = {"id": found.id, "sources": source}
        number = belgian_enterprise_number(org.vat, org.country)
        if number and not existing.get("enterprise_number"):
            row["enterprise_number"] = number
        known = {name_key(n) for c in ("name", "name_fr", "name_nl", "aliases", "former_names")
                 for n in (existing.get(c) or "").split("|")}
        if name_key(org.name) not in known:
            row["aliases"] = org.name
        if org.city and not existing.get("place"):
            row["place"] = self.index.place(org.city)
        if org.type and not existing.get("type"):
            row["type"] = org.type
        self._compare("actors", row, f"{record.explain}; found {found.how}")

    def _free_id(self, base):
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate

    # -- comparison with the graph ---------------------------------------------------------
    def _compare(self, table, row, explain):
        """Add the proposal rows of ``row``; whether any is new or differs (its source is used)."""
        key = row_key(table, row)
        existing = self.index.rows[table].get(key)
        if existing is None and "source" in KEYS[table]:
            for other in self.index.claims[table].get(claim_key(table, row), ()):
                if all(not value or other.get(column) == value for column, value in row.items()
                       if column not in ("source", "note")):
                    return self._put(table, "same", row_key(table, other), row, same(row_key(table, other)), explain)
        if existing is None:
            full = {column: row.get(column, "") for column in columns(table)}
            return self._put(table, "new", key, full, new(), explain)
        used = False
        for column in columns(table):
            value, old = row.get(column, ""), existing.get(column, "")
            if column in ("id", "sources", *KEYS[table]) or not value or value == old:
                continue
            if column in LISTS:
                parts = [p for p in old.split("|") if p]
                added = [p for p in value.split("|") if p and p not in parts]
                if not added:
                    continue
                value = "|".join(parts + added)
            elif old and column in FILL_ONLY:
                continue
            changed = dict(existing)
            changed[column] = value
            if "sources" in changed:
                changed["sources"] = row.get("sources", "")
            used |= self._put(table, "differs", key, changed, differs(key, column, old, value), explain, column)
        if not used:
            self._put(table, "same", key, existing, same(key), explain)
        return used

    def _put(self, table, kind, key, row, match, explain, column=""):
        value = row.get(column, "") if column else ""
        if kind != "same" and is_rejected(self.refused, table, key, column, value):
            self.left_out.add((table, key, column, value))
            return False
        slot = (table, kind, key, column, value)
        if slot in self.out:
            kept = self.out[slot]
            if kind != "same" and "sources" in kept:
                ids = source_ids(kept) + [i for i in source_ids(row) if i not in source_ids(kept)]
                kept["sources"] = "|".join(ids)
            return kind != "same"
        self.out[slot] = {**{c: row.get(c, "") for c in columns(table)}, "match": match, "explain": explain}
        return kind != "same"

    def result(self):
        proposals = Proposals(left_out=len(self.left_out))
        for (table, kind, *_), row in self.out.items():
            proposals.tables.setdefault(table, []).append(row)
            counts = proposals.counts.setdefault(table, {"new": 0, "same": 0, "differs": 0})
            counts[kind] += 1
        used = {i for rows in proposals.tables.values() for row in rows if not row["match"].startswith("same")
                for i in source_ids(row)}
        proposals.sources = [self.sources[i] for i in sorted(self.sources) if i in used]
        return proposals
