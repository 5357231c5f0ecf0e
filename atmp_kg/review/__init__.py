"""Proposals and their merge into ``graph/``: nothing enters the curated tables without a person's
decision, and nothing is merged that the build's validation refuses.

- ``proposals``: the folder ``review/<name>/`` a harvest writes (``write_proposals``) and a person
  decides on in a spreadsheet (``read_proposals``);
- ``decisions``: decided rows as ``Change``s and ``Rejection``s (``decided``); a reconciliation file
  is read by ``atmp_kg.review.reconciled.decisions(path, graph_dir) -> Decisions``;
- ``changes``: ``Change`` and ``apply_changes(graph_dir, changes)``, the merge with validation;
- ``rejected``: ``review/rejected.csv``, read by every proposer (``rejected``, ``is_rejected``).
"""

from atmp_kg.review.changes import Applied, Change, apply_changes
from atmp_kg.review.decisions import Decisions, decided
from atmp_kg.review.rejected import Rejection, is_rejected, record, rejected

__all__ = ["Applied", "Change", "Decisions", "Rejection", "apply_changes", "decided", "is_rejected", "record",
           "rejected"]
