"""The dataset's own description (VoID + DCAT) and the counts the build summary prints."""

from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, XSD

from atmp_kg.rdf.namespaces import ATMP, BASE, DCAT, ID, ORG, VOID, bind_prefixes
from atmp_kg.rdf.vocabulary import actor_types
from atmp_kg.read.mapper import iso_date

DATASET = ID["dataset/atmp-kg"]
ONTOLOGY = URIRef(BASE + "ontology")
SOURCED_CLASSES = (ATMP.Actor, ATMP.Claim, ORG.Membership, ORG.OrganizationalCollaboration,
                   ATMP.TherapyProduct, ATMP.ClinicalTrial, ORG.Site, ATMP.Place)
DUMPS = BASE + "dist/"  # where the dumps are published; `atmp-kg serve` serves them at /
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DISTRIBUTIONS = {
    "atmp-kg.ttl": "text/turtle", "atmp-kg-inferred.ttl": "text/turtle",
    "atmp-kg.nt": "application/n-triples", "atmp-kg.jsonld": "application/ld+json",
}

PREFIXES = """PREFIX atmp: <https://w3id.org/atmp-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
NO_REGION = ("beyond Belgium", "unknown")


def release_iri(version):
    """The IRI of a release of the dataset: ``id/dataset/atmp-kg/release/<version>``."""
    return ID[f"dataset/atmp-kg/release/{version}"]


def void(select, triples, release=None, as_of=None):
    """A VoID/DCAT description of the build (``triples`` inferred triples; ``select`` answers
    SPARQL on them, a backend of ``atmp_kg.sparql.backends``): counts, licence, version, sources, dumps.
    ``release``: the ``read.release.Release`` it is (none: unreleased data); ``as_of``: the day
    (a ``datetime.date`` or its ISO text) the data is as of."""
    subjects = int(select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    classes = Counter({URIRef(row["class"]): int(row["n"]) for row in select(
        "SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class . FILTER (isIRI(?class)) } GROUP BY ?class")})
    sources = [URIRef(row["source"]) for row in select(PREFIXES + "SELECT ?source WHERE { ?source a atmp:Source }")]
    return void_from(triples, subjects, classes, sources, release, as_of)


def void_from(triples, subjects, class_counts, sources, release=None, as_of=None):
    """``void`` from its numbers: triple and subject counts, instances per class, source IRIs,
    and the release and day (see ``void``)."""
    g = bind_prefixes(Graph())
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("atmp-kg: the ATMP value chain of Wallonia and Belgium", lang="en")))
    g.add((DATASET, DCTERMS.title,
           Literal("atmp-kg : la chaîne de valeur des MTI en Wallonie et en Belgique", lang="fr")))
    g.add((DATASET, DCTERMS.license, LICENSE))
    add_release(g, release, as_of)
    g.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    g.add((DATASET, VOID.vocabulary, URIRef(BASE + "ontology#")))
    g.add((DATASET, VOID.sparqlEndpoint, URIRef("http://127.0.0.1:8000/sparql")))
    for name, count in (("triples", triples), ("distinctSubjects", subjects)):
        g.add((DATASET, VOID[name], Literal(count, datatype=XSD.integer)))
    for name, media_type in DISTRIBUTIONS.items():
        dump = ID[f"dataset/atmp-kg/{name}"]
        g.add((DATASET, VOID.dataDump, URIRef(DUMPS + name)))
        g.add((DATASET, DCAT.distribution, dump))
        g.add((dump, RDF.type, DCAT.Distribution))
        g.add((dump, DCAT.downloadURL, URIRef(DUMPS + name)))
        g.add((dump, DCAT.mediaType, Literal(media_type)))
    for cls, count in sorted(class_counts.items()):
        if str(cls).startswith(str(ATMP)):
            partition = ID[f"dataset/atmp-kg/class/{str(cls).rsplit('#', 1)[-1]}"]
            g.add((DATASET, VOID.classPartition, partition))
            g.add((partition, VOID["class"], cls))
            g.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for source in sorted(sources):
        g.add((DATASET, DCTERMS.source, source))
    return g


def add_release(g, release, as_of):
    """Which data the build is: the release's version, issue day and the release it revises
    (DCAT versioning and PROV-O), the ontology's version IRI, the day the data is as of (the end
    of its temporal coverage). The release's own IRI (``release_iri``) is the one to cite."""
    g.add((DATASET, OWL.versionInfo, Literal(release.version if release else "unreleased")))
    if as_of is not None:
        period = ID["dataset/atmp-kg/as-of"]
        g.add((DATASET, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT["endDate"], Literal(str(as_of), datatype=XSD.date)))
    if release is None:
        return
    g.add((DATASET, DCAT["version"], Literal(release.version)))
    g.add((DATASET, DCTERMS.issued, Literal(release.date, datatype=iso_date(release.date)[1])))
    g.add((DATASET, DCAT["hasCurrentVersion"], release_iri(release.version)))
    g.add((release_iri(release.version), DCAT["version"], Literal(release.version)))
    g.add((ONTOLOGY, OWL.versionIRI, URIRef(f"{ONTOLOGY}/{release.version}")))
    if release.previous:
        previous = release_iri(release.previous)
        g.add((DATASET, PROV.wasRevisionOf, previous))
        g.add((DATASET, DCAT["previousVersion"], previous))
        g.add((previous, DCAT["version"], Literal(release.previous)))


