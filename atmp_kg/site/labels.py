"""Names and terms for display: ``site_terms(select)`` reads the labels (English and French) of
codes from ``queries/site-labels.rq``; ``label_of``, ``term_html`` and ``actor_name`` show them,
``actor_slug`` names an actor's files.
"""

import math
import re

from atmp_kg.analyse.network import code, query_text
from atmp_kg.rdf.vocabulary import actor_type_codes
from atmp_kg.site import i18n
from atmp_kg.site.markup import bilingual, multilingual
from atmp_kg.site.palette import KINDS

BEYOND_LABEL = "beyond Belgium or unknown"
SCHEME_GROUPS = {"stages": "stages", "therapy-types": "therapies", "roles": "roles", "measures": "measures",
                 "legal-classes": "legal_classes", "phases": "phases", "trial-statuses": "trial_statuses"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}$")


def site_terms(select):
    """Labels (``{"label", "label_fr", "label_nl"}``: English, French, Dutch) by group and code, from
    ``queries/site-labels.rq`` (the ontology's labels: SKOS prefLabels of concepts).

    Groups: stages, therapies, roles, measures, legal_classes, phases, trial_statuses (by code), types (actor type
    codes), places (by code), collaborations (by IRI), kinds (edge kinds); ``stage_order`` lists
    stage codes by ``schema:position``.
    """
    terms = {group: {} for group in ("stages", "therapies", "roles", "measures", "legal_classes", "phases",
                                     "trial_statuses", "types", "places", "collaborations")}
    positions = {}
    class_codes = actor_type_codes()
    for row in select(query_text("site-labels")):
        thing, scheme = row["thing"], code(row.get("scheme", ""))
        if scheme in SCHEME_GROUPS:
            group, key = SCHEME_GROUPS[scheme], code(thing)
        elif thing in class_codes:
            group, key = "types", class_codes[thing]
        elif "/id/place/" in thing:
            group, key = "places", code(thing)
        elif "/id/collaboration/" in thing or scheme == "":
            group, key = "collaborations", thing
        else:
            continue
        entry = terms[group].setdefault(key, {"label": "", "label_fr": "", "label_nl": ""})
        lang = row.get("lang", "").lower()[:2]
        field = {"fr": "label_fr", "nl": "label_nl"}.get(lang, "label")
        if field == "label" and lang not in ("en", "") and entry["label"]:
            continue
        if not entry[field] or row["label"] < entry[field]:
            entry[field] = row["label"]
        if group == "stages" and row.get("position"):
            positions[key] = float(row["position"])
    for group in terms.values():
        for key, entry in group.items():
            entry["label"] = entry["label"] or entry["label_fr"] or code(key)
    terms["kinds"] = {kind: interface_labels(en) for kind, (en, _, _) in KINDS.items()}
    terms["regions"] = {key: terms["places"].get(key, {"label": key, "label_fr": "", "label_nl": ""})
                        for key in ("wallonia", "brussels-capital-region", "flanders")}
    terms["regions"]["beyond"] = interface_labels(BEYOND_LABEL)
    terms["stage_order"] = sorted(terms["stages"], key=lambda s: (positions.get(s, math.inf), s))
    return terms


def interface_labels(text):
    """``{"label", "label_fr", "label_nl"}`` of an interface text (``i18n.STRINGS``; the text
    itself in a language the table lacks)."""
    found = i18n.variants(text) if i18n.known(text) else {"en": text}
    return {"label": text, "label_fr": found.get("fr", ""), "label_nl": found.get("nl", "")}


def label_of(terms, group, key):
    """The English label of ``key`` in ``group`` (its code when unknown)."""
    return terms.get(group, {}).get(key, {}).get("label") or code(key)


def term_html(terms, group, key):
    """Escaped label with its French and Dutch variants for the language switch."""
    entry = terms.get(group, {}).get(key, {})
    return multilingual(entry.get("label") or code(key), entry.get("label_fr"), entry.get("label_nl"))


def term_texts(terms, group, key):
    """``{language: label}`` of ``key`` in ``group`` (for ``markup.variant_attributes``)."""
    entry = terms.get(group, {}).get(key, {})
    return {"en": entry.get("label") or code(key), "fr": entry.get("label_fr", ""), "nl": entry.get("label_nl", "")}


def actor_name(network, actor):
    """Escaped name of ``actor`` with its French name for the language switch."""
    data = network.nodes[actor] if actor in network else {}
    return bilingual(data.get("label") or actor, data.get("label_fr"))


def actor_slug(iri):
    """A safe file name stem for an actor IRI: its slug, or a stable hash for odd IRIs."""
    slug = code(iri)
    if SLUG.match(slug):
        return slug
    import hashlib
    return "actor-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]
