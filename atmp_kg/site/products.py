"""Products and clinical trials: ``current_phases`` (each product's phase on the build's day, as
``queries/current-phases.rq`` defines it), the page that lists them by therapy and phase
(``products.html``), and the products and trials of one actor for its profile page.
"""

from typing import NamedTuple

from atmp_kg.analyse.history import day_of
from atmp_kg.analyse.network import code
from atmp_kg.site import i18n
from atmp_kg.site.explorer import nav_items
from atmp_kg.site.facts import (
    ATMP,
    DCTERMS,
    RDF,
    SCHEMA,
    SKOS,
    TripleIndex,
    labels,
    node_html,
    remembered,
    sources_html,
    table,
)
from atmp_kg.site.labels import actor_slug, label_of, term_html
from atmp_kg.site.markup import escape, page, tr

TRIAL_NUMBERS = (ATMP.nctId, ATMP.euCtNumber, ATMP.eudraCtNumber)
PAGE = "products.html"
INTRODUCTION = ("{products} products and {trials} clinical trials, by therapy; a product's phase is its phase on "
                "{day}, with the date it was reached where the sources give one.")


class Phase(NamedTuple):
    """A product's phase on a day: the phase concept, the date it was reached (``""`` for an
    undated phase) and the node whose sources say so (the phase claim, or the product)."""

    phase: object
    since: str
    claim: object


def current_phases(graph, day):
    """``{product: Phase}`` on ``day`` (a ``datetime.date``; ``None``: undated phases only): the
    phase of the product's latest phase claim dated on or before the day, else the undated phase
    of products.csv; a product with neither has no entry (``queries/current-phases.rq``)."""
    found = {}
    for product in sorted(graph.subjects(RDF.type, ATMP.TherapyProduct)):
        dated = []
        for claim in graph.objects(product, ATMP.hasPhase):
            date, phase = graph.value(claim, DCTERMS.date), graph.value(claim, ATMP.developmentPhase)
            when = day_of(str(date or ""))
            if phase is not None and when is not None and day is not None and when <= day:
                dated.append((when, str(claim), Phase(phase, str(date), claim)))
        if dated:
            found[product] = max(dated, key=lambda item: item[:2])[2]
        elif (phase := graph.value(product, ATMP.developmentPhase)) is not None:
            found[product] = Phase(phase, "", product)
    return found


def trial_status(graph, trial, day):
    """The trial's status on ``day`` (a ``datetime.date``; ``None``: its latest): ``(status concept,
    date, claim)`` of its latest status claim dated on or before the day, or None
    (``queries/hospitals-running-trials.rq``)."""
    dated = []
    for claim in graph.objects(trial, ATMP.hasTrialStatus):
        date, status = graph.value(claim, DCTERMS.date), graph.value(claim, ATMP.trialStatus)
        when = day_of(str(date or ""))
        if status is not None and when is not None and (day is None or when <= day):
            dated.append((when, str(claim), (status, str(date), claim)))
    return max(dated, key=lambda item: item[:2])[2] if dated else None


def trial_status_html(graph, terms, status):
    """A trial's status and the date its source gives for it (``trial_status``, or None: empty)."""
    if status is None:
        return ""
    concept, date, _ = status
    return (term_html(terms, "trial_statuses", code(str(concept)))
            + f' <span class="since">({tr("as of {date}", date=date)})</span>')


def phase_rank(graph, phase):
    """The phase's place in its scheme (``schema:position``), unknown phases last."""
    position = graph.value(phase, SCHEMA.position) if phase is not None else None
    return float(position) if position is not None else float("inf")


def phase_html(graph, terms, current):
    """The current phase and since when (``Phase`` or None: unknown)."""
    if current is None:
        return f'<span class="muted">{tr("unknown")}</span>'
    text = term_html(terms, "phases", code(str(current.phase)))
    if current.since:
        text += f' <span class="since">({tr("since {date}", date=current.since)})</span>'
    return text


def evidence(product, current):
    """The nodes whose sources back a product and its current phase (``Phase`` or None)."""
    return [product] + ([current.claim] if current is not None and current.claim != product else [])


def therapies_html(graph, terms, thing):
    """The labels of the thing's therapy types."""
    therapies = sorted(graph.objects(thing, ATMP.therapyType))
    return ", ".join(term_html(terms, "therapies", code(str(t))) for t in therapies)


def trial_number(graph, trial):
    """The trial's registry number (NCT, EU CT or EudraCT)."""
    return str(min((n for p in TRIAL_NUMBERS for n in graph.objects(trial, p)), default=code(str(trial))))


def actors_html(graph, actors, href):
    """Links to the profiles of ``actors``."""
    return ", ".join(f'<a href="{escape(href(str(a)))}">{node_html(graph, a)}</a>' for a in sorted(actors))


def by_therapy(graph, things, terms):
    """``[(therapy code, [thing, ...])]``: ``things`` grouped by their therapy types, therapies by
    label, a thing without one under ``""``."""
    groups = {}
    for thing in things:
        for therapy in sorted(graph.objects(thing, ATMP.therapyType)) or [None]:
            groups.setdefault(code(str(therapy)) if therapy is not None else "", []).append(thing)
    return sorted(groups.items(), key=lambda item: (item[0] == "", label_of(terms, "therapies", item[0]).lower()
                                                    if item[0] else "", item[0]))


