"""Write step: the build's RDF, reports and dataset description into ``dist/``, atomically.

Everything is written into a fresh temporary folder next to ``dist/`` and swapped into place
only when all files are written, so a failed build leaves the previous ``dist/`` untouched.
Output is deterministic: the same inputs give the same bytes whatever PYTHONHASHSEED is.
"""

import csv
import io
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from .namespaces import PREFIXES, bind_prefixes

CONTEXT_FILE = "context.jsonld"


def write_text(path, text):
    """Write ``text`` as UTF-8 to ``path`` via a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=path.parent,
                                     prefix=f".{path.name}.", delete=False) as handle:
        handle.write(text)
    os.chmod(handle.name, 0o644)  # temporary files are private; outputs are for everyone to read
    os.replace(handle.name, path)


@contextmanager
def staged_dir(target):
    """Yield a temporary folder; on success it replaces ``target``, on error it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=target.parent))
    staging.chmod(0o755)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def canonical(graph):
    """``graph`` with blank nodes relabelled canonically (only the part that has blank nodes)."""
    with_bnodes = Graph()
    result = bind_prefixes(Graph())
    for s, p, o in graph:
        (with_bnodes if isinstance(s, BNode) or isinstance(o, BNode) else result).add((s, p, o))
    for triple in to_canonical_graph(with_bnodes):
        result.add(triple)
    return result


def turtle(graph):
    """Deterministic Turtle: rdflib's canonical ``longturtle`` over canonical blank nodes."""
    return bind_prefixes(canonical(graph)).serialize(format="longturtle")


def ntriples(graph):
    """Sorted N-Triples, one per line."""
    lines = canonical(graph).serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def jsonld_context():
    """The published JSON-LD @context: the project's prefixes."""
    return {"@context": {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}}


def jsonld(graph):
    """Compact JSON-LD, nodes sorted by @id, keys sorted; the context inline, as published."""
    context = jsonld_context()["@context"]
    document = json.loads(canonical(graph).serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document] if "@id" in document else [])
    for node in nodes:
        node.pop("@context", None)
    return jsonld_text(nodes, context)


def jsonld_text(nodes, context):
    """The JSON-LD document of ``nodes`` in a stable order: nodes by @id, values and keys sorted."""
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    nodes.sort(key=lambda node: node.get("@id", ""))
    return json.dumps({"@context": context, "@graph": nodes}, indent=1, sort_keys=True,
                      ensure_ascii=False) + "\n"


def findings_csv(findings):
    """The validation findings as CSV for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["origin", "severity", "focus_node", "path", "message", "value", "shape"])
    for f in findings:
        writer.writerow([f.origin, f.severity, f.focus, f.path, f.message, f.value, f.shape])
    return out.getvalue()


def json_text(value):
    """Stable, readable JSON text."""
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
