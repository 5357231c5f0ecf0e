"""OWL 2 RL entailments on the tiny fixture, known by construction (tests/data/README.md)."""

import pytest
from conftest import DATA, inputs_for
from graphs import assert_isomorphic
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from atmp_kg.infer.reason import reason
from atmp_kg.rdf.namespaces import ATMP, ORG
from atmp_kg.read.load import load

ID = "https://w3id.org/atmp-kg/id/"


def node(path):
    return URIRef(ID + path)


ENTAILED = [
    (node("actor/alpha"), ATMP.activeInStage, node("stage/preclinical")),  # property chain
    (node("actor/beta"), ATMP.worksOnTherapy, node("therapy/cell-therapy")),  # property chain
    (node("actor/alpha"), ATMP.spinOffOf, node("actor/uni")),  # qualified relation shortcut
    (node("actor/uni"), ATMP.hasSpinOff, node("actor/alpha")),  # inverse of the shortcut
    (node("actor/uni"), ATMP.collaboratesWith, node("actor/alpha")),  # symmetric
    (node("actor/alpha"), ATMP.manufacturedBy, node("actor/beta")),  # inverse
    (node("actor/alpha"), RDF.type, ATMP.Company),  # subclass
    (node("actor/alpha"), RDF.type, ATMP.Actor),  # subclass, two steps
    (node("actor/alpha"), ATMP.locatedIn, node("place/wallonia")),  # subproperty + transitive
    (node("actor/alpha"), ORG.memberOf, node("collaboration/pit-gene")),  # inverse + chain
    (node("capability/alpha--preclinical--in-vivo-gene-therapy"), ATMP.capabilityOf, node("actor/alpha")),
]


@pytest.fixture(scope="module")
def loaded():
    return load(inputs_for(DATA / "tiny"))


@pytest.fixture(scope="module")
def entailments(loaded):
    """The entailed graph per engine, computed once."""
    return {engine: reason(loaded.schema, loaded.data, engine).entailed for engine in ("owlrl", "rules")}


@pytest.mark.parametrize("engine", ["owlrl", "rules"])
@pytest.mark.parametrize("triple", ENTAILED, ids=lambda t: str(t[1]).rsplit("#", 1)[-1] if isinstance(t, tuple) else t)
def test_known_entailment(entailments, engine, triple):
    assert triple in entailments[engine]


def test_nothing_entailed_that_is_false(entailments):
    entailed = entailments["owlrl"]
    assert (node("actor/beta"), ATMP.activeInStage, node("stage/preclinical")) not in entailed
    assert (node("actor/uni"), ORG.memberOf, node("collaboration/pit-gene")) not in entailed


def test_no_reasoner_noise(entailments):
    entailed = entailments["owlrl"]
    for s, p, o in entailed:
        assert not str(s).startswith("http://www.w3.org/"), (s, p, o)
        assert s != o or p == RDF.type, (s, p, o)


def test_rules_engine_matches_owlrl(entailments):
    reference, fast = entailments["owlrl"], entailments["rules"]
    assert_isomorphic(reference, fast, "first owlrl, second the rules engine")


def test_inputs_are_not_mutated(loaded):
    data_before, schema_before = Graph(), Graph()
    for t in loaded.data:
        data_before.add(t)
    for t in loaded.schema:
        schema_before.add(t)
    for engine in ("owlrl", "rules"):
        reason(loaded.schema, loaded.data, engine)  # the module fixture ran them too; again here
    assert_isomorphic(data_before, loaded.data)
    assert_isomorphic(schema_before, loaded.schema)


def test_a_stated_triple_the_rules_also_derive_is_not_reported_as_entailed():
    """A triple of a predicate no rule reads (left out of the rules engine's store) that a rule
    derives again, here ``org:memberOf`` through its sub-property and again through a range:
    stated already, so not entailed; the same for both engines."""
    from rdflib import Literal, Namespace
    from rdflib.namespace import OWL, RDFS

    from atmp_kg.infer.reason import entailments

    ex = Namespace("https://example.org/terms#")
    schema = Graph()
    schema.add((ex.partnerIn, RDFS.subPropertyOf, ORG.memberOf))
    schema.add((ex.partnerIn, RDFS.range, ex.Project))
    schema.add((ex.Project, RDFS.subClassOf, ORG.Organization))
    schema.add((ORG.memberOf, RDF.type, OWL.ObjectProperty))
    actor, project = node("actor/a"), node("collaboration/p")
    data = {(actor, ex.partnerIn, project), (actor, ORG.memberOf, project),
            (project, RDF.type, ORG.Organization), (actor, RDFS.label, Literal("A"))}
    expected = {(project, RDF.type, ex.Project)}
    assert entailments(schema, data, "rules") == expected
    assert entailments(schema, data, "owlrl") == expected
