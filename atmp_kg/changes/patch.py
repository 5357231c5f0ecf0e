"""``changes.trig``: the change as RDF, a TriG file of two named graphs, the asserted triples the
old version holds and the new one does not (``REMOVED``) and the other way round (``ADDED``).
A store holding the old version is brought to the new one by deleting the first and inserting
the second (docs/releases.md shows the SPARQL Update)."""

from atmp_kg.rdf.namespaces import ID

REMOVED, ADDED = str(ID["changes/removed"]), str(ID["changes/added"])


def changes_trig(comparison):
    """The TriG text of ``comparison``'s removed and added triples (sorted N-Triples lines, each
    a TriG statement, inside the two graphs)."""
    parts = [f"# The asserted triples that changed from {comparison.old.title} to {comparison.new.title}.\n"
             f"# Remove the graph <{REMOVED}> from the old version, add <{ADDED}>.\n"]
    for graph, lines in ((REMOVED, comparison.removed), (ADDED, comparison.added)):
        parts.append(f"<{graph}> {{\n" + "".join(f"{line}\n" for line in lines) + "}\n")
    return "".join(parts)
