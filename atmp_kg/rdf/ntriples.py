"""N-Triples: the terms and lines of the build's triples, sorted with blank nodes labelled
canonically, so that the same triples always give the same bytes."""

from itertools import chain

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import XSD

CHUNK_LINES = 20_000  # N-Triples lines per piece of a big file


def nt_term(node):
    """A term in N-Triples; ``xsd:string`` literals plain, as RDF 1.1 canonical N-Triples has them."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    text = node.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    text = f'"{text}"'
    if node.language:
        return f"{text}@{node.language}"
    return f"{text}^^<{node.datatype}>" if node.datatype and node.datatype != XSD.string else text


def nt_lines(triples):
    """One N-Triples line per triple (blank nodes as they are labelled), unsorted."""
    return [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in triples]


def _split_bnodes(triples):
    """(triples without blank nodes, those with them relabelled canonically)."""
    plain, with_bnodes = [], []
    for triple in triples:
        s, _, o = triple
        if isinstance(s, BNode) or isinstance(o, BNode):
            with_bnodes.append(triple)
        else:
            plain.append(triple)
    if not with_bnodes:
        return plain, ()
    graph = Graph()
    for triple in with_bnodes:
        graph.add(triple)
    return plain, to_canonical_graph(graph)


def sorted_nt_lines(triples):
    """The N-Triples lines of ``triples``, blank nodes labelled canonically, sorted."""
    return sorted_lines(nt_lines(triples))


def sorted_lines(lines):
    """N-Triples ``lines`` (``nt_lines``'s, in any order, maybe repeated) sorted, each once, with
    blank nodes labelled canonically: the lines that may hold one (``_:``) are read back as
    triples for that; the others are kept as they are (at a million triples, writing every line
    again from the triples would take 4 s)."""
    plain = set(lines)
    maybe_bnodes = [line for line in plain if "_:" in line]
    if maybe_bnodes:
        plain.difference_update(maybe_bnodes)
        parsed = Graph().parse(data="\n".join(maybe_bnodes), format="nt")
        plain.update(nt_lines(chain(*_split_bnodes(parsed))))
    return sorted(plain)


def merged_lines(first, second):
    """Two lists of ``sorted_lines`` as one, each line once: the lines of ``second`` not in
    ``first`` are appended and sorted, which Timsort does by merging the two sorted runs."""
    in_first = set(first)
    merged = first + [line for line in second if line not in in_first]
    merged.sort()
    return merged


def ntriples(triples):
    """Sorted N-Triples, one per line, blank nodes labelled canonically."""
    return lines_text(sorted_nt_lines(triples))


def lines_text(lines):
    """N-Triples ``lines`` as the text of a file."""
    return "\n".join(lines) + "\n" if lines else ""


def lines_chunks(lines):
    """N-Triples ``lines`` as the text of a file, ``CHUNK_LINES`` lines at a time (for a big file)."""
    size = CHUNK_LINES
    for start in range(0, len(lines), size):
        yield "\n".join(lines[start:start + size]) + "\n"