def counts(select):
    """Counts for the summary, by SPARQL on the inferred graph (``select`` as in ``void``): actors
    per type and region, capabilities per stage and therapy, described things with a source."""
    actors = {row["actor"] for row in select(PREFIXES + "SELECT ?actor WHERE { ?actor a atmp:Actor }")}
    by_type = {row["type"]: int(row["n"]) for row in select(
        PREFIXES + f"SELECT ?type (COUNT(?x) AS ?n) WHERE {{ VALUES ?type {{ {_iris(actor_types().values())} }} "
        "?x a ?type } GROUP BY ?type")}
    capabilities = select(PREFIXES + "SELECT ?stage ?therapy WHERE { ?c a atmp:Capability . "
                          "OPTIONAL { ?c atmp:stage ?stage } OPTIONAL { ?c atmp:therapy ?therapy } }")
    regions = _regions(select, actors)
    described = select(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?all) (COUNT(DISTINCT ?sourced) AS ?n) WHERE {{ "
                       f"VALUES ?class {{ {_iris(SOURCED_CLASSES)} }} ?x a ?class . "
                       "OPTIONAL { ?x prov:wasDerivedFrom ?source . BIND (?x AS ?sourced) } }")[0]
    region_iris = set(regions.values()) - set(NO_REGION)
    label = english_labels(select, set(by_type) | region_iris | {row[k] for row in capabilities for k in row})
    return {"actors": len(actors), "coverage": coverage(select, actors, regions),
            "actor types": Counter({label(t): n for t, n in by_type.items() if n}),
            "regions": Counter(label(r) if r in region_iris else r for r in regions.values()),
            "capabilities": len(capabilities),
            "stages": Counter(label(row.get("stage")) for row in capabilities),
            "therapies": Counter(label(row.get("therapy")) for row in capabilities),
            "facts with a source": (int(described["n"]), int(described["all"]))}


IDENTIFIERS = {  # name -> the graph pattern of an actor ?actor holding it
    "Wikidata": "?actor <https://schema.org/sameAs> ?id . FILTER (STRSTARTS(STR(?id), 'http://www.wikidata.org/entity/'))",
    "ROR": "?actor <https://schema.org/sameAs> ?id . FILTER (STRSTARTS(STR(?id), 'https://ror.org/'))",
    "LEI": "?actor atmp:lei ?id .",
    "enterprise number": "?actor <http://www.w3.org/ns/regorg#registration> ?id .",
}


def coverage(select, actors, regions):
    """How complete the actors are: ``{"with a capability", "with an unknown seat", and one entry
    per identifier of ``IDENTIFIERS``: number of actors}`` (of the ``actors``, with their ``regions``)."""
    def holding(pattern):
        return {row["actor"] for row in select(
            PREFIXES + f"SELECT DISTINCT ?actor WHERE {{ ?actor a atmp:Actor . {pattern} }}")} & actors
    found = {"with a capability": len(holding("?actor atmp:hasCapability ?capability .")),
             "with an unknown seat": sum(1 for region in regions.values() if region == NO_REGION[1])}
    found.update({name: len(holding(pattern)) for name, pattern in IDENTIFIERS.items()})
    return found


def _iris(nodes):
    return " ".join(f"<{node}>" for node in nodes)


def _regions(select, actors):
    """``{actor: region IRI}``, the first Belgian region by IRI, else ``beyond Belgium`` (seated in another
    country) or ``unknown`` (no seat, or only the country of the regions)."""
    region = {}
    for row in select(PREFIXES + "SELECT ?actor ?region WHERE { ?actor a atmp:Actor ; atmp:locatedIn ?region . "
                      "?region a atmp:Region }"):
        region[row["actor"]] = min(region.get(row["actor"], row["region"]), row["region"])
    home = {row["country"] for row in select(PREFIXES + "SELECT DISTINCT ?country WHERE { ?region a atmp:Region ; "
                                             "atmp:partOfPlace ?country . ?country a atmp:Country }")}
    abroad = {row["actor"] for row in select(PREFIXES + "SELECT DISTINCT ?actor ?country WHERE { ?actor a atmp:Actor ; "
                                             "atmp:locatedIn ?country . ?country a atmp:Country }")
              if row["country"] not in home}
    beyond, unknown = NO_REGION
    return {actor: region.get(actor) or (beyond if actor in abroad else unknown) for actor in actors}


def english_labels(select, nodes):
    """A function giving each of ``nodes`` (IRIs) its English label, else any label (rdfs:label
    before skos:prefLabel, the first in order), else the end of its IRI."""
    found = {}
    if nodes:
        rows = select(PREFIXES + f"SELECT ?node ?label (LANG(?label) AS ?lang) ?pref WHERE {{ VALUES ?node "
                      f"{{ {_iris(sorted(n for n in nodes if n))} }} {{ ?node rdfs:label ?label }} UNION "
                      "{ ?node skos:prefLabel ?label BIND (true AS ?pref) } }")
        for row in rows:  # the best label sorts first: rdfs:label, English, then by text
            key = ("pref" in row, row["lang"] != "en", row["label"])
            if row["node"] not in found or key < found[row["node"]]:
                found[row["node"]] = key

    def label(node):
        if node in found:
            return found[node][2]
        return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return label
