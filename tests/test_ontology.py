"""The ontology: every term labelled and defined in English and French, the closed namespace in
step with the file, and the files parse."""

import pytest
from conftest import ONTOLOGY
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from atmp_kg.rdf.namespaces import ATMP, ATMP_TERMS


@pytest.fixture(scope="module")
def schema():
    graph = Graph()
    for name in ("atmp.ttl", "vocabularies.ttl"):
        graph.parse(ONTOLOGY / name)
    return graph


def defined_terms(schema):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
    return sorted({s for kind in kinds for s in schema.subjects(RDF.type, kind) if isinstance(s, URIRef)})


def test_closed_namespace_lists_exactly_the_ontology_terms(schema):
    in_file = {str(s).removeprefix(str(ATMP)) for s in schema.subjects() if str(s).startswith(str(ATMP))}
    assert in_file == set(ATMP_TERMS)


def test_every_term_is_labelled_and_defined_in_english_and_french(schema):
    missing = []
    for term in defined_terms(schema):
        labels = set(schema.objects(term, RDFS.label)) | set(schema.objects(term, SKOS.prefLabel))
        definitions = set(schema.objects(term, SKOS.definition))
        for language in ("en", "fr"):
            if not any(getattr(x, "language", None) == language for x in labels):
                missing.append(f"{term} label@{language}")
            if not any(getattr(x, "language", None) == language for x in definitions):
                missing.append(f"{term} definition@{language}")
    assert not missing, "\n".join(missing)


def test_stages_are_ordered_without_gaps(schema):
    stages = [s for s in schema.subjects(SKOS.inScheme, URIRef("https://w3id.org/atmp-kg/id/scheme/stages"))]
    positions = sorted(int(schema.value(s, URIRef("https://schema.org/position"))) for s in stages)
    assert positions == list(range(1, len(stages) + 1))


def test_shortcuts_are_property_chains(schema):
    for shortcut in (ATMP.activeInStage, ATMP.worksOnTherapy, ATMP.collaboratesWith, ATMP.spinOffOf):
        assert (shortcut, OWL.propertyChainAxiom, None) in schema


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        ATMP.activeInStge  # noqa: B018
