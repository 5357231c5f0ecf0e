"""The CSV -> RDF mapping gives exactly the expected triples on a one-actor fixture, and every
text the right language tag on the tiny one."""

import csv
import shutil

import pytest
from conftest import DATA, inputs_for
from graphs import assert_isomorphic
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from atmp_kg.rdf.namespaces import ATMP
from atmp_kg.read.load import load

EXPECTED = DATA / "mapping" / "expected.ttl"


def tables_of(fixture, tmp_path):
    """A copy of the fixture folder without its expected.ttl, which a build would read as data."""
    graph = tmp_path / fixture
    shutil.copytree(DATA / fixture, graph, ignore=shutil.ignore_patterns("expected.ttl"))
    return graph


def test_mapping_gives_the_exact_triples(tmp_path):
    loaded = load(inputs_for(tables_of("mapping", tmp_path)))
    expected = Graph().parse(EXPECTED, format="turtle")
    assert_isomorphic(expected, loaded.data)


def test_time_tables_map_to_the_exact_triples(tmp_path):
    # change events (W3C ORG) with their inverses, valid_from / valid_to / planned status on
    # claims and sites (current is not written), dated phase claims of a product
    loaded = load(inputs_for(tables_of("mapping-time", tmp_path)))
    expected = Graph().parse(DATA / "mapping-time" / "expected.ttl", format="turtle")
    assert_isomorphic(expected, loaded.data)
    assert loaded.origins[URIRef(ID + "event/alpha--absorbed--2021")] == "mapping-time/events.csv row 2"
    assert loaded.origins[URIRef(ID + "phase-claim/prod-a--phase-1--2019-02")] == "mapping-time/phases.csv row 2"


def test_empty_time_tables_build(tmp_path):
    graph = tables_of("mapping-time", tmp_path)
    for table in ("events", "phases"):
        header = (graph / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        (graph / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    data = load(inputs_for(graph)).data
    assert not list(data.subjects(None, URIRef(ATMP + "ChangeEvent")))
    assert not list(data.subjects(None, URIRef(ATMP + "PhaseClaim")))


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


# -- language tags ------------------------------------------------------------------------

ID = "https://w3id.org/atmp-kg/id/"

# table -> (row number as a spreadsheet counts it, column, text) put into a copy of tiny/
TEXTS = {
    "actors.csv": [(2, "description", "Develops gene therapies; founded in Liège.")],
    "collaborations.csv": [(2, "description", "A partnership of the fixture.")],
    "sources.csv": [(3, "note", "Cited in French; the note is ours.")],
    "capabilities.csv": [(2, "note", "Preclinical work on AAV vectors.")],
    "relations.csv": [(2, "note", "Spun off in 2019.")],
    "figures.csv": [(2, "note", "Over five years.")],
}
PRODUCTS = ("id,name,developer,therapy,indication,sources\n"
            "prod-a,AT-101,alpha,in-vivo-gene-therapy,Fixture disease A,src-a\n")


def put_cell(path, number, column, text):
    """Write ``text`` into ``column`` (added if the table lacks it) of spreadsheet row ``number``."""
    with path.open(newline="", encoding="utf-8") as table:
        rows = list(csv.reader(table))
    if column not in rows[0]:
        rows = [row + [column if index == 0 else ""] for index, row in enumerate(rows)]
    rows[number - 1][rows[0].index(column)] = text
    with path.open("w", newline="", encoding="utf-8") as table:
        csv.writer(table, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def tiny_texts(tmp_path_factory):
    """The mapped data of tiny/ with a description or note in each table that takes one."""
    graph = tmp_path_factory.mktemp("texts") / "tiny"
    shutil.copytree(DATA / "tiny", graph)
    for name, cells in TEXTS.items():
        for number, column, text in cells:
            put_cell(graph / name, number, column, text)
    (graph / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    return load(inputs_for(graph)).data


def text_case_id(value):
    """``actor/alpha``, ``label``, ``description``...: short ids for the parametrized cases."""
    if isinstance(value, URIRef):
        return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return value if isinstance(value, str) else "expected"


@pytest.mark.parametrize("node, predicate, expected", [
    ("place/liege", RDFS.label, {Literal("Liège", lang="en"), Literal("Liège", lang="fr"), Literal("Luik", lang="nl")}),
    ("place/belgium", RDFS.label,
     {Literal("Belgium", lang="en"), Literal("Belgique", lang="fr"), Literal("België", lang="nl")}),
    ("actor/uni", RDFS.label, {Literal("Université Fixture", lang="en"), Literal("Université Fixture", lang="fr")}),
    ("actor/beta", RDFS.label, {Literal("Beta Manufacturing", lang="en")}),
    ("collaboration/pit-gene", RDFS.label, {Literal("Gene pillar", lang="en"), Literal("Pilier génique", lang="fr")}),
    ("actor/alpha", DCTERMS.description, {Literal("Develops gene therapies; founded in Liège.", lang="en")}),
    ("collaboration/pit", DCTERMS.description, {Literal("A partnership of the fixture.", lang="en")}),
    ("source/src-b", RDFS.comment, {Literal("Cited in French; the note is ours.", lang="en")}),
    ("capability/alpha--preclinical--in-vivo-gene-therapy", RDFS.comment,
     {Literal("Preclinical work on AAV vectors.", lang="en")}),
    ("relation/alpha--spin-off-of--uni", RDFS.comment, {Literal("Spun off in 2019.", lang="en")}),
    ("figure/pit--budget--src-a", RDFS.comment, {Literal("Over five years.", lang="en")}),
    ("product/prod-a", ATMP.indication, {Literal("Fixture disease A", lang="en")}),
    ("product/prod-a", RDFS.label, {Literal("AT-101", lang="en")}),
    # names that are no words of a language carry no tag
    ("actor/alpha", SKOS.altLabel, {Literal("Alpha"), Literal("AT")}),
    ("collaboration/pit", SKOS.altLabel, {Literal("FP")}),
], ids=text_case_id)
def test_each_text_carries_its_language(tiny_texts, node, predicate, expected):
    assert set(tiny_texts.objects(URIRef(ID + node), predicate)) == expected


def test_descriptions_notes_and_indications_are_english(tiny_texts):
    tagged = [o for o in tiny_texts.objects() if isinstance(o, Literal) and o.language]
    assert {o.language for o in tagged} == {"en", "fr", "nl"}
    for predicate in (DCTERMS.description, RDFS.comment, ATMP.indication):
        assert {o.language for o in tiny_texts.objects(None, predicate)} == {"en"}, predicate
