"""Serve: the read-only SPARQL endpoint (protocol, query check, sandboxed workers) with linked-data pages."""
