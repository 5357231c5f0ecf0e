"""atmp-kg: an open knowledge graph of the ATMP value chain."""

from pathlib import Path

__version__ = "0.1.0"
ROOT = Path(__file__).resolve().parent.parent  # the checkout: ontology/, graph/, queries/, dist/
