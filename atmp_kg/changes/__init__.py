"""What changed between two versions of the graph (``atmp-kg diff``, and the changelog of
``atmp-kg release``).

The stage reads two versions, compares them and writes the result:

- ``versions``: a ``Version`` of the graph from a build folder, a dump, an in-memory build or a
  git revision of the curated data: its asserted triples as canonical N-Triples lines, and the
  gap report's coverage and suggestion tables where it has them;
- ``compare``: the triples only one version holds, indexed by the things they describe;
- ``facts``: those differences told by kind of thing, by identity (IRIs), never by text;
- ``gapdiff``: coverage cells that opened or closed, suggestions that appeared or vanished;
- ``pages`` (``changes.html``), ``table`` (``changes.csv``), ``patch`` (``changes.trig``) and
  ``text`` (``CHANGES.md`` and the one-line summary): the outputs.
"""
