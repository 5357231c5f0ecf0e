"""Where SPARQL SELECT queries run: one backend, chosen once by the caller.

``backend(source)`` is the only place that looks at what ``source`` is:

- a pyoxigraph ``Store``: Oxigraph, in process;
- an rdflib ``Graph``: rdflib's own engine, or with ``engine="oxigraph"`` the graph copied once
  into an in-memory Oxigraph store (the same rows for the standard SPARQL 1.1 of the named
  queries, checked by ``tests/test_queries.py``, and 10-50x faster);
- the http(s) address of a SPARQL 1.1 endpoint (SPARQL Protocol, POST, JSON results), on the
  graph ``atmp-kg publish`` loads if the endpoint holds it (``Endpoint``).

Every backend answers ``backend.select(text, bindings)`` with a ``Result`` (rows of terms,
``None`` where unbound), and calling it, ``backend(text)``, gives ``Result.records()``: rows as
``{variable: text}`` without the unbound variables, what the analyses read.

Parameter values are bound as RDF terms, never pasted into the query: ``initBindings`` with
rdflib, and a ``VALUES`` clause of escaped N-Triples terms opening the WHERE group with
Oxigraph and remote endpoints (``with_values``).
"""

import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph
from rdflib import Graph

from atmp_kg import __version__
from atmp_kg.errors import LoadError, UsageError
from atmp_kg.rdf.ntriples import nt_lines
from atmp_kg.sparql.results import Result, from_json, nt

DATASET_GRAPH = "https://w3id.org/atmp-kg/id/dataset/atmp-kg"  # where `atmp-kg publish` puts the build


class Backend:
    """Answers SPARQL SELECT queries (see module docstring)."""

    def select(self, text, bindings=None):
        """The ``Result`` of the SELECT ``text`` with ``bindings`` (``{"_name": term}``)."""
        raise NotImplementedError

    def __call__(self, text):
        """The rows of the SELECT ``text`` as ``{variable: text}``, unbound variables left out."""
        return self.select(text).records()


class Oxigraph(Backend):
    """A pyoxigraph ``Store``; its rows hold pyoxigraph terms."""

    def __init__(self, store):
        self.store = store

    def select(self, text, bindings=None):
        try:
            answer = self.store.query(with_values(text, bindings or {}))
            if not isinstance(answer, pyoxigraph.QuerySolutions):
                raise UsageError("only SELECT queries are supported")
            variables = tuple(variable.value for variable in answer.variables)
            rows = tuple(tuple(solution) for solution in answer)  # a solution iterates in variable order
        except (SyntaxError, OSError, RuntimeError, ValueError) as error:
            raise LoadError(f"the query cannot be run: {error}") from error
        return Result(variables, rows)


class Rdflib(Backend):
    """An rdflib ``Graph`` and rdflib's SPARQL engine; its rows hold rdflib terms."""

    def __init__(self, graph):
        self.graph = graph

    def select(self, text, bindings=None):
        try:
            answer = self.graph.query(text, initBindings=bindings or {})
        except Exception as error:  # pyparsing and evaluation errors
            raise LoadError(f"the query cannot be run: {error}") from error
        if answer.type != "SELECT":
            raise UsageError("only SELECT queries are supported")
        return Result(tuple(str(v) for v in answer.vars), tuple(tuple(row) for row in answer))


