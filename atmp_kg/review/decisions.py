"""From the decisions a person wrote in a proposal folder to ``Change``s and ``Rejection``s.

``decided(path)`` reads ``review/<name>/`` (a harvest's proposals) or, for a file, the adapter
``atmp_kg.review.reconciled.decisions(path, graph_dir)`` (a reconciliation's candidates and checks), and returns one
``Decisions`` either way: what ``atmp-kg review`` lists and ``--apply`` merges."""

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from atmp_kg.errors import UsageError
from atmp_kg.review.changes import Change
from atmp_kg.review.proposals import read_proposals
from atmp_kg.review.rejected import Rejection
from atmp_kg.review.tables import source_ids


@dataclass
class Decisions:
    """``changes`` accepted (to merge), ``rejections`` (to record), ``pending`` and ``same``
    (one line each: where, and what), for one proposal folder or file named ``name``."""

    name: str
    changes: list = field(default_factory=list)
    rejections: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    same: list = field(default_factory=list)


def decided(path, graph_dir=None):
    """The ``Decisions`` of the proposal folder or reconciliation file at ``path``, for the graph in
    ``graph_dir`` (a reconciliation's accepted checks end identifiers it holds)."""
    path = Path(path)
    if path.is_file():
        try:
            adapter = importlib.import_module("atmp_kg.review.reconciled")
        except ModuleNotFoundError:
            raise UsageError(f"{path}: a file, and no reader of reconciliation files is installed; "
                             "give a proposal folder such as review/clinicaltrials") from None
        return adapter.decisions(path, graph_dir)
    proposals, sources = read_proposals(path)
    decisions = Decisions(path.name)
    for proposal in proposals:
        what = describe(proposal)
        if proposal.kind == "same":
            decisions.same.append(f"{proposal.where}: {what}")
        elif proposal.decision == "":
            decisions.pending.append(f"{proposal.where}: {what}")
        elif proposal.decision == "reject":
            field_ = proposal.field or ""
            value = proposal.row.get(field_, "") if field_ else ""
            decisions.rejections.append(Rejection(path.name, proposal.table, proposal.key, field_, value))
        else:
            decisions.changes.append(change_of(proposal, sources))
    return decisions


def change_of(proposal, sources):
    """The ``Change`` an accepted proposal asks for; its sources taken from the folder's sources.csv
    (ids not there must be in graph/sources.csv already: the validation says so otherwise)."""
    used = tuple(sources[id_] for id_ in source_ids(proposal.row) if id_ in sources)
    if proposal.kind == "new":
        return Change(proposal.table, proposal.key, row=proposal.row, sources=used, origin=proposal.where)
    return Change(proposal.table, proposal.key, proposal.field, proposal.old, proposal.row[proposal.field],
                  sources=used, origin=proposal.where)


def describe(proposal):
    """One line: ``new actor alpha (Alpha SA)``, ``same as ...``, ``actor alpha: website "" -> ...``."""
    label = proposal.row.get("name") or proposal.row.get("title") or ""
    if proposal.kind == "new":
        return f"new {proposal.table} row {proposal.key}" + (f" ({label})" if label else "")
    if proposal.kind == "same":
        return f"{proposal.table} {proposal.key}: same as in graph/"
    return f"{proposal.table} {proposal.key}: {proposal.field} {proposal.old or chr(34) * 2} -> " \
           f"{proposal.row[proposal.field] or chr(34) * 2}"
