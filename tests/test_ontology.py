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


# -- the shapes of time -------------------------------------------------------------------

TIME = "https://w3id.org/atmp-kg/id/"


def time_findings(change):
    """The SHACL messages on the mapping-time fixture after ``change(data)``."""
    from conftest import DATA, inputs_for

    from atmp_kg.infer.validate import validate
    from atmp_kg.read.load import load

    loaded = load(inputs_for(DATA / "mapping-time"))  # expected.ttl, read too, has the same triples
    change(loaded.data)
    return {finding.message for finding in validate(loaded).violations}


def test_sound_time_fixture_passes_the_shapes():
    assert time_findings(lambda data: None) == set()


@pytest.mark.parametrize("node, predicate, message", [
    ("event/alpha--absorbed--2021", "http://purl.org/dc/terms/date", "change event needs one date"),
    ("event/alpha--absorbed--2021", "http://www.w3.org/ns/prov#wasDerivedFrom", "needs at least one source"),
    ("phase-claim/prod-a--phase-1--2019-02", "http://purl.org/dc/terms/date", "phase claim needs one date"),
    ("phase-claim/prod-a--phase-1--2019-02", "http://www.w3.org/ns/prov#wasDerivedFrom", "needs at least one source"),
    ("capability/beta--gmp-manufacturing--phage--planned", "https://schema.org/startDate",
     "a planned claim needs the date"),
    ("site/beta-plant", "https://schema.org/startDate", "a planned claim needs the date"),
])
def test_time_shapes_require_date_and_source(node, predicate, message):
    def drop(data):
        data.remove((URIRef(TIME + node), URIRef(predicate), None))

    assert any(text.startswith(message) for text in time_findings(drop)), message


def test_concepts_have_dutch_labels(schema):
    missing = [str(c) for c in schema.subjects(RDF.type, SKOS.Concept)
               if not any(getattr(x, "language", None) == "nl" for x in schema.objects(c, SKOS.prefLabel))]
    assert not missing, "\n".join(missing)


def test_classes_have_dutch_labels(schema):
    """Actor types, claims and places are shown in Dutch as well (the explorer's third language)."""
    missing = [str(c) for c in set(schema.subjects(RDF.type, OWL.Class)) if any(schema.objects(c, RDFS.label))
               and not any(getattr(x, "language", None) == "nl" for x in schema.objects(c, RDFS.label))]
    assert not missing, "\n".join(sorted(missing))
