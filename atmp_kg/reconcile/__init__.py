"""Reconciliation: propose, for each actor of ``graph/``, the identifiers registries give it
(Wikidata, ROR, GLEIF's LEI, the Belgian enterprise register), with the evidence; check those it
has already. A person decides in ``review/reconcile-<registry>.csv``; ``atmp-kg review`` merges.

- ``records``: the actors and the registry records, reduced to what matching compares;
- ``names``: name keys (legal forms, case, accents gone), web domains, enterprise numbers;
- ``kbo``, ``ror``, ``gleif``, ``wikidata``: one reader per registry, from its files;
- ``online``: the same registries through their web services;
- ``match``: scores and ranks candidates; ``proposals``: the rows; ``review_file``: the file.

``reconcile(registry, graph_dir, source)`` composes them (docs/reconcile.md).
"""

import importlib

from atmp_kg.errors import UsageError

# registry -> (reader module, the actors.csv column it fills)
REGISTRIES = {"wikidata": ("wikidata", "wikidata"), "ror": ("ror", "ror"), "gleif": ("gleif", "lei"),
              "kbo": ("kbo", "enterprise_number")}


def reader(registry):
    """The reader module of ``registry`` and the field it fills."""
    if registry not in REGISTRIES:
        raise UsageError(f"unknown registry {registry!r}; expected one of: {', '.join(REGISTRIES)}")
    module, field = REGISTRIES[registry]
    return importlib.import_module(f"atmp_kg.reconcile.{module}"), field


def reconcile(registry, graph_dir, path=None, found=None, refused=frozenset()):
    """The review rows for ``registry``: its records read from ``path`` (a file, folder or zip in
    the registry's published format) or given as ``found`` (from ``online``), matched against the
    actors of ``graph_dir``. Returns ``(rows, found)``."""
    from atmp_kg.reconcile.proposals import place_index, proposals
    from atmp_kg.reconcile.records import actor_keys, read_actors

    module, field = reader(registry)
    actors = read_actors(graph_dir)
    if found is None:
        keys, identifiers = actor_keys(actors)
        found = module.read(path, keys, identifiers)
    return proposals(actors, found, field, place_index(graph_dir), refused), found
