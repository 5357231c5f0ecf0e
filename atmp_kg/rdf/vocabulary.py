"""What the ontology enumerates, read once from ``atmp.ttl`` and kept: the specific actor types
and the kinds of relation between actors, in the order the ontology defines them, with the codes
the curated tables and the actor network use for them. A class added to the ontology is a new
type or relation everywhere; nothing else lists them.

- an actor type: a class below ``atmp:Actor`` with no subclass of its own; its code is the
  class's local name in kebab case, without a final ``-company`` (``DeveloperCompany``:
  ``developer``, ``ServiceProvider``: ``service-provider``, ``CDMO``: ``cdmo``);
- a relation: a subclass of ``atmp:RelationClaim`` (``AcquisitionClaim``), the property whose
  range it is (``qualifiedAcquisition``) and the shortcut property that chains that one with
  ``atmp:relatedActor`` (``acquiredBy``). Its code in the relations table is the shortcut's
  local name in kebab case (``acquired-by``); its kind in the network, the claim class's
  without ``Claim`` (``acquisition``).

>>> actor_types()["developer"]
rdflib.term.URIRef('https://w3id.org/atmp-kg/ontology#DeveloperCompany')
>>> relations()["acquired-by"].kind
'acquisition'
"""

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import URIRef

from atmp_kg.resources import ONTOLOGY_DIR

ONTOLOGY_FILE = "atmp.ttl"
ATMP = "https://w3id.org/atmp-kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"
OWL_CHAIN = "http://www.w3.org/2002/07/owl#propertyChainAxiom"
_WORDS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Relation:
    """A kind of relation between actors (see module docstring)."""

    code: str  # in the relations table: acquired-by
    kind: str  # in the actor network: acquisition
    qualifier: URIRef  # atmp:qualifiedAcquisition
    claim_class: URIRef  # atmp:AcquisitionClaim


def kebab(name):
    """``ServiceProvider`` -> ``service-provider``, ``QCLaboratory`` -> ``qc-laboratory``."""
    return _WORDS.sub("-", name).lower()


def local_name(iri):
    """The part of ``iri`` after its last ``#`` or ``/``."""
    return re.split(r"[#/]", iri)[-1]


@cache
def actor_types():
    """``{code: class IRI}`` of the specific actor types, in the order of the ontology."""
    ontology = _ontology()
    below = {}  # class -> its superclasses
    for subject, superclass in ontology.pairs(RDFS_SUBCLASS_OF):
        below.setdefault(subject, set()).add(superclass)
    superclasses = {superclass for supers in below.values() for superclass in supers}

    def is_actor(cls, seen=()):
        return cls == ATMP + "Actor" or any(is_actor(s, (*seen, cls)) for s in below.get(cls, ()) if s not in seen)

    leaves = [cls for cls in ontology.order if cls in below and cls not in superclasses and is_actor(cls)]
    return {re.sub(r"-company$", "", kebab(local_name(cls))): URIRef(cls) for cls in leaves}


@cache
def relations():
    """``{code: Relation}`` of the kinds of relation between actors, in the order of the ontology."""
    ontology = _ontology()
    claims = [s for s, o in ontology.pairs(RDFS_SUBCLASS_OF) if o == ATMP + "RelationClaim"]
    qualifier_of = {o: s for s, o in ontology.pairs(RDFS_RANGE) if o in claims}
    shortcut_of = {}
    for shortcut, chain in ontology.pairs(OWL_CHAIN):
        steps = ontology.list_items(chain)
        if len(steps) == 2 and steps[1] == ATMP + "relatedActor":
            shortcut_of[steps[0]] = shortcut
    found = {}
    for claim in sorted(claims, key=ontology.order.index):
        qualifier = qualifier_of.get(claim)
        if qualifier is None or qualifier not in shortcut_of:
            raise ValueError(f"{ONTOLOGY_FILE}: relation claim <{claim}> lacks its qualifying property "
                             "(rdfs:range) or its shortcut (owl:propertyChainAxiom with atmp:relatedActor)")
        code = kebab(local_name(shortcut_of[qualifier]))
        found[code] = Relation(code, kebab(re.sub(r"Claim$", "", local_name(claim))), URIRef(qualifier),
                               URIRef(claim))
    return found


def actor_type_codes():
    """``{class IRI (text): code}``: ``actor_types`` the other way round."""
    return {str(cls): code for code, cls in actor_types().items()}


def relation_kinds():
    """``{claim class IRI (text): network kind}`` of ``relations``."""
    return {str(relation.claim_class): relation.kind for relation in relations().values()}


@dataclass(frozen=True)
class _Triples:
    triples: tuple  # (subject, predicate, object) texts; blank nodes as "_:label"
    order: list  # subjects, in the order they first appear

    def pairs(self, predicate):
        return [(s, o) for s, p, o in self.triples if p == predicate]

    def list_items(self, node):
        items, rest = [], {s: (p, o) for s, p, o in self.triples if p == RDF + "rest"}
        first = {s: o for s, p, o in self.triples if p == RDF + "first"}
        while node in first:
            items.append(first[node])
            node = rest.get(node, (None, RDF + "nil"))[1]
        return items


@cache
def _ontology():
    def text(term):
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value

    triples = tuple((text(t.subject), t.predicate.value, text(t.object))
                    for t in ox.parse(path=str(ONTOLOGY_DIR / ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))
    return _Triples(triples, list(dict.fromkeys(s for s, _, _ in triples)))
