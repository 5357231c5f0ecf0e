"""Read: the curated CSV tables and Turtle files, mapped to RDF (``load`` composes ``tables`` and ``mapping``)."""
