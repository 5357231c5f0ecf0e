"""Named SPARQL queries: the library in ``queries/``, run on the built graph or on any endpoint.

Each ``queries/<name>.rq`` holds one SELECT query with a grlc-style header (see
``queries/README.md``)::

    #+ title: Who is active at a stage for a therapy
    #+ description: One sentence on what the rows are.
    #+ param: _stage = <https://w3id.org/atmp-kg/id/stage/gmp-manufacturing>

Parameters are variables written ``?_name``; each has a default, an N-Triples term. Values are
bound as RDF terms, never pasted into the query: ``initBindings`` with rdflib, and a
``VALUES`` clause of escaped N-Triples terms opening the WHERE group with Oxigraph and remote
endpoints. A parameter must therefore be bound by a triple pattern of the query's top-level
group (and be a GROUP BY key in an aggregate query), so that both forms give the same rows.

>>> from atmp_kg.sparql.library import select
>>> result = select("actors-at-stage-for-therapy", {"stage": "preclinical"})  # doctest: +SKIP
>>> result.variables  # doctest: +SKIP
('actor', 'label', 'stage', 'therapy', 'region', 'source')
"""

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.util import from_n3

from atmp_kg.errors import LoadError, UsageError
from atmp_kg.resources import DIST_DIR, QUERIES_DIR
from atmp_kg.sparql.backends import backend, outer_group_start, values_clause
from atmp_kg.sparql.backends import with_values as with_values  # part of this module's API
from atmp_kg.sparql.results import is_iri

INFERRED_FILE = "atmp-kg-inferred.ttl"
ENGINES = ("oxigraph", "rdflib")
HEADER_LINE = re.compile(r"^#\+\s*([A-Za-z]+)\s*:\s*(.*?)\s*$")
PARAM_DECLARATION = re.compile(r"^\??(_[A-Za-z0-9_]+)\s*=\s*(\S.*)$")
PARAM_USE = re.compile(r"[?$](_[A-Za-z0-9_]+)")
BARE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class NamedQuery:
    """One query of the library: its name (file stem), header and text."""

    name: str
    path: Path
    title: str
    description: str
    parameters: dict  # "_name" -> default term
    text: str
    tags: tuple = ()  # from "#+ tags: a, b"; the library tags each query "lookup" or "analytics"

    @property
    def is_violation(self):
        """A data-quality check: sound data gives no rows; the build fails otherwise."""
        return self.name.endswith("-violation")

    @property
    def is_federated(self):
        """The query calls other endpoints (SERVICE): it needs the network."""
        return re.search(r"\bSERVICE\b", _body(self.text), re.IGNORECASE) is not None


def _body(text):
    """The query text without its comment lines."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def read_query(path, adhoc=False):
    """The ``NamedQuery`` in the ``.rq`` file at ``path``; LoadError if its header is wrong.

    ``adhoc``: a query of the user's own, not of the library: the header is optional (the title
    is then the file name) and a ``?_name`` without a ``#+ param:`` line is an ordinary variable.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"{path}: cannot be read: {getattr(error, 'strerror', None) or error}") from error
    return parse_query(text, path, adhoc)


def adhoc_query(text, name="ad-hoc"):
    """A ``NamedQuery`` from query text typed by the user (``--text``, standard input)."""
    return parse_query(text, Path(f"<{name}>"), adhoc=True)


