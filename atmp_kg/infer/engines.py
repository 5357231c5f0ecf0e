"""The one place where the build's engines are chosen: the SHACL validator and the OWL 2 RL
reasoner. Every later step asks the returned ``Engines``, never the options again.

- validator: ``pyshacl-turbo`` (a Rust SHACL engine with pySHACL's API, reading the N-Triples
  text as it is) or ``pyshacl`` (the reference, on an rdflib graph); the same findings and an
  isomorphic report. ``auto``: pyshacl-turbo where it is installed.
- reasoner: ``rules`` (forward chaining of the OWL 2 RL rules the ontology's axioms trigger) or
  ``owlrl`` (the reference, the full closure; slow beyond ~100k triples); the same entailments
  (``atmp_kg.infer.reason``). ``auto``: rules.

Both pairs write the same bytes; the reference engines stay as explicit options and as test
oracles.
"""

from dataclasses import dataclass

from atmp_kg.errors import UsageError

VALIDATORS = ("pyshacl-turbo", "pyshacl")
REASONERS = ("rules", "owlrl")


@dataclass(frozen=True)
class Engines:
    """The chosen validator and reasoner, by name."""

    validator: str
    reasoner: str

    def shacl(self):
        """The ``validate`` function of the chosen SHACL engine (pySHACL's signature)."""
        if self.validator == "pyshacl-turbo":
            from pyshacl_turbo import validate
        else:
            from pyshacl import validate
        return validate

    def shacl_input(self, loaded, asserted_text):
        """The asserted graph in the form the chosen validator reads: pyshacl-turbo parses the
        N-Triples text itself; pySHACL reads an rdflib graph of the schema and the data."""
        if self.validator == "pyshacl-turbo":
            from pyshacl_turbo.rdf import Input  # what its validate() reads as is

            return Input(asserted_text, "nt", None, {}, preserve_ids=True)
        return loaded.asserted()


def choose(validator="auto", reasoner="auto"):
    """The ``Engines`` for the options; UsageError for an unknown or unavailable one."""
    if validator == "auto":
        validator = "pyshacl-turbo" if _turbo_installed() else "pyshacl"
    if validator not in VALIDATORS:
        raise UsageError(f"unknown validator {validator!r}; expected auto or one of {', '.join(VALIDATORS)}")
    if validator == "pyshacl-turbo" and not _turbo_installed():
        raise UsageError("--validator pyshacl-turbo: the pyshacl-turbo package is not installed")
    if reasoner == "auto":
        reasoner = "rules"
    if reasoner not in REASONERS:
        raise UsageError(f"unknown reasoner {reasoner!r}; expected auto or one of {', '.join(REASONERS)}")
    return Engines(validator, reasoner)


def _turbo_installed():
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True
