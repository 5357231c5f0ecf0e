"""The dataset's own description (VoID + DCAT) and the counts the build summary prints."""

from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .namespaces import ATMP, BASE, DCAT, ID, ORG, VOID, bind_prefixes

DATASET = ID["dataset/atmp-kg"]
SOURCED_CLASSES = (ATMP.Actor, ATMP.Claim, ORG.Membership, ORG.OrganizationalCollaboration,
                   ATMP.TherapyProduct, ATMP.ClinicalTrial, ORG.Site, ATMP.Place)
DUMPS = BASE + "dist/"  # where the dumps are published; `atmp-kg serve` serves them at /
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DISTRIBUTIONS = {
    "atmp-kg.ttl": "text/turtle", "atmp-kg-inferred.ttl": "text/turtle",
    "atmp-kg.nt": "application/n-triples", "atmp-kg.jsonld": "application/ld+json",
}


def void(asserted, inferred):
    """A VoID/DCAT description of the build: counts, licence, version, sources, dumps."""
    return void_from(len(inferred), len(set(inferred.subjects())),
                     Counter(inferred.objects(None, RDF.type)), asserted.subjects(RDF.type, ATMP.Source))


def void_from(triples, subjects, class_counts, sources):
    """``void`` from its numbers: triple and subject counts, instances per class, source IRIs."""
    g = bind_prefixes(Graph())
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("atmp-kg: the ATMP value chain of Wallonia and Belgium", lang="en")))
    g.add((DATASET, DCTERMS.title,
           Literal("atmp-kg : la chaîne de valeur des MTI en Wallonie et en Belgique", lang="fr")))
    g.add((DATASET, DCTERMS.license, LICENSE))
    g.add((DATASET, URIRef("http://www.w3.org/2002/07/owl#versionInfo"), Literal(__version__)))
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


def counts(inferred):
    """Counts for the summary: actors per type and region, capabilities per stage and therapy."""
    def label(node):
        return english_label(inferred, node)

    actors = set(inferred.subjects(RDF.type, ATMP.Actor))
    specific = (ATMP.DeveloperCompany, ATMP.CDMO, ATMP.ServiceProvider, ATMP.Supplier, ATMP.University,
                ATMP.ResearchUnit, ATMP.Hospital, ATMP.ResearchCentre, ATMP.Cluster, ATMP.PublicBody, ATMP.Investor)
    by_type = Counter(label(cls) for cls in specific for _ in inferred.subjects(RDF.type, cls))
    by_region = Counter(region_of(inferred, actor) for actor in actors)
    capabilities = list(inferred.subjects(RDF.type, ATMP.Capability))
    by_stage = Counter(label(inferred.value(c, ATMP.stage)) for c in capabilities)
    by_therapy = Counter(label(inferred.value(c, ATMP.therapy)) for c in capabilities)
    described = set()
    for cls in SOURCED_CLASSES:
        described.update(inferred.subjects(RDF.type, cls))
    sourced = sum(1 for node in described if (node, PROV.wasDerivedFrom, None) in inferred)
    return {"actors": len(actors), "actor types": by_type, "regions": by_region,
            "capabilities": len(capabilities), "stages": by_stage, "therapies": by_therapy,
            "facts with a source": (sourced, len(described))}


def region_of(graph, actor):
    """The English name of the actor's Belgian region, ``beyond Belgium``, or ``unknown``."""
    places = set(graph.objects(actor, ATMP.locatedIn))
    regions = sorted(p for p in places if (p, RDF.type, ATMP.Region) in graph)
    if regions:
        return english_label(graph, regions[0])
    return "beyond Belgium" if any((p, RDF.type, ATMP.Country) in graph for p in places) else "unknown"


def english_label(graph, node):
    """The English label of ``node``, else any label, else the end of its IRI."""
    labels = list(graph.objects(node, RDFS.label)) or list(graph.objects(node, SKOS.prefLabel))
    for label in sorted(labels):
        if getattr(label, "language", None) == "en":
            return str(label)
    return str(sorted(labels)[0]) if labels else str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
