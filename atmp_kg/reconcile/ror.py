"""The Research Organization Registry (ROR), schema version 2 (format: "Data structure" in ROR's
documentation, https://ror.readme.io/docs/ror-data-structure): its data dump (a zip holding a
JSON array of records, or that JSON file), or an answer of its API version 2
(``https://api.ror.org/v2/organizations?query=...``: ``{"items": [records]}``).

A record's ``status`` is ``active``, ``inactive`` or ``withdrawn``; a ``successor`` relationship
names the record that replaces it.
"""

from atmp_kg.errors import LoadError
from atmp_kg.reconcile.files import Bundle, read_json
from atmp_kg.reconcile.match import COMPANY
from atmp_kg.reconcile.names import domain, name_key
from atmp_kg.reconcile.records import Found, Record, normal_identifier

API = "https://api.ror.org/v2/organizations"
PUBLISHER = "Research Organization Registry (ROR)"
NAME_KINDS = {"ror_display": "name", "label": "name", "alias": "alias", "acronym": "alias"}
TYPES = {"education": {"university", "research-unit"}, "healthcare": {"hospital"}, "company": COMPANY,
         "government": {"public-body"}, "facility": {"research-centre"}, "funder": {"investor", "public-body"},
         "nonprofit": {"research-centre", "cluster"}}


def read(path, keys, identifiers):
    """The records of the dump or API answer at ``path`` that an actor's name key or ROR id
    (``records.actor_keys``) points at, as a ``Found`` (complete for a dump)."""
    bundle = Bundle(path)
    members = [name for name in bundle.names() if name.endswith(".json")]
    if not members:
        raise LoadError(f"{path}: no JSON file: not a ROR data dump")
    # a dump published during the move to version 2 holds both: take the version 2 file
    name = next((member for member in members if "schema_v2" in member), members[-1])
    label = bundle.label(name)
    document = read_json(bundle, name, label)
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        items, complete = document["items"], False
    elif isinstance(document, list):
        items, complete = document, True
    elif isinstance(document, dict) and "id" in document:
        items, complete = [document], False
    else:
        raise LoadError(f"{label}: not ROR records (a JSON array of records, or an API answer with items)")
    ids = {value for (column, value) in identifiers if column == "ror"}
    records = []
    for number, item in enumerate(items, start=1):
        record = parse(item, f"{label} record {number}")
        if record.value in ids or any(name_key(name) in keys for name, _, _ in record.names):
            records.append(record)
    return Found(records, complete)


def parse(item, where):
    """The ``Record`` of one ROR v2 record; LoadError (naming ``where``) if it is not one."""
    if not isinstance(item, dict) or not str(item.get("id", "")).startswith("https://ror.org/"):
        raise LoadError(f"{where}: not a ROR record (no https://ror.org/ id)")
    if "names" not in item:
        raise LoadError(f"{where}: a ROR schema version 1 record (no 'names'): give the schema version 2 file")
    names = []
    for name in item.get("names") or []:
        kinds = [NAME_KINDS[kind] for kind in name.get("types") or [] if kind in NAME_KINDS]
        if kinds and name.get("value"):
            names.append((name["value"], "name" if "name" in kinds else kinds[0], name.get("lang") or ""))
    label = next((name["value"] for name in item["names"] if "ror_display" in (name.get("types") or [])),
                 names[0][0] if names else item["id"])
    relations = item.get("relationships") or []
    successor = next((normal_identifier("ror", relation.get("id")) for relation in relations
                      if relation.get("type") == "successor"), "")
    location = ((item.get("locations") or [{}])[0] or {}).get("geonames_details") or {}
    website = next((link.get("value") for link in item.get("links") or [] if link.get("type") == "website"), "")
    external = {entry.get("type"): entry.get("all") or [] for entry in item.get("external_ids") or []}
    types = frozenset().union(*(TYPES.get(kind, ()) for kind in item.get("types") or []))
    parents = [f"{relation.get('label')} ({normal_identifier('ror', relation.get('id'))})" for relation in relations
               if relation.get("type") == "parent"]
    value = normal_identifier("ror", item["id"])
    status = item.get("status") or ""
    return Record(
        field="ror", value=value, label=label, names=names, url=f"https://ror.org/{value}",
        title=f"{label} (ROR record {value})", publisher=PUBLISHER,
        date=((item.get("admin") or {}).get("last_modified") or {}).get("date") or "",
        status=status, active=status == "active", successor=successor,
        cities=(location["name"],) if location.get("name") else (), country=location.get("country_code") or "",
        website=domain(website), identifiers={"wikidata": set(external.get("wikidata", []))} if external.get(
            "wikidata") else {},
        types=types, note="part of " + ", ".join(parents) if parents else "")
