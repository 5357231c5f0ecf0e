"""The registries through their web services, with the project's polite client
(``atmp_kg.fetch.Client``: User-Agent, timeouts, retries honouring ``Retry-After``, a cache):

- Wikidata: the reconciliation query (``wikidata.query``) for 25 actors at a time, sent to the
  query service (SPARQL 1.1 Protocol, JSON results);
- ROR: ``/v2/organizations?query=<name>`` for each name of an actor without a ROR id, and
  ``/v2/organizations/<id>`` for each id the graph holds;
- GLEIF: ``/api/v1/lei-records?filter[fulltext]=<name>`` for each name, ``filter[entity.registeredAs]``
  for each enterprise number and ``/lei-records/<LEI>`` for each LEI the graph holds.

The enterprise register has no open web service: its open data files are read with ``--from``.
"""

from atmp_kg.errors import UsageError
from atmp_kg.reconcile import gleif, ror, wikidata
from atmp_kg.reconcile.names import name_key
from atmp_kg.reconcile.records import Found, actor_keys

BATCH = 25  # actors per Wikidata query: a GET address stays well under the service's limit
DEFAULTS = {"wikidata": wikidata.ENDPOINT, "ror": ror.API, "gleif": gleif.API}


def fetch(registry, client, actors, api=None, progress=None):
    """A ``Found`` of the records ``registry``'s service gives for ``actors`` (``{id: Actor}``).
    ``api``: the service's address (default: ``DEFAULTS``)."""
    if registry not in DEFAULTS:
        raise UsageError(f"{registry} has no open web service: download its open data files and give --from")
    api = (api or DEFAULTS[registry]).rstrip("/")
    keys, identifiers = actor_keys(actors)
    ordered = [actors[key] for key in sorted(actors)]
    requests = list(_requests(registry, api, ordered))
    if progress is not None:
        progress.total = len(requests)
    records = {}
    for url, params, parse in requests:
        for record in parse(client.get_json(url, params), url, keys, identifiers):
            records.setdefault(record.value, record)
        if progress is not None:
            progress.add()
    return Found([records[value] for value in sorted(records)], complete=False)


def _requests(registry, api, actors):
    """``(url, params, parse)`` for each request; ``parse(document, url, keys, identifiers)``
    gives the wanted records of an answer."""
    if registry == "wikidata":
        for start in range(0, len(actors), BATCH):
            yield api, {"query": wikidata.query(actors[start:start + BATCH]), "format": "json"}, wikidata.records_of
        return
    names = sorted({name for actor in actors for name, kind in actor.names
                    if not actor.identifiers.get("ror" if registry == "ror" else "lei") and kind != "alias"})
    if registry == "ror":
        for name in names:
            yield api, {"query": name}, _ror_items
        for value in sorted({actor.identifiers["ror"] for actor in actors if actor.identifiers.get("ror")}):
            yield f"{api}/{value.removeprefix('https://ror.org/')}", None, _ror_items
        return
    for name in names:
        yield api, {"filter[fulltext]": name, "page[size]": "20"}, _gleif_items
    numbers = sorted({actor.identifiers["enterprise_number"] for actor in actors
                      if actor.identifiers.get("enterprise_number") and not actor.identifiers.get("lei")})
    for number in numbers:
        yield api, {"filter[entity.registeredAs]": number}, _gleif_items
    for value in sorted({actor.identifiers["lei"] for actor in actors if actor.identifiers.get("lei")}):
        yield f"{api}/{value}", None, _gleif_items


def _ror_items(document, url, keys, identifiers):
    items = document.get("items") if isinstance(document, dict) and "items" in document else [document]
    wanted = {value for (column, value) in identifiers if column == "ror"}
    for number, item in enumerate(items or [], start=1):
        record = ror.parse(item, f"{url} item {number}")
        if record.value in wanted or any(name_in(keys, name) for name, _, _ in record.names):
            yield record


def _gleif_items(document, url, keys, identifiers):
    data = document.get("data") if isinstance(document, dict) else None
    wanted = gleif.Wanted(keys, identifiers)
    for number, item in enumerate([data] if isinstance(data, dict) else data or [], start=1):
        record = gleif.parse_api(item, f"{url} data item {number}")
        if wanted(record):
            yield record


def name_in(keys, name):
    return name_key(name) in keys
