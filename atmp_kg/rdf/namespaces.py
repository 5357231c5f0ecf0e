"""Namespaces of atmp-kg. ``ATMP`` is closed: a misspelt term raises instead of minting an IRI.

``tests/test_ontology.py`` checks that ``ATMP_TERMS`` lists exactly the terms the ontology defines.
"""

from functools import cache

import pyoxigraph
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

BASE = "https://w3id.org/atmp-kg/"
ONTOLOGY_IRI = BASE + "ontology"
ID = Namespace(BASE + "id/")

ATMP_TERMS = [
    "AcquisitionClaim", "Actor", "ActorOfUnknownType", "AffiliationClaim", "CDMO", "Capability", "ChangeEvent", "Claim",
    "ClinicalTrial", "Cluster", "CollaborationClaim", "Company", "Country", "DeveloperCompany",
    "Figure", "FundingClaim", "Headquarters", "Hospital", "IdentifierClaim", "InvestmentClaim", "Investor",
    "Laboratory", "ManufacturingClaim", "ManufacturingSite", "MonetaryFigure", "Municipality",
    "Partnership", "PhaseClaim", "Pillar", "Place", "Project", "Province", "PublicBody", "QCLaboratory",
    "Region", "RelationClaim", "ResearchCentre", "ResearchUnit", "ServiceProvider", "Source",
    "SpinOffClaim", "SubsidiaryClaim", "Supplier", "TherapyProduct", "TrialStatusClaim", "UnitClaim",
    "University", "WorkPackage", "World",
    "acquired", "acquiredBy", "activeInStage", "affiliatedWith", "basedIn", "capabilityOf", "changeKind",
    "collaboratesWith", "coversTherapy", "develops", "developedBy", "developmentPhase",
    "endsActor", "euCtNumber", "eudraCtNumber", "figureOf", "formerName", "funded", "fundedBy",
    "hasCapability", "hasPhase", "hasSpinOff", "hasTrialStatus", "identifierScheme", "indication", "investedIn",
    "legalClass", "lei", "locatedIn",
    "manufacturedBy", "manufacturesFor", "measure", "nctId", "partOfPlace",
    "qualifiedAcquisition", "qualifiedAffiliation", "qualifiedCollaboration", "qualifiedFunding",
    "qualifiedInvestment", "qualifiedManufacturing", "qualifiedSpinOff", "qualifiedSubsidiary",
    "phaseOf", "qualifiedUnitOf", "referencePeriod", "relatedActor", "spinOffOf", "sponsor", "stage", "status",
    "studiesProduct", "subsidiaryOf", "therapy", "therapyType", "trialSite", "trialStatus", "trialStatusOf",
    "worksOnTherapy",
]
ATMP = ClosedNamespace(BASE + "ontology#", ATMP_TERMS)

ORG = Namespace("http://www.w3.org/ns/org#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

PREFIXES = {
    "atmp": ATMP, "id": ID, "org": ORG, "rov": ROV, "adms": ADMS, "schema": SCHEMA, "skos": SKOS,
    "prov": PROV, "dcterms": DCTERMS, "foaf": FOAF, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
    "sh": SH, "void": VOID, "dcat": DCAT,
}


def bind_prefixes(graph):
    """Bind the project's prefixes on ``graph`` (for readable Turtle) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, str(namespace), override=True, replace=True)
    return graph


def iri_problem(text):
    """Why ``text`` is not an absolute IRI (RFC 3987) as Oxigraph's parser reads it, or None.
    rdflib keeps such IRIs (``{``, ``|``, a space...) and writes them out, and every N-Triples
    or Turtle reader, the build's own store included, then refuses the file."""
    try:
        pyoxigraph.NamedNode(text)
    except ValueError as error:
        return f"{str(text)!r} is not a valid IRI ({error})"
    return None


def iri(kind, slug):
    """The IRI of a thing of ``kind`` (actor, source, stage...) named by its stable ``slug``."""
    return ID[f"{kind}/{slug}"]


class TermsOnce:
    """``TermsOnce(namespace).name`` is ``namespace.name``, made once: rdflib makes a new URIRef
    at each use (a microsecond each; a million-triple landscape maps about a million of them).
    Closed namespaces still refuse unknown names."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name):
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # found by plain attribute lookup from now on
        return term

    def __getitem__(self, name):
        return getattr(self, name)

    def __str__(self):
        return str(self._namespace)


@cache
def terms_once(namespace):
    """The one ``TermsOnce`` of ``namespace``, shared by the modules that use it: ``mapping``
    makes the data with these objects, so lookups of the data by them match by identity
    (rdflib's ``==`` is Python code)."""
    return TermsOnce(namespace)


def sharing_terms(graph, terms):
    """A copy of ``graph`` whose IRIs are the objects of ``terms`` (``{IRI: the one URIRef
    object for it}``, as ``Mapped.terms``; the graph's other IRIs are added to it). Code that
    reads this graph and the data then compares IRIs by identity instead of by rdflib's ``==``,
    which is Python code (the rules engine made 6 million such comparisons at a million triples)."""
    copy = bind_prefixes(Graph())
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=False)
    for triple in graph:
        copy.add(tuple(terms.setdefault(term, term) if type(term) is URIRef else term for term in triple))
    return copy
