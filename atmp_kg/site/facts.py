"""The facts of the built graph as pages show them: ``TripleIndex`` (the read side of the inferred
triples on plain dictionaries), labels, sources, values and tables, every string escaped
(``atmp_kg.site.markup``).
"""

from collections import defaultdict
from functools import cache, partial

from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from atmp_kg.analyse.network import code
from atmp_kg.rdf.namespaces import ATMP, SCHEMA, terms_once
from atmp_kg.site import i18n
from atmp_kg.site.markup import bilingual, escape, tr

# the data's own term objects (``namespaces.terms_once``): the index finds them by identity
ATMP, DCTERMS, PROV, RDF, RDFS, SCHEMA, SKOS = (
    terms_once(namespace) for namespace in (ATMP, DCTERMS, PROV, RDF, RDFS, SCHEMA, SKOS))


class TripleIndex:
    """The read side of an rdflib graph that the pages use (``objects``, ``subjects``, ``value``,
    ``predicate_objects``, ``subject_predicates``, ``in``, iteration), on plain dictionaries: built once,
    it answers a page's hundreds of lookups many times faster than the graph's store."""

    def __init__(self, triples):
        outgoing = self.outgoing = defaultdict(partial(defaultdict, list))  # partial: made in C, no Python call
        incoming = self.incoming = defaultdict(partial(defaultdict, list))
        self.memo = {}  # pieces of pages made once per index (``remembered``)
        for s, p, o in triples:
            outgoing[s][p].append(o)
            incoming[o][p].append(s)

    @classmethod
    def of(cls, graph):
        """``graph`` itself if it is an index already, else its index."""
        return graph if isinstance(graph, cls) else cls(graph)

    def __iter__(self):
        return ((s, p, o) for s, predicates in self.outgoing.items() for p, values in predicates.items()
                for o in values)

    def objects(self, subject, predicate):
        return iter(self.outgoing.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate, obj):
        return iter(self.incoming.get(obj, {}).get(predicate, ()))

    def value(self, subject, predicate):
        """The least value (so always the same one), or None."""
        return min(self.objects(subject, predicate), default=None)

    def predicate_objects(self, subject):
        return ((p, o) for p, values in self.outgoing.get(subject, {}).items() for o in values)

    def subject_predicates(self, obj):
        return ((s, p) for p, values in self.incoming.get(obj, {}).items() for s in values)

    def __contains__(self, triple):
        s, p, o = triple
        values = self.outgoing.get(s, {}).get(p, ())
        return bool(values) if o is None else o in values


def link(url, text):
    """An escaped external link, only for http(s) URLs; anything else is shown as text."""
    url = str(url)
    if url.startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" rel="noopener">{escape(text)}</a>'
    return escape(text)


def remembered(graph, make, *args):
    """``make(graph, *args)``, made once per ``(make, *args)`` when ``graph`` is a ``TripleIndex``
    (the labels and source items that thousands of profile pages repeat), else made each time."""
    memo = getattr(graph, "memo", None)
    if memo is None:
        return make(graph, *args)
    key = (make, *args)
    if key not in memo:
        memo[key] = make(graph, *args)
    return memo[key]


def labels(graph, node):
    """``(English, French)`` labels of ``node`` (English falls back to any label, then its code)."""
    return remembered(graph, _labels, node)


def _labels(graph, node):
    found = sorted(graph.objects(node, RDFS.label)) + sorted(graph.objects(node, SKOS.prefLabel))
    english = next((str(v) for v in found if getattr(v, "language", None) == "en"), None)
    french = next((str(v) for v in found if (getattr(v, "language", None) or "").startswith("fr")), "")
    return english or (str(found[0]) if found else code(str(node))), french


def node_html(graph, node):
    """An escaped, bilingual label of ``node``."""
    return bilingual(*labels(graph, node))


def sources_html(graph, nodes):
    """Links to the sources of ``nodes`` (title, publisher, date), or a note that there is none."""
    sources = sorted({s for n in nodes for s in graph.objects(n, PROV.wasDerivedFrom)})
    if not sources:
        return f'<span class="muted">{tr("no source")}</span>'
    items = "".join(remembered(graph, _source_item, source) for source in sources)
    return f'<ul class="sources">{items}</ul>'


def _source_item(graph, source):
    title = graph.value(source, DCTERMS.title) or code(str(source))
    url = graph.value(source, SCHEMA.url) or ""
    extra = ", ".join(str(v) for v in (graph.value(source, DCTERMS.publisher), graph.value(source, DCTERMS.date))
                      if v is not None)
    return f'<li>{link(url, title)}{" <span class=muted>(" + escape(extra) + ")</span>" if extra else ""}</li>'


def value_html(graph, value, href):
    """An object of a fact: an actor (profile link), a web address, a described thing or text."""
    if isinstance(value, Literal):
        return escape(value)
    if (value, RDF.type, ATMP.Actor) in graph:
        return f'<a href="{escape(href(str(value)))}">{node_html(graph, value)}</a>'
    notation = graph.value(value, SKOS.notation)
    if notation is not None:
        return escape(notation)
    if (value, RDFS.label, None) in graph or (value, SKOS.prefLabel, None) in graph:
        return node_html(graph, value)
    return link(value, str(value))


def table(headings, rows, table_id, classes=None):
    """A table with escaped headings; ``rows`` are lists of HTML cells; ``classes``: a class
    (or ``""``) per row."""
    head = _heading_cells(tuple(headings))
    body = "".join((f'<tr class="{escape(cls)}">' if cls else "<tr>") + "".join(f"<td>{cell}</td>" for cell in row)
                   + "</tr>" for row, cls in zip(rows, classes or [""] * len(rows), strict=True))
    return f'<table id="{escape(table_id)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@cache  # a few tables' headings, on each of thousands of pages
def _heading_cells(headings):
    return "".join(f'<th scope="col">{tr(h) if i18n.known(h) else escape(h)}</th>' for h in headings)
