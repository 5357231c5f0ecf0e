"""Reason step: OWL 2 RL entailments of the asserted graph, on a copy, without noise.

Two engines give the same entailments for the axioms the ontology uses:

- ``owlrl``: the reference, owlrl's full OWL 2 RL closure (slow beyond ~100k triples);
- ``rules``: forward chaining of only the OWL 2 RL rules those axioms trigger (rdfs:subClassOf,
  rdfs:subPropertyOf, rdfs:domain, rdfs:range, owl:inverseOf, owl:SymmetricProperty,
  owl:TransitiveProperty, two-step owl:propertyChainAxiom), semi-naive so each round only
  joins the triples new in the previous one.

The result keeps entailments about data nodes (subjects not defined by the schema); schema-level
closure (subclass transitivity and the like) is left to the ontology tools that need it.
"""

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from atmp_kg.rdf.namespaces import bind_prefixes

# terms the hot loops compare against, looked up once (rdflib's namespace attribute access is slow)
TYPE = RDF.type
REFLEXIVE_NOISE = frozenset((OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty,
                             RDFS.subClassOf, RDFS.subPropertyOf))
TYPE_NOISE = frozenset((OWL.Thing, RDFS.Resource, OWL.NamedIndividual))

ENGINES = ("owlrl", "rules")
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))  # owlrl's axiomatic noise is about these
AUTO_RULES_ABOVE = 20_000  # asserted data triples beyond which ``auto`` picks the rules engine


@dataclass
class Reasoned:
    """Entailed triples about data nodes (not in the asserted data) and the engine used."""

    entailed: Graph
    engine: str


def reason(schema, data, engine="auto"):
    """Entail what OWL 2 RL adds to ``data`` under ``schema``; inputs are not changed."""
    engine = pick_engine(engine, len(data))
    entailed = bind_prefixes(Graph())
    for triple in entailments(schema, data, engine):
        entailed.add(triple)
    return Reasoned(entailed, engine)


def pick_engine(engine, data_size):
    """The engine ``auto`` stands for at ``data_size`` triples, or ``engine`` itself if known."""
    if engine == "auto":
        engine = "rules" if data_size > AUTO_RULES_ABOVE else "owlrl"
    if engine not in ENGINES:
        raise ValueError(f"unknown reasoner {engine!r}; expected one of {ENGINES}")
    return engine


def entailments(schema, data, engine="rules"):
    """The entailed triples about data nodes, as a set (``data``: a graph or a set of triples)."""
    axioms = axioms_of(schema)
    if engine == "owlrl":
        new = (triple for triple in _owlrl_closure(schema, data) if triple not in data)
    else:
        with fewer_gc_passes():
            new = [triple for triple in _rules_derived(axioms, schema, data) if triple not in data]
    keep = _Keep(set(schema.subjects()), axioms.types)
    return {triple for triple in new if keep(triple)}


