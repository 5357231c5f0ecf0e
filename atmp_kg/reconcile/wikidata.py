"""Wikidata, through its query service: the SPARQL query ``query(actors)`` asks for the items
whose label or alias (en, fr, nl) is one of the actors' names, or that hold one of their
identifiers (ROR P6782, LEI P1278, Belgian enterprise number P3376) or are their QID, with what
the items say of themselves; ``read`` takes the answer in the SPARQL 1.1 Query Results JSON
Format (https://www.w3.org/TR/sparql11-results-json/), from the query service or from a file
saved from https://query.wikidata.org.

One binding carries one fact of an item (``?item`` and one more variable): ``?name`` with
``?nameKind`` (``label``, ``alias``, ``official``, ``former``), ``?countryCode``, ``?type``,
``?website``, ``?ror``, ``?lei``, ``?kbo``, ``?grid``, ``?dissolved``, ``?replacedBy``,
``?redirect`` (the item was merged into that one), ``?city``, ``?modified``.
"""

from rdflib import Literal

from atmp_kg.errors import LoadError
from atmp_kg.reconcile.files import Bundle, read_json
from atmp_kg.reconcile.match import COMPANY
from atmp_kg.reconcile.names import domain, dotted, enterprise_digits, enterprise_number_ok, name_key
from atmp_kg.reconcile.records import Found, Record, normal_identifier

ENDPOINT = "https://query.wikidata.org/sparql"
ENTITY = "http://www.wikidata.org/entity/"
PUBLISHER = "Wikidata"
NAME_KINDS = {"label": "name", "official": "name", "alias": "alias", "former": "former"}
# classes (P31) whose instances are a kind of actor; others say nothing either way
TYPES = {"Q3918": {"university"}, "Q16917": {"hospital"}, "Q31855": {"research-centre"},
         "Q4830453": COMPANY, "Q783794": COMPANY, "Q891723": COMPANY, "Q6881511": COMPANY,
         "Q327333": {"public-body"}}
LANGUAGES = ("en", "fr", "nl")

QUERY = """\
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <http://schema.org/>
# Candidates for atmp-kg actors: items named like them or holding their identifiers (atmp-kg reconcile)
SELECT DISTINCT ?item ?name ?nameKind ?countryCode ?type ?website ?ror ?lei ?kbo ?grid ?dissolved ?replacedBy
       ?redirect ?city ?modified WHERE {
  { VALUES ?search { %(names)s } { ?item rdfs:label ?search } UNION { ?item skos:altLabel ?search } }
  UNION { VALUES ?item { %(items)s } }
  UNION { VALUES ?rorSearch { %(rors)s } ?item wdt:P6782 ?rorSearch . }
  UNION { VALUES ?leiSearch { %(leis)s } ?item wdt:P1278 ?leiSearch . }
  UNION { VALUES ?kboSearch { %(kbos)s } ?item wdt:P3376 ?kboSearch . }
  { ?item rdfs:label ?name . BIND ("label" AS ?nameKind) FILTER (LANG(?name) IN ("en", "fr", "nl")) }
  UNION { ?item skos:altLabel ?name . BIND ("alias" AS ?nameKind) FILTER (LANG(?name) IN ("en", "fr", "nl")) }
  UNION { ?item p:P1448 ?statement . ?statement ps:P1448 ?name . OPTIONAL { ?statement pq:P582 ?ended }
          BIND (IF(BOUND(?ended), "former", "official") AS ?nameKind) }
  UNION { ?item wdt:P17/wdt:P297 ?countryCode . } UNION { ?item wdt:P31 ?type . }
  UNION { ?item wdt:P856 ?website . } UNION { ?item wdt:P6782 ?ror . } UNION { ?item wdt:P1278 ?lei . }
  UNION { ?item wdt:P3376 ?kbo . } UNION { ?item wdt:P2427 ?grid . } UNION { ?item wdt:P576 ?dissolved . }
  UNION { ?item wdt:P1366 ?replacedBy . } UNION { ?item owl:sameAs ?redirect . }
  UNION { ?item wdt:P159 ?seat . ?seat rdfs:label ?city . FILTER (LANG(?city) IN ("en", "fr", "nl")) }
  UNION { ?item schema:dateModified ?modified . }
}
"""


