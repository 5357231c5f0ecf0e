"""Decide from the parsed query whether the endpoint may run it.

``check_query(text)`` parses ``text`` with rdflib's SPARQL 1.1 grammar and walks the parse tree:
a query that contains a ``SERVICE`` pattern anywhere (a subquery, ``EXISTS``, ``OPTIONAL``, a
variable endpoint, ``SILENT``) is refused with 403, an update with 403, and text that is not a
query (or that nests deeper than the parser follows) with 400. Nothing here looks at the text
itself: escapes, comments, strings and case are the parser's business. Query workers call it
before running a query; it is the first of two walls (the second, ``sandbox.refuse_network``,
takes the network away from the workers).

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
atmp_kg.serve.protocol.ProtocolError: SERVICE is refused: this endpoint makes no outbound requests
"""

import functools

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from atmp_kg.serve.protocol import ProtocolError

SERVICE_REFUSED = "SERVICE is refused: this endpoint makes no outbound requests"
UPDATE_REFUSED = "this endpoint is read-only: SPARQL UPDATE is refused"


@functools.lru_cache(maxsize=256)
def check_query(text):
    """Return None if ``text`` is a query the endpoint runs; else raise ProtocolError (400 or 403)."""
    try:
        tree = parseQuery(text)
    except RecursionError:
        raise ProtocolError(400, "malformed query: it nests deeper than this endpoint accepts") from None
    except ParseBaseException as problem:
        if _is_update(text):
            raise ProtocolError(403, UPDATE_REFUSED) from None
        raise ProtocolError(400, f"malformed query: {problem}") from None
    if calls_service(tree):
        raise ProtocolError(403, SERVICE_REFUSED)


def calls_service(tree):
    """Whether a parse tree of rdflib's SPARQL parser holds a ``SERVICE`` graph pattern."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            pending.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            pending.extend(node)
        elif isinstance(node, dict):
            pending.extend(node.values())
    return False


def _is_update(text):
    try:
        parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return False
    return True
