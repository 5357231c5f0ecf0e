"""SPARQL: the library of named queries, their results formats, and publishing to a remote store."""
