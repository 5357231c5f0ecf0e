"""Linked-data documents for the served graph: what ``/id/...`` and the ontology IRI resolve to.

Pure functions of a pyoxigraph ``Store``: ``describe(store, iri)`` gives the triples about a
thing (its own, those of its blank nodes, and those pointing at it); ``resource_page`` renders
them as a simple HTML page; ``ontology_triples`` and ``ontology_page`` give the ontology and its
HTML documentation (one section per class and property, anchored by local name, so
``ontology#Actor`` lands on ``ontology.html#Actor``).
"""

import html
from urllib.parse import urlsplit

import pyoxigraph as ox

from atmp_kg.site import markup

BASE = "https://w3id.org/atmp-kg/"
ONTOLOGY_IRI = BASE + "ontology"
ONTOLOGY_NS = ONTOLOGY_IRI + "#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PREFIXES = {
    "atmp": ONTOLOGY_NS, "id": BASE + "id/", "org": "http://www.w3.org/ns/org#",
    "rov": "http://www.w3.org/ns/regorg#", "adms": "http://www.w3.org/ns/adms#", "schema": "https://schema.org/",
    "skos": SKOS, "prov": "http://www.w3.org/ns/prov#", "dcterms": DCTERMS, "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": "http://www.w3.org/2001/XMLSchema#",
    "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#",
}
TURTLE_PREFIXES = {name: ns for name, ns in PREFIXES.items() if name != "id"}  # id: local names need escapes
LABELS = (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title")
KINDS = (("Classes", OWL + "Class"), ("Object properties", OWL + "ObjectProperty"),
         ("Datatype properties", OWL + "DatatypeProperty"))
STYLE = ("main{max-width:60rem;margin:0 auto}table{width:100%}main nav a{margin-right:1rem}"
         "section{border-top:1px solid #ccc;margin-top:1.5rem}dt{font-weight:600}")  # beside the site's CSS
NAV = (("sparql", "SPARQL query"), ("queries.html", "named queries"), ("ontology", "ontology"),
       (".well-known/void", "VoID"))
ICON = '<link rel="icon" href="data:,">'  # no request for /favicon.ico


def iri_of_path(path):
    """The IRI a local path stands for: ``/id/actor/x`` -> ``https://w3id.org/atmp-kg/id/actor/x``;
    None if that is no valid IRI (a space, a control character...)."""
    iri = BASE + path.lstrip("/")
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


def local_href(iri):
    """The local address of one of our IRIs (so a page links within this server), else the IRI."""
    if iri.startswith(ONTOLOGY_NS):
        return "/ontology.html#" + iri[len(ONTOLOGY_NS):]
    if iri == ONTOLOGY_IRI:
        return "/ontology.html"
    if iri.startswith(BASE + "id/"):
        return "/" + iri[len(BASE):]
    return iri


def exists(store, iri):
    """Whether ``iri`` is the subject or the object of a triple of ``store``."""
    node = ox.NamedNode(iri)
    return any(True for _ in store.quads_for_pattern(node, None, None)) or \
        any(True for _ in store.quads_for_pattern(None, None, node))


def describe(store, iri):
    """The triples about ``iri``: its own, those of blank nodes it reaches, and those pointing at it."""
    node = ox.NamedNode(iri)
    incoming = [quad.triple for quad in store.quads_for_pattern(None, None, node, ox.DefaultGraph())]
    return sorted(set(outgoing(store, node) + incoming), key=str)


def outgoing(store, node):
    """The triples whose subject is ``node`` or a blank node reached from it."""
    triples, seen, frontier = [], {node}, [node]
    while frontier:
        subject = frontier.pop()
        for quad in store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
            triples.append(quad.triple)
            if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                seen.add(quad.object)
                frontier.append(quad.object)
    return triples


def serialize(triples, media_type, prefixes=None):
    """``triples`` as bytes in an RDF ``media_type`` (Turtle, N-Triples, JSON-LD); Turtle uses
    ``prefixes`` (default: ``TURTLE_PREFIXES``)."""
    formats = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/ld+json": ox.RdfFormat.JSON_LD}
    prefixes = (TURTLE_PREFIXES if prefixes is None else prefixes) if media_type == "text/turtle" else {}
    return ox.serialize(triples, format=formats[media_type], prefixes=prefixes)


def label(store, node):
    """The English label of ``node`` (else any label, else its CURIE or IRI)."""
    if isinstance(node, ox.NamedNode):
        found = [quad.object for name in LABELS
                 for quad in store.quads_for_pattern(node, ox.NamedNode(name), None, ox.DefaultGraph())]
        for literal in sorted(found, key=lambda lit: (lit.language != "en", lit.value)):
            return literal.value
        return curie(node.value)
    return str(node)


def curie(iri):
    """``atmp:Actor`` for ``https://w3id.org/atmp-kg/ontology#Actor``; the IRI if no prefix fits."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def resource_page(store, iri, triples, profile_href=None):
    """A simple HTML page of a resource from its ``describe`` triples."""
    node = ox.NamedNode(iri)
    own = [t for t in triples if t.subject == node]
    incoming = [t for t in triples if t.object == node and t.subject != node]
    path = local_href(iri)
    title = label(store, node)
    rows = "".join(f"<tr><td>{_link(store, t.predicate)}</td><td>{_value(store, t.object, triples)}</td></tr>"
                   for t in own)
    back = "".join(f"<tr><td>{_link(store, t.subject)}</td><td>{_link(store, t.predicate)}</td></tr>"
                   for t in incoming)
    links = [f'<a href="/doc{path[3:]}.ttl">Turtle</a>', f'<a href="/doc{path[3:]}.jsonld">JSON-LD</a>',
             f'<a href="/doc{path[3:]}.nt">N-Triples</a>']
    if profile_href:
        links.insert(0, f'<a href="{html.escape(profile_href)}">profile page</a>')
    body = (f"<h1>{html.escape(title)}</h1><p><code>{html.escape(iri)}</code></p>"
            f"<nav>{''.join(links)}<a href=\"/sparql\">query</a></nav>"
            f"<table><tr><th>property</th><th>value</th></tr>{rows}</table>"
            + (f"<h2>Referenced by</h2><table><tr><th>thing</th><th>property</th></tr>{back}</table>"
               if back else ""))
    return page(title, body, alternates={"text/turtle": f"/doc{path[3:]}.ttl",
                                         "application/ld+json": f"/doc{path[3:]}.jsonld"})


def ontology_triples(store):
    """The ontology's own triples: those of the ontology IRI and of every term in its namespace,
    with the blank nodes they reach (restrictions, lists)."""
    subjects = {q.subject for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if isinstance(q.subject, ox.NamedNode) and
                (q.subject.value == ONTOLOGY_IRI or q.subject.value.startswith(ONTOLOGY_NS))}
    return sorted({t for subject in subjects for t in outgoing(store, subject)}, key=str)


def ontology_page(store):
    """HTML documentation of the ontology: its header, then every class and property."""
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    title = label(store, ontology)
    description = _texts(store, ontology, DCTERMS + "description")
    toc, sections = [], []
    for heading, kind in KINDS:
        terms = sorted({q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"),
                                                                    ox.NamedNode(kind), ox.DefaultGraph())
                        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ONTOLOGY_NS)},
                       key=lambda n: n.value)
        if not terms:
            continue
        toc.append(f"<h3>{heading}</h3><p>" + ", ".join(
            f'<a href="#{html.escape(t.value[len(ONTOLOGY_NS):])}">{html.escape(curie(t.value))}</a>'
            for t in terms) + "</p>")
        sections += [_term_section(store, term) for term in terms]
    body = (f"<h1>{html.escape(title)}</h1><p><code>{ONTOLOGY_IRI}</code></p>"
            f"<nav><a href=\"/ontology.ttl\">Turtle</a><a href=\"/ontology.jsonld\">JSON-LD</a>"
            f"<a href=\"/sparql\">query</a></nav>{description}{''.join(toc)}{''.join(sections)}")
    return page(title, body, alternates={"text/turtle": "/ontology.ttl"})


def page(title, body, alternates=None, head="", current=None):
    """A page of the server: the site's page shell with links to the server's own pages (the one
    at ``current`` marked), the ``alternates`` (media type -> href) of its document and ``head``;
    no ``<meta>`` policy, as the server sends its own Content-Security-Policy header."""
    links = "".join(f'<link rel="alternate" type="{html.escape(kind)}" href="{html.escape(href)}">'
                    for kind, href in (alternates or {}).items())
    nav = [(href, text, href == current) for href, text in NAV]
    return markup.page(title, body, head=ICON + links + markup.inline_style(STYLE) + head, nav=nav, root="/",
                       home="/", policy=False)


def _term_section(store, term):
    name = term.value[len(ONTOLOGY_NS):]
    facts = []
    for heading, predicate in (("label", RDFS + "label"), ("definition", SKOS + "definition"),
                               ("comment", RDFS + "comment")):
        facts += [f"<dt>{heading}</dt><dd>{html.escape(lit.value)}"
                  f"{' <small>@' + lit.language + '</small>' if lit.language else ''}</dd>"
                  for lit in _objects(store, term, predicate)]
    for heading, predicate in (("subclass of", RDFS + "subClassOf"), ("subproperty of", RDFS + "subPropertyOf"),
                               ("domain", RDFS + "domain"), ("range", RDFS + "range"),
                               ("inverse of", OWL + "inverseOf")):
        values = [_link(store, value) for value in _objects(store, term, predicate)
                  if isinstance(value, ox.NamedNode) and value != term]
        if values:
            facts.append(f"<dt>{heading}</dt><dd>{', '.join(values)}</dd>")
    return (f'<section id="{html.escape(name)}"><h3>{html.escape(label(store, term))} '
            f"<small><code>{html.escape(curie(term.value))}</code></small></h3><dl>{''.join(facts)}</dl></section>")


def _objects(store, subject, predicate):
    return sorted((q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None,
                                                             ox.DefaultGraph())), key=str)


def _texts(store, subject, predicate):
    return "".join(f"<p>{html.escape(lit.value)}</p>" for lit in _objects(store, subject, predicate)
                   if getattr(lit, "language", None) in ("en", None))


def _link(store, node):
    """A link to ``node`` if it is an IRI a browser may follow (a local or http(s) address);
    any other IRI (``javascript:``, ``data:``, ``file:``...) is shown as text only."""
    if not isinstance(node, ox.NamedNode):
        return html.escape(str(node))
    href = local_href(node.value)
    if href.startswith("/") or urlsplit(href).scheme.lower() in ("http", "https"):
        return f'<a href="{html.escape(href)}">{html.escape(label(store, node))}</a>'
    return f"<code>{html.escape(node.value)}</code>"


def _value(store, node, triples):
    if isinstance(node, ox.Literal):
        language = f" <small>@{html.escape(node.language)}</small>" if node.language else ""
        return html.escape(node.value) + language
    if isinstance(node, ox.BlankNode):
        inner = "; ".join(f"{_link(store, t.predicate)} {_value(store, t.object, triples)}"
                          for t in triples if t.subject == node)
        return f"[ {inner} ]"
    return _link(store, node)