def parse_query(text, path, adhoc=False):
    """The ``NamedQuery`` of query ``text`` read from ``path`` (see ``read_query``)."""
    header = {"title": "", "description": "", "tags": ""}
    parameters = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = HEADER_LINE.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "param":
            parameters.update([_parse_declaration(path, number, value)])
        elif key in header:
            header[key] = value
    for key in ("title", "description"):
        if not header[key] and not adhoc:
            raise LoadError(f"{path}: header line '#+ {key}: ...' is missing")
    used = set(PARAM_USE.findall(_body(text)))
    # a library query declares exactly what it uses; an ad-hoc one may use ?_names it does not declare
    wrong = not set(parameters) <= used if adhoc else used != set(parameters)
    if wrong:
        raise LoadError(f"{path}: parameters used ({', '.join(sorted(used)) or 'none'}) and declared with "
                        f"'#+ param:' ({', '.join(sorted(parameters)) or 'none'}) differ")
    tags = tuple(tag.strip() for tag in header["tags"].split(",") if tag.strip())
    return NamedQuery(path.stem, path, header["title"] or path.name, header["description"], parameters, text, tags)


def _parse_declaration(path, number, value):
    match = PARAM_DECLARATION.match(value)
    if not match:
        raise LoadError(f"{path} line {number}: expected '#+ param: _name = <default IRI or \"literal\">'")
    try:
        default = from_n3(match.group(2))
    except Exception as error:  # rdflib raises several kinds on a bad term
        raise LoadError(f"{path} line {number}: bad default {match.group(2)!r}: {error}") from error
    if not isinstance(default, (URIRef, Literal)):
        raise LoadError(f"{path} line {number}: the default must be an IRI <...> or a literal \"...\"")
    return match.group(1), default


def library(folder=QUERIES_DIR):
    """Every query of ``folder``, sorted by name."""
    return [read_query(path) for path in sorted(Path(folder).glob("*.rq"), key=lambda path: path.stem)]


def find_query(name_or_path, folder=QUERIES_DIR):
    """The query named ``name_or_path`` in ``folder``, or the query file at that path (any
    ``.rq`` file, or a path with a ``/``: a query of the user's own, whose header is optional)."""
    candidate = Path(name_or_path)
    if (candidate.suffix == ".rq" or "/" in str(name_or_path)) and candidate.is_file():
        return read_query(candidate, adhoc=True)
    path = Path(folder) / f"{name_or_path}.rq"
    if "/" not in str(name_or_path) and path.is_file():
        return read_query(path)
    known = ", ".join(query.name for query in library(folder))
    raise UsageError(f"unknown query {str(name_or_path)!r}; known queries: {known} (or give the path of a .rq file)")


# -- parameters ------------------------------------------------------------------------

def bind(query, values=None):
    """The parameters of ``query`` as RDF terms: its defaults, overridden by ``values``.

    ``values`` maps a parameter name (``stage`` or ``_stage``) to an RDF term or to a text
    read by ``parameter_value``. An unknown name raises UsageError.
    """
    bindings = dict(query.parameters)
    for name, value in (values or {}).items():
        key = name if name.startswith("_") else f"_{name}"
        if key not in bindings:
            known = ", ".join(p[1:] for p in query.parameters) or "none"
            raise UsageError(f"query {query.name!r} has no parameter {name!r}; its parameters: {known}")
        bindings[key] = value if isinstance(value, (URIRef, Literal)) else parameter_value(value, bindings[key])
    return bindings


def parameter_value(text, default):
    """The RDF term that the text ``text`` stands for, for a parameter with ``default``.

    - default an IRI: ``<iri>`` or an absolute IRI is that IRI; a bare name such as
      ``preclinical`` is resolved against the default's namespace (``.../id/stage/``); any other
      text becomes a plain literal (which matches no IRI);
    - default a literal: a literal with the text as is, and the default's language or datatype.
    """
    if isinstance(default, URIRef):
        bracketed = text.startswith("<") and text.endswith(">")
        inner = text[1:-1] if bracketed else text
        if is_iri(inner) and (bracketed or re.match(r"^(https?|urn):", inner)):
            return URIRef(inner)
        if BARE_NAME.match(text):
            namespace = re.match(r"^(.*[/#])", str(default))
            if namespace:
                return URIRef(namespace.group(1) + text)
        return Literal(text)
    return Literal(text, lang=default.language, datatype=default.datatype)


