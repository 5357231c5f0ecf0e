"""What the server answers from: the build in ``dist/``, a store for its own lookups (``/id/``,
the ontology) and the pool of query workers."""

import functools
from pathlib import Path

import pyoxigraph as ox

from atmp_kg.errors import LoadError
from atmp_kg.serve import linked_data as ld
from atmp_kg.serve.workers import WorkerPool
from atmp_kg.sparql.library import library, ui_text

DATA_FILE = "atmp-kg-inferred.ttl"


class Site:
    """What the server answers from: ``dist/``, a store for lookups, the query workers."""

    def __init__(self, dist, queries_dir, timeout=10.0, cap=10_000, workers=4, memory_mib=1024,
                 quick_timeout=2.0):
        self.dist = Path(dist).resolve()
        data = self.dist / DATA_FILE
        if not data.is_file():
            raise LoadError(f"{data} not found: run `atmp-kg build` first")
        self.queries = named_queries(queries_dir)
        self.timeout, self.cap = timeout, cap
        self.pool = WorkerPool(data, workers=workers, timeout=timeout, cap=cap, prefixes=ld.TURTLE_PREFIXES,
                               memory_mib=memory_mib, quick_timeout=quick_timeout)
        self.store = ox.Store()  # for /id/ and the ontology: our own bounded lookups
        try:
            self.store.bulk_load(path=str(data), format=ox.RdfFormat.TURTLE)
            self.pool.wait_ready()
        except (SyntaxError, OSError, RuntimeError) as error:
            self.pool.close()
            raise LoadError(f"cannot serve {data}: {error}") from None

    def close(self):
        self.pool.close()

    @functools.cached_property
    def ontology(self):
        return ld.ontology_triples(self.store)

    @functools.cached_property
    def ontology_html(self):
        return ld.ontology_page(self.store).encode("utf-8")

    def profile_href(self, iri):
        """The address of the profile page ``dist/`` has for ``iri``, if any: ``<kind>/<slug>.html``,
        ``<kind>s/<slug>.html`` (as the explorer writes ``actors/<slug>.html``) or ``.../index.html``."""
        kind, _, slug = ld.local_href(iri)[len("/id/"):].partition("/")
        for folder in (kind, f"{kind}s"):
            for candidate, href in ((f"{folder}/{slug}.html", f"/{folder}/{slug}.html"),
                                    (f"{folder}/{slug}/index.html", f"/{folder}/{slug}/")):
                if slug and (self.dist / candidate).is_file():
                    return href
        return None


def named_queries(queries_dir):
    """``[{"name", "title", "description", "text"}]`` of the query library in ``queries_dir``, sorted by
    name; ``text`` as the query UI opens it, its parameters bound to their defaults (``ui_text``)."""
    return [{"name": query.name, "title": query.title, "description": query.description, "text": ui_text(query)}
            for query in library(queries_dir)]
