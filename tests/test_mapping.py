"""The CSV -> RDF mapping gives exactly the expected triples on a one-actor fixture."""

from conftest import DATA, inputs_for
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from atmp_kg.read.load import load

EXPECTED = DATA / "mapping" / "expected.ttl"


def assert_isomorphic(expected, actual):
    """Fail with the triples only one side has."""
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        raise AssertionError("missing:\n" + only_expected.serialize(format="nt")
                             + "\nunexpected:\n" + only_actual.serialize(format="nt"))


def test_mapping_gives_the_exact_triples():
    loaded = load(inputs_for(DATA / "mapping"))
    expected = Graph().parse(EXPECTED, format="turtle")
    assert_isomorphic(expected, loaded.data)


def test_origins_name_file_and_row():
    loaded = load(inputs_for(DATA / "mapping"))
    origins = {str(node).rsplit("/", 2)[-2] + "/" + str(node).rsplit("/", 1)[-1]: where
               for node, where in loaded.origins.items()}
    assert origins["actor/alpha"] == "mapping/actors.csv row 2"
    assert origins["capability/alpha--gmp-manufacturing--phage"] == "mapping/capabilities.csv row 2"


def test_each_iri_is_one_object_across_the_mapped_triples():
    # so that sets and dictionaries of a big graph compare IRIs by identity (see Mapper.add)
    from rdflib import URIRef

    objects = {}
    for triple in load(inputs_for(DATA / "tiny"), data=set()).data:
        for term in triple:
            if type(term) is URIRef:
                objects.setdefault(str(term), set()).add(id(term))
    assert objects and all(len(ids) == 1 for ids in objects.values())


def test_terms_made_once_keep_closed_namespaces_closed():
    import pytest

    from atmp_kg.rdf.namespaces import ATMP, TermsOnce

    terms = TermsOnce(ATMP)
    assert terms.stage is terms.stage and terms.stage == ATMP.stage
    assert terms["stage"] is terms.stage and str(terms) == str(ATMP)  # as the namespace reads
    with pytest.raises(AttributeError):
        terms.stadge  # noqa: B018 - a misspelt term must fail, not mint an IRI