def ui_text(query):
    """The text of ``query`` as the query UI opens it: its parameters bound to their defaults by a
    ``VALUES`` line of its own opening the WHERE group (where ``with_values`` puts it for
    ``atmp-kg query``), which a person sees and edits, and a comment below the description that
    says so. The same rows as ``atmp-kg query NAME`` without ``--param``."""
    if not query.parameters:
        return query.text
    names = " and ".join(f"?{name}" for name in sorted(query.parameters))
    start = outer_group_start(query.text)
    text = (f"{query.text[:start + 1]}\n  # the parameters, bound to the defaults of `atmp-kg query {query.name}`: "
            f"edit the values to ask about something else\n  {values_clause(query.parameters)}"
            f"{query.text[start + 1:]}")
    note = (f"# In this tab {names} {'is' if len(query.parameters) == 1 else 'are'} bound by the VALUES "
            "line below to the defaults; edit it to change them.")
    lines = text.split("\n")
    after = max((i for i, line in enumerate(lines) if HEADER_LINE.match(line.strip())), default=-1)
    return "\n".join(lines[:after + 1] + [note] + lines[after + 1:])


# -- running ---------------------------------------------------------------------------

def inferred_path(dist=DIST_DIR):
    """The inferred graph file: ``dist`` itself if it is a file, else ``dist/atmp-kg-inferred.ttl``."""
    path = Path(dist)
    path = path / INFERRED_FILE if path.is_dir() else path
    if not path.is_file():
        raise LoadError(f"{path}: not found; run 'atmp-kg build' first (or give --dist)")
    return path


def load_graph(dist=DIST_DIR, engine="oxigraph"):
    """The inferred graph of a build, in a pyoxigraph ``Store`` or an rdflib ``Graph``."""
    path = inferred_path(dist)
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    try:
        if engine == "rdflib":
            return Graph().parse(path)
        import pyoxigraph

        store = pyoxigraph.Store()
        store.load(path=str(path))
        return store
    except Exception as error:  # parsers raise many kinds
        raise LoadError(f"{path}: cannot be read: {error}") from error


def select(query, params=None, *, graph=None, dist=DIST_DIR, endpoint=None, engine="oxigraph",
           folder=QUERIES_DIR, endpoint_graph=None):
    """Run a named query (a name, a ``.rq`` path or a ``NamedQuery``) and return a ``Result``.

    On ``graph`` (rdflib Graph or pyoxigraph Store) if given, else on ``endpoint`` if given (on
    its named graph ``endpoint_graph``, by default the one ``atmp-kg publish`` loads if the
    endpoint holds it: ``backends.Endpoint``), else on the inferred graph of the build in
    ``dist``, loaded with ``engine``.
    """
    named = query if isinstance(query, NamedQuery) else find_query(query, folder)
    bindings = bind(named, params)
    source = graph if graph is not None else endpoint or load_graph(dist, engine)
    return backend(source, graph=endpoint_graph).select(named.text, bindings).rdflib()


def rows(query, params=None, **where):
    """The rows of ``select(query, params, **where)`` as dicts ``{variable: term or None}``."""
    return select(query, params, **where).dicts()


def dataframe(query, params=None, **where):
    """The rows as a pandas DataFrame of strings (None when unbound); needs pandas installed."""
    try:
        import pandas
    except ImportError as error:
        raise UsageError("pandas is not installed: pip install pandas") from error
    result = select(query, params, **where)
    return pandas.DataFrame([[None if term is None else str(term) for term in row] for row in result.rows],
                            columns=list(result.variables), dtype=object)


def violations(graph, folder=QUERIES_DIR):
    """One line per row that a ``*-violation.rq`` query returns on ``graph`` (none = sound)."""
    problems, run = [], backend(graph)
    for query in library(folder):
        if query.is_violation:
            for row in run.select(query.text, query.parameters).records():
                problems.append(f"{query.name}: " + ", ".join(f"{name}={text}" for name, text in row.items()))
    return problems