def product_rows(graph, products, phases, terms, href):
    """Rows (phase, product, developer, indication, sources) in phase order, then by name."""
    ordered = sorted(products, key=lambda p: (phase_rank(graph, phases[p].phase if p in phases else None),
                                              labels(graph, p)[0].lower(), p))
    rows = []
    for product in ordered:
        aliases = sorted(str(a) for a in graph.objects(product, SKOS.altLabel))
        name = f'<span id="product-{escape(code(str(product)))}">{node_html(graph, product)}</span>'
        if aliases:
            name += f' <span class="muted">({escape(", ".join(aliases))})</span>'
        current = phases.get(product)
        rows.append([phase_html(graph, terms, current), name,
                     actors_html(graph, graph.objects(product, ATMP.developedBy), href),
                     escape("; ".join(sorted(str(v) for v in graph.objects(product, ATMP.indication)))),
                     sources_html(graph, evidence(product, current))])
    return rows


def trial_rows(graph, trials, terms, href, day):
    """Rows (phase, trial, product, sponsor, sites, start, status on ``day``, sources) in phase order,
    then by number."""
    ordered = sorted(trials, key=lambda t: (phase_rank(graph, graph.value(t, ATMP.developmentPhase)),
                                            trial_number(graph, t)))
    rows = []
    for trial in ordered:
        phase = graph.value(trial, ATMP.developmentPhase)
        number = trial_number(graph, trial)
        status = trial_status(graph, trial, day)
        rows.append([term_html(terms, "phases", code(str(phase))) if phase is not None else "",
                     f'<span id="trial-{escape(number)}"><code>{escape(number)}</code></span> '
                     f"{node_html(graph, trial)}",
                     ", ".join(node_html(graph, p) for p in sorted(graph.objects(trial, ATMP.studiesProduct))),
                     actors_html(graph, graph.objects(trial, ATMP.sponsor), href),
                     actors_html(graph, graph.objects(trial, ATMP.trialSite), href),
                     escape(graph.value(trial, SCHEMA.startDate) or ""), trial_status_html(graph, terms, status),
                     sources_html(graph, [trial] + ([status[2]] if status is not None else []))])
    return rows


PRODUCT_HEADINGS = ["phase", "product", "developer", "indication", "sources"]
TRIAL_HEADINGS = ["phase", "trial", "product", "sponsor", "sites", "start", "status", "sources"]


def products_page(graph, terms, when=None, footer=""):
    """Every product and clinical trial, by therapy, each therapy's in phase order: a product's
    phase as of the day of ``when`` (a ``history.Timeline``; None: its undated phase)."""
    graph = TripleIndex.of(graph)
    day = when.day if when is not None else None
    href = lambda iri: f"actors/{actor_slug(iri)}.html"  # noqa: E731
    phases = current_phases(graph, day)
    products = sorted(graph.subjects(RDF.type, ATMP.TherapyProduct))
    trials = sorted(graph.subjects(RDF.type, ATMP.ClinicalTrial))
    sections = []
    for therapy, things in by_therapy(graph, products + trials, terms):
        title = term_html(terms, "therapies", therapy) if therapy else tr("therapy unknown")
        mine = set(things)
        parts = [f'<section class="therapy" id="therapy-{escape(therapy or "unknown")}"><h2>{title}</h2>']
        rows = product_rows(graph, [p for p in products if p in mine], phases, terms, href)
        if rows:
            parts.append(f"<h3>{tr('Products')}</h3>"
                         + table(PRODUCT_HEADINGS, rows, f"products-{therapy or 'unknown'}"))
        rows = trial_rows(graph, [t for t in trials if t in mine], terms, href, day)
        if rows:
            parts.append(f"<h3>{tr('Clinical trials')}</h3>"
                         + table(TRIAL_HEADINGS, rows, f"trials-{therapy or 'unknown'}"))
        sections.append("".join(parts) + "</section>")
    introduction = tr(INTRODUCTION, products=len(products), trials=len(trials),
                      day=day.isoformat() if day is not None else "?")
    body = (f"<h1>{tr('Products and trials')}</h1><p>{introduction}</p>"
            + ("".join(sections) or f'<p class="muted">{tr("No product or trial in the graph.")}</p>'))
    return page(i18n.variants("atmp-kg: products and trials"), body, nav=nav_items(PAGE), language_switch=True,
                footer=footer)


def actor_products_html(graph, actor, terms, day, href):
    """The products ``actor`` develops (with their phase on ``day``) and the trials it sponsors or
    runs, as tables; ``""`` when it has none."""
    products = sorted(graph.subjects(ATMP.developedBy, actor))
    roles = {}
    for role, predicate in (("sponsor", ATMP.sponsor), ("site", ATMP.trialSite)):
        for trial in graph.subjects(predicate, actor):
            roles.setdefault(trial, []).append(role)
    parts = []
    if products:
        phases = remembered(graph, current_phases, day)  # once for all the pages
        rows = [[f'<a href="../{PAGE}#product-{escape(code(str(p)))}">{node_html(graph, p)}</a>',
                 therapies_html(graph, terms, p),
                 phase_html(graph, terms, phases.get(p)), sources_html(graph, evidence(p, phases.get(p)))]
                for p in sorted(products, key=lambda p: (labels(graph, p)[0].lower(), p))]
        parts.append(table(["product", "therapy", "phase", "sources"], rows, "products-table"))
    if roles:
        rows = []
        for trial in sorted(roles, key=lambda t: trial_number(graph, t)):
            phase = graph.value(trial, ATMP.developmentPhase)
            number = trial_number(graph, trial)
            rows.append([f'<a href="../{PAGE}#trial-{escape(number)}"><code>{escape(number)}</code></a> '
                         f"{node_html(graph, trial)}",
                         ", ".join(tr(ROLES[r]) for r in roles[trial]),
                         term_html(terms, "phases", code(str(phase))) if phase is not None else "",
                         sources_html(graph, [trial])])
        parts.append(table(["trial", "role", "phase", "sources"], rows, "trials-table"))
    return "".join(parts)


ROLES = {"sponsor": "sponsor", "site": "trial site"}