def query(actors):
    """The query (``QUERY``) for ``actors``: their names in English, French and Dutch, their
    QIDs, ROR ids, LEIs and enterprise numbers, bound as RDF terms in VALUES blocks."""
    names = sorted({name for actor in actors for name, _ in actor.names})
    found = {column: sorted({actor.identifiers[column] for actor in actors if actor.identifiers.get(column)})
             for column in ("wikidata", "ror", "lei", "enterprise_number")}
    kbos = sorted({form for value in found["enterprise_number"] if (digits := enterprise_digits(value))
                   for form in (dotted(digits), digits)})

    def terms(values):
        return " ".join(values) or "UNDEF"

    return QUERY % {
        "names": terms(Literal(name, lang=language).n3() for name in names for language in LANGUAGES),
        "items": terms(f"<{ENTITY}{qid}>" for qid in found["wikidata"]),
        "rors": terms(Literal(value).n3() for value in found["ror"]),
        "leis": terms(Literal(value).n3() for value in found["lei"]),
        "kbos": terms(Literal(value).n3() for value in kbos)}


def read(path, keys, identifiers):
    """The items of a SPARQL JSON answer at ``path`` that an actor's name key or identifier
    (``records.actor_keys``) points at, as a ``Found`` (never complete: an answer holds what
    its query asked for)."""
    bundle = Bundle(path)
    jsons = [name for name in bundle.names() if name.endswith((".json", ".srj"))] or bundle.names()
    label = bundle.label(jsons[0])
    return Found(records_of(read_json(bundle, jsons[0], label), label, keys, identifiers), complete=False)


def records_of(document, label, keys, identifiers):
    """The wanted ``Record``s of a SPARQL JSON results document (see ``read``)."""
    bindings = ((document or {}).get("results") or {}).get("bindings") if isinstance(document, dict) else None
    if not isinstance(bindings, list) or "item" not in ((document.get("head") or {}).get("vars") or []):
        raise LoadError(f"{label}: not a SPARQL JSON result with an ?item variable (head.vars, results.bindings)")
    items = {}
    for number, binding in enumerate(bindings, start=1):
        item = (binding.get("item") or {}).get("value", "") if isinstance(binding, dict) else ""
        if not item.startswith(ENTITY + "Q"):
            raise LoadError(f"{label} binding {number}: ?item is not a Wikidata item ({item!r})")
        facts = items.setdefault(item.removeprefix(ENTITY), {})
        for variable, term in binding.items():
            if variable != "item" and isinstance(term, dict) and "value" in term:
                facts.setdefault(variable, []).append(term)
        if "name" in binding:  # a name and its kind come in one binding
            kind = (binding.get("nameKind") or {}).get("value", "alias")
            name = binding["name"]
            facts.setdefault("names", []).append((name.get("value", ""), NAME_KINDS.get(kind, "alias"),
                                                  name.get("xml:lang", "")))
    wanted_ids = {(column, value) for (column, value) in identifiers}
    records = []
    for qid, facts in sorted(items.items()):
        record = _record(qid, facts)
        held = {(column, normal_identifier(column, value)) for column, values in record.identifiers.items()
                for value in values} | {("wikidata", qid)}
        if held & wanted_ids or any(name_key(name) in keys for name, _, _ in record.names):
            records.append(record)
    return records


def _values(facts, variable):
    return [term["value"] for term in facts.get(variable, [])]


def _record(qid, facts):
    names = sorted(set(facts.get("names", [])))
    labels = [name for name, kind, language in names if kind == "name" and language == "en"] or [
        name for name, kind, _ in names if kind == "name"]
    label = labels[0] if labels else qid
    identifiers, notes = {}, []
    for column, variable in (("ror", "ror"), ("lei", "lei")):
        if values := _values(facts, variable):
            identifiers[column] = set(values)
    for value in _values(facts, "kbo"):
        digits = enterprise_digits(value)
        if enterprise_number_ok(digits):
            identifiers.setdefault("enterprise_number", set()).add(dotted(digits))
        else:
            notes.append(f"enterprise number {value} on the item fails the mod-97 check: ignored")
    dissolved = sorted(value[:10] for value in _values(facts, "dissolved"))
    merged = [value.removeprefix(ENTITY) for value in _values(facts, "redirect")]
    replaced = [value.removeprefix(ENTITY) for value in _values(facts, "replacedBy")]
    status = "merged" if merged else (f"dissolved {dissolved[0]}" if dissolved else "")
    types = frozenset().union(*(TYPES.get(value.removeprefix(ENTITY), ()) for value in _values(facts, "type")))
    websites = sorted(domain(value) for value in _values(facts, "website"))
    codes = sorted(_values(facts, "countryCode"))
    return Record(
        field="wikidata", value=qid, label=label, names=names, url=f"https://www.wikidata.org/wiki/{qid}",
        title=f"{label} ({qid}), Wikidata", publisher=PUBLISHER, date=min(_values(facts, "modified") or [""])[:10],
        status=status or "item", active=not (merged or dissolved), successor=(merged or replaced or [""])[0],
        cities=tuple(sorted(set(_values(facts, "city")))), country=codes[0] if len(codes) == 1 else "",
        website=websites[0] if websites else "", identifiers=identifiers, types=types, note="; ".join(notes))
