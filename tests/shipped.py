"""The shipped data (``ontology/`` and ``graph/``) built once, for the tests that need the real
answers of the named queries' defaults (the fixtures of tests/data invent their actors)."""

import pytest
from conftest import ROOT, inputs_for

from atmp_kg.pipeline import build

GROUPED = {"sources", "actors"}  # the named queries' GROUP_CONCAT columns (actor-profile, gaps-coverage-matrix)


@pytest.fixture(scope="session")
def shipped_build():
    """The build of the shipped tables."""
    return build(inputs_for(ROOT / "graph"))


@pytest.fixture(scope="session")
def shipped_dist(shipped_build, tmp_path_factory):
    """A folder holding the shipped build's inferred graph (``atmp-kg-inferred.ttl``, what
    ``atmp-kg query``, ``serve`` and ``publish`` read), without the rest of ``dist/``."""
    out = tmp_path_factory.mktemp("shipped")
    (out / "atmp-kg-inferred.ttl").write_text("".join(f"{line}\n" for line in shipped_build.sorted_inferred_lines()),
                                              encoding="utf-8")
    return out


def comparable(result):
    """The rows of a ``Result`` as engines agree on them: numbers by value (81000000 and
    81000000.0 are one number), a cell of a space-separated list (``GROUPED``: GROUP_CONCAT, whose
    order is the engine's) as its sorted list."""
    from decimal import Decimal

    from rdflib import Literal

    def cell(name, term):
        if name in GROUPED and term is not None:
            return tuple(sorted(str(term).split(" ")))
        if isinstance(term, Literal) and term.value is not None and not isinstance(term.value, str):
            number = term.value.normalize() if isinstance(term.value, Decimal) else term.value
            return ("value", term.datatype, str(number))
        return term
    return [tuple(cell(name, term) for name, term in zip(result.variables, row, strict=True)) for row in result.rows]
