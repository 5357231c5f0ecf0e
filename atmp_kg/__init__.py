"""atmp-kg: an open knowledge graph of the ATMP value chain."""

__version__ = "0.1.0"
