"""How the explorer draws actor types and relation kinds: a colour per actor type (in the
legend's order), a label, colour and dash per edge kind, keyed by the ontology's codes
(``atmp_kg.rdf.vocabulary``); ``primary_type`` picks the type that colours a node.
"""

from atmp_kg.analyse.network import SHARED_MEMBERSHIP
from atmp_kg.rdf.vocabulary import actor_types, relation_kinds


def keyed_by(design, codes, fallback, what):
    """``design`` (code -> how it is drawn, in the order of the legend) for exactly the ``codes``
    of the ontology: a code that ``design`` lacks comes last, drawn as ``fallback(code)`` (a new
    actor type or relation shows at once, in a neutral style, until it is given its own); a code
    of ``design`` that the ontology lacks raises ValueError."""
    unknown = [key for key in design if key not in codes]
    if unknown:
        raise ValueError(f"{what} {', '.join(unknown)}: drawn in site/palette.py, unknown to the ontology")
    return {**design, **{key: fallback(key) for key in codes if key not in design}}


TYPE_COLOURS = keyed_by({  # actor type code: colour
    "developer": "#e6194b", "cdmo": "#f58231", "service-provider": "#ffe119", "supplier": "#bfef45",
    "university": "#4363d8", "research-unit": "#42d4f4", "hospital": "#3cb44b", "research-centre": "#911eb4",
    "cluster": "#f032e6", "public-body": "#a9a9a9", "investor": "#9a6324",
}, actor_types(), lambda _: "#cccccc", "actor type")
TYPE_ORDER = tuple(TYPE_COLOURS)
KINDS = keyed_by({  # edge kind: (English label, colour, dashed); its French and Dutch: site/i18n.py
    "collaboration": ("collaboration", "#1a6fb5", False),
    "shared-membership": ("same partnership or project", "#8c99a6", True),
    "acquisition": ("acquisition", "#c0392b", False),
    "spin-off": ("spin-off", "#16a085", False),
    "subsidiary": ("subsidiary", "#d35400", False),
    "manufacturing": ("manufacturing for", "#8e44ad", False),
    "affiliation": ("affiliation", "#2c3e50", False),
    "unit": ("research unit of", "#7f8c8d", False),
    "investment": ("investment", "#b7950b", False),
    "funding": ("funding", "#27ae60", False),
}, [*relation_kinds().values(), SHARED_MEMBERSHIP], lambda kind: (kind, "#999999", False), "edge kind")


def primary_type(types):
    """The first of ``types`` in the fixed type order (colours one node)."""
    ranked = [t for t in TYPE_ORDER if t in types]
    return ranked[0] if ranked else (sorted(types)[0] if types else "")