@contextmanager
def fewer_gc_passes(threshold=200_000):
    """Run the block with Python's cyclic garbage collector triggered less often, and the objects
    that exist when it starts left out of the collector's passes (``gc.freeze``) until the
    outermost such block ends.

    The rules engine and the build allocate millions of small tuples, sets and terms, none in a
    cycle; at the default threshold (700 allocations) the collector rescans them again and again
    (a quarter of the rules engine's time at 100k triples), and at a million triples each full
    pass over what the steps before made costs over a second. Cycles are still collected."""
    before = gc.get_threshold()
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    gc.set_threshold(threshold, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if outermost:
            gc.unfreeze()


class _Keep:
    """``keep(triple)``: False for owlrl's noise and for schema-level triples; what depends on
    the subject alone is worked out once per subject (the entailed triples have far fewer subjects
    than lines)."""

    def __init__(self, schema_nodes, types):
        self.schema_nodes, self.types, self.data_subjects = schema_nodes, types, {}

    def __call__(self, triple):
        s, p, o = triple
        known = self.data_subjects.get(s)
        if known is None:
            known = self.data_subjects[s] = not (isinstance(s, (Literal, BNode)) or s in self.schema_nodes
                                                 or str(s).startswith(BUILT_IN))
        if not known:
            return False
        if p in REFLEXIVE_NOISE and s == o:  # sets first: rdflib's == is Python code
            return False
        return not (p in self.types and o in TYPE_NOISE)


def _owlrl_closure(schema, data):
    import owlrl  # here: the rules engine, the default, does without it

    graph = Graph()
    for triple in schema:
        graph.add(triple)
    for triple in data:
        graph.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    return graph


# -- the rules engine -----------------------------------------------------------------

@dataclass
class Axioms:
    """The schema axioms the rules engine applies, precomputed as lookups."""

    superclasses: dict
    superproperties: dict
    inverses: dict
    symmetric: set
    transitive: set
    chains: list  # (first, second, implied)
    domains: dict
    ranges: dict
    chains_from: dict = field(default_factory=dict)  # first -> [(second, implied)]
    chains_to: dict = field(default_factory=dict)  # second -> [(first, implied)]
    type: URIRef = TYPE  # rdf:type as the schema's object (the data's too: ``load.load``)

    def __post_init__(self):
        # the predicates some rule reads; triples of any other predicate entail nothing
        self.active = (set(self.superproperties) | set(self.inverses) | self.symmetric | set(self.domains)
                       | set(self.ranges) | self.transitive | set(self.chains_from) | set(self.chains_to))
        # a domain or range with its superclasses: the types a triple gives, all at once
        self.domain_types = {p: self.with_superclasses(classes) for p, classes in self.domains.items()}
        self.range_types = {p: self.with_superclasses(classes) for p, classes in self.ranges.items()}
        self.types = frozenset((self.type,))  # ``p in types``: by identity, no rdflib ``==`` (Python code)

    def with_superclasses(self, classes):
        return set(classes).union(*(self.superclasses.get(cls, ()) for cls in classes))


def axioms_of(schema):
    """Collect the axioms of ``schema`` as lookups, with subclass/subproperty closures."""
    inverses = defaultdict(set)
    for p, q in schema.subject_objects(OWL.inverseOf):
        inverses[p].add(q)
        inverses[q].add(p)
    chains = []
    for implied, head in schema.subject_objects(OWL.propertyChainAxiom):
        steps = list(Collection(schema, head))
        if len(steps) != 2:
            raise ValueError(f"rules engine handles two-step chains only: {implied}")
        chains.append((steps[0], steps[1], implied))
    return Axioms(
        superclasses=_closure(schema, RDFS.subClassOf),
        superproperties=_closure(schema, RDFS.subPropertyOf),
        inverses=dict(inverses),
        symmetric=set(schema.subjects(RDF.type, OWL.SymmetricProperty)),
        transitive=set(schema.subjects(RDF.type, OWL.TransitiveProperty)),
        chains=chains,
        chains_from=_multilist((first, (second, implied)) for first, second, implied in chains),
        chains_to=_multilist((second, (first, implied)) for first, second, implied in chains),
        domains=_multimap(schema.subject_objects(RDFS.domain)),
        ranges=_multimap(schema.subject_objects(RDFS.range)),
        type={p: p for p in schema.predicates()}.get(TYPE, TYPE),
    )


def _multilist(pairs):
    result = defaultdict(list)
    for key, value in pairs:
        result[key].append(value)
    return dict(result)


def _multimap(pairs):
    result = defaultdict(set)
    for key, value in pairs:
        result[key].add(value)
    return dict(result)


def _closure(schema, predicate):
    """For each node, every node reachable by ``predicate`` (not itself)."""
    direct = _multimap(schema.subject_objects(predicate))
    closed = {}
    for start in direct:
        seen, stack = set(), list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen and node != start:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        closed[start] = seen
    return closed


class _Store:
    """Triples indexed by predicate and subject (to tell the new ones), and by predicate and
    object for the predicates some rule joins on their object (``joined``)."""

    def __init__(self, joined):
        self.out = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
        self.into = {p: defaultdict(set) for p in joined}  # p -> o -> {s}

    def new(self, triples):
        """Add ``triples``; the list of those not held yet (each once)."""
        out, into, added = self.out, self.into, []
        for triple in triples:
            s, p, o = triple
            objects = out[p][s]
            if o not in objects:
                objects.add(o)
                if p in into:
                    into[p][o].add(s)
                added.append(triple)
        return added


def _rules_derived(axioms, schema, data):
    """The triples the rules of ``axioms`` derive from ``schema`` and ``data``, each once; none of them is
    in the schema or the data, but for triples of predicates no rule reads (those are left out
    of the store: they entail nothing).

    A type comes with all its superclasses at once (the subclass closure is made already), so
    type triples never go round again: no rule joins on them."""
    store = _Store(joined=axioms.transitive | set(axioms.chains_from))
    types, active = axioms.types, axioms.active
    read = store.new(triple for triples in (schema, data) for triple in triples
                     if triple[1] in active or triple[1] in types)
    delta = [t for t in read if t[1] not in types]
    derived = store.new((s, p, cls) for s, p, o in read if p in types for cls in axioms.superclasses.get(o, ()))
    while delta:
        new = store.new(t for s, p, o in delta for t in _consequences(s, p, o, axioms, store))
        derived += new
        delta = [t for t in new if t[1] not in types]
    return derived


def _consequences(s, p, o, axioms, store):
    """The triples that one triple (not a type) entails, joined with what the store already holds."""
    for super_property in axioms.superproperties.get(p, ()):
        yield s, super_property, o
    for inverse in axioms.inverses.get(p, ()):
        if not isinstance(o, Literal):
            yield o, inverse, s
    if p in axioms.symmetric:
        yield o, p, s
    for cls in axioms.domain_types.get(p, ()):
        yield s, axioms.type, cls
    if not isinstance(o, Literal):
        for cls in axioms.range_types.get(p, ()):
            yield o, axioms.type, cls
    if p in axioms.transitive:
        for after in list(store.out[p].get(o, ())):
            yield s, p, after
        for before in list(store.into[p].get(s, ())):
            yield before, p, o
    for second, implied in axioms.chains_from.get(p, ()):  # p is the chain's first step
        for end in list(store.out[second].get(o, ())):
            yield s, implied, end
    for first, implied in axioms.chains_to.get(p, ()):  # p is the chain's second step
        for start in list(store.into[first].get(s, ())):
            yield start, implied, o
