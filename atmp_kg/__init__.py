"""atmp-kg: an open knowledge graph of the ATMP value chain.

Where its files are found (the ontology and named queries it carries, graph/ and dist/):
``atmp_kg.resources``.
"""

__version__ = "0.1.0"