class Endpoint(Backend):
    """A remote SPARQL 1.1 endpoint, asked with the standard library; its rows hold rdflib terms.

    ``graph``: the named graph to query as the default graph (the protocol's ``default-graph-uri``).
    Without it, the graph ``atmp-kg publish`` loads (``DATASET_GRAPH``) when the endpoint holds
    it (asked once, with ``ASK``), else the endpoint's own default graph: so the named queries find
    the data of a store the build was published to, and of ``atmp-kg serve``, alike."""

    def __init__(self, url, timeout=60, graph=None):
        check_endpoint(url)
        self.url, self.timeout, self.graph = url, timeout, graph

    def select(self, text, bindings=None):
        answer = self._ask(with_values(text, bindings or {}), self.dataset())
        try:
            return from_json(answer)
        except (ValueError, KeyError) as error:
            raise LoadError(f"{self.url}: the answer is not SPARQL JSON results: {error}") from error

    def dataset(self):
        """The IRI of the graph queried as the default graph, or None for the endpoint's own."""
        if self.graph is None:
            probe = f"ASK {{ GRAPH <{DATASET_GRAPH}> {{ ?s ?p ?o }} }}"
            try:
                held = json.loads(self._ask(probe, None)).get("boolean") is True
            except (ValueError, AttributeError) as error:
                raise LoadError(f"{self.url}: the answer to ASK is not SPARQL JSON results: {error}") from error
            self.graph = DATASET_GRAPH if held else ""
        return self.graph or None

    def _ask(self, text, graph):
        """The body of the endpoint's answer (SPARQL JSON results) to query ``text`` on ``graph``."""
        form = {"query": text, **({"default-graph-uri": graph} if graph else {})}
        request = urllib.request.Request(
            self.url, data=urllib.parse.urlencode(form).encode("utf-8"),
            method="POST", headers={"Accept": "application/sparql-results+json",
                                    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                                    "User-Agent": f"atmp-kg/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()[:500]
            raise LoadError(f"{self.url}: the endpoint answered HTTP {error.code}: {detail}") from error
        except (urllib.error.URLError, OSError) as error:
            raise LoadError(f"{self.url}: cannot reach the endpoint: {getattr(error, 'reason', error)}") from error
        except UnicodeDecodeError as error:
            raise LoadError(f"{self.url}: the answer is not UTF-8: {error}") from error


def backend(source, engine=None, graph=None):
    """The backend for ``source`` (see module docstring); ``engine`` only for an rdflib ``Graph``:
    ``"rdflib"`` (the default) or ``"oxigraph"``; ``graph`` only for an endpoint (``Endpoint``)."""
    if isinstance(source, Backend):
        return source
    if isinstance(source, str):
        return Endpoint(source, graph=graph)
    if isinstance(source, Graph):
        if engine in (None, "rdflib"):
            return Rdflib(source)
        if engine == "oxigraph":
            return Oxigraph(store_of(nt_lines(source)))
        raise UsageError(f"unknown engine {engine!r}; expected rdflib or oxigraph")
    if isinstance(source, pyoxigraph.Store):
        return Oxigraph(source)
    raise TypeError(f"not a store, graph or endpoint address: {source!r}")


def store_of(*sources, checked=False):
    """A new in-memory Oxigraph store loaded from N-Triples: each source a text or a list of
    lines (``rdf.ntriples.nt_lines``). ``checked``: the text holds only terms checked already
    (the build's, whose IRIs were checked at load): Oxigraph then does not check them again
    (``lenient``: a third quicker)."""
    store = pyoxigraph.Store()
    for source in sources:
        if source:
            text = source if isinstance(source, str) else "\n".join(source)
            store.bulk_load(text, format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=checked)
    return store


def check_endpoint(url):
    """Raise UsageError unless ``url`` is an http(s) address with a host."""
    try:
        parts = urllib.parse.urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a malformed host or port
        ok = False
    if not ok:
        raise UsageError(f"{url!r} is not the http(s) address of a SPARQL endpoint (http://host/sparql)")


def with_values(text, bindings):
    """``text`` with a ``VALUES`` clause binding ``bindings`` (escaped N-Triples terms) as the
    first element of its outermost group, on one line: the values bind before the rest is
    evaluated, as rdflib's ``initBindings`` do, so an engine starts from them (a trailing
    ``VALUES`` would be joined only after the whole pattern). Without a group (``{``) the clause
    goes at the end."""
    if not bindings:
        return text
    clause = values_clause(bindings)
    start = outer_group_start(text)
    if start is None:
        return f"{text.rstrip()}\n{clause}\n"
    return f"{text[:start + 1]} {clause}{text[start + 1:]}"


def values_clause(bindings):
    """``VALUES (?_a ?_b) { (term term) }`` of ``bindings`` (escaped N-Triples terms), on one line."""
    names = sorted(bindings)
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(nt(bindings[name]) for name in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def outer_group_start(text):
    """Offset of the ``{`` opening the WHERE group: the first one outside a comment line."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#") and "{" in line:
            return offset + line.index("{")
        offset += len(line)
    return None
