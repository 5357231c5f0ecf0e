"""Profile pages: one HTML page per actor (its facts with their sources, its capabilities,
relations, memberships and figures, its neighbourhood as a small network, related actors, its
IRI and how to fetch it as RDF), its description as Turtle, and the list of all actors.

Facts are read from the built (inferred) rdflib graph; every string is escaped (``atmp_kg.site.markup``).
"""

import datetime

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from atmp_kg.analyse.history import day_of
from atmp_kg.analyse.network import code
from atmp_kg.rdf.namespaces import ATMP, ORG, ROV, SCHEMA, terms_once
from atmp_kg.rdf.ntriples import nt_term
from atmp_kg.rdf.vocabulary import actor_types
from atmp_kg.site import i18n
from atmp_kg.site.as_of import ending_html
from atmp_kg.site.drawing import PayloadParts, network_payload_json
from atmp_kg.site.explorer import NETWORK_CSS, nav_items, network_container
from atmp_kg.site.facts import TripleIndex, labels, node_html, remembered, sources_html, table, value_html
from atmp_kg.site.labels import actor_name, actor_slug, label_of, term_html
from atmp_kg.site.markup import bilingual, escape, inline_style, page, tr, vis_network_head
from atmp_kg.site.products import actor_products_html

# the data's own term objects (``namespaces.terms_once``): the index finds them by identity
ATMP, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, ROV, SCHEMA, SKOS = (
    terms_once(namespace) for namespace in (ATMP, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, ROV, SCHEMA, SKOS))

IDENTITY = (  # (predicate, heading: a key of i18n.STRINGS)
    (SKOS.altLabel, "also known as"),
    (ATMP.formerName, "former name"),
    (ATMP.basedIn, "based in"),
    (FOAF.homepage, "website"),
    (SCHEMA.sameAs, "same as"),
    (ROV.registration, "enterprise number"),
    (ATMP.lei, "LEI"),
    (SCHEMA.foundingDate, "founded"),
    (DCTERMS.description, "description"),
)
QUALIFIERS = (ATMP.qualifiedCollaboration, ATMP.qualifiedSpinOff, ATMP.qualifiedAcquisition,
              ATMP.qualifiedSubsidiary, ATMP.qualifiedManufacturing, ATMP.qualifiedAffiliation,
              ATMP.qualifiedUnitOf, ATMP.qualifiedInvestment, ATMP.qualifiedFunding)
# the actor's links to the nodes its description includes (a set: tested by hash, not one by one)
DESCRIBED_VIA = frozenset(QUALIFIERS) | {ATMP.hasCapability, ROV.registration}


def identity_rows(graph, actor, terms, href):
    """Rows (property, value, sources) of the actor's own facts, all from its row's sources."""
    sources = sources_html(graph, [actor])
    english, french = labels(graph, actor)
    rows = [[tr("name"), escape(english), sources]]
    if french:
        rows.append([tr("French name"), escape(french), sources])
    types = sorted({t for t in graph.objects(actor, RDF.type)} & set(actor_types().values()))
    if types:
        rows.append([tr("type"), ", ".join(node_html(graph, t) for t in types), sources])
    for predicate, heading in IDENTITY:
        values = sorted(graph.objects(actor, predicate))
        if values:
            rows.append([tr(heading), ", ".join(value_html(graph, v, href) for v in values), sources])
    regions = sorted(r for r in graph.objects(actor, ATMP.locatedIn) if (r, RDF.type, ATMP.Region) in graph)
    if regions:
        rows.append([tr("region"), ", ".join(node_html(graph, r) for r in regions),
                     f'<span class="muted">{tr("from the place")}</span>'])
    return rows


def all_values(graph, node, predicate):
    """Every value of ``predicate`` on ``node``, sorted, joined by "; " (rows merged from
    several sources keep each date and note)."""
    return "; ".join(sorted({str(value) for value in graph.objects(node, predicate)}))


def capability_rows(graph, actor, terms):
    rows = []
    for claim in sorted(graph.objects(actor, ATMP.hasCapability)):
        stage, therapy = graph.value(claim, ATMP.stage), graph.value(claim, ATMP.therapy)
        rank = terms.get("stage_order", []).index(code(str(stage))) if code(str(stage)) in terms.get(
            "stage_order", []) else 99
        rows.append((rank, code(str(therapy)), [term_html(terms, "stages", code(str(stage))),
                                                 term_html(terms, "therapies", code(str(therapy))),
                                                 escape(all_values(graph, claim, RDFS.comment)),
                                                 sources_html(graph, [claim])]))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def relation_rows(graph, actor, href):
    """Relations stated by or about the actor: subject, relation, object, date, note, sources."""
    return [remembered(graph, _relation_row, subject, claim, href) for subject, claim in _relation_claims(graph, actor)]


def _relation_claims(graph, actor):
    """``(subject, claim)`` of the relations stated by or about the actor, sorted."""
    claims = set()
    for qualifier in QUALIFIERS:
        claims.update((actor, claim) for claim in graph.objects(actor, qualifier))
    for claim in graph.subjects(ATMP.relatedActor, actor):
        claims.update((subject, claim) for subject, qualifier in graph.subject_predicates(claim)
                      if qualifier in QUALIFIERS)
    return sorted(claims)


def _relation_row(graph, subject, claim, href):
    """The row of one relation (the same on the pages of both its actors)."""
    kinds = sorted(k for k in graph.objects(claim, RDF.type) if str(k).startswith(str(ATMP)) and
                   k not in (ATMP.RelationClaim, ATMP.Claim))
    other = graph.value(claim, ATMP.relatedActor)
    return [value_html(graph, subject, href), ", ".join(node_html(graph, k) for k in kinds),
            value_html(graph, other, href), escape(all_values(graph, claim, DCTERMS.date)),
            escape(all_values(graph, claim, RDFS.comment)), sources_html(graph, [claim])]


def membership_rows(graph, actor, terms):
    rows = []
    for membership in sorted(graph.subjects(ORG.member, actor)):
        collaboration = graph.value(membership, ORG.organization)
        role = graph.value(membership, ORG.role)
        dates = " - ".join(str(v) for v in (graph.value(membership, SCHEMA.startDate),
                                             graph.value(membership, SCHEMA.endDate)) if v is not None)
        rows.append([f'<a href="../consortium.html#{escape(actor_slug(str(collaboration)))}">'
                     f"{node_html(graph, collaboration)}</a>",
                     term_html(terms, "roles", code(str(role))) if role is not None else "",
                     escape(dates), sources_html(graph, [membership])])
    return rows


def figure_rows(graph, actor, terms):
    rows = []
    for figure in sorted(graph.subjects(ATMP.figureOf, actor)):
        measure = graph.value(figure, ATMP.measure)
        unit = graph.value(figure, SCHEMA.currency) or graph.value(figure, SCHEMA.unitText) or ""
        rows.append([term_html(terms, "measures", code(str(measure))) if measure is not None else "",
                     escape(graph.value(figure, SCHEMA.value) or ""), escape(unit),
                     escape(all_values(graph, figure, ATMP.referencePeriod)),
                     escape(all_values(graph, figure, RDFS.comment)), sources_html(graph, [figure])])
    return rows


PLANNED_STATUS = "planned"


def _dates(graph, claim):
    """``(start, end, planned)`` texts of a claim's validity (``""`` when absent)."""
    start, end = (str(graph.value(claim, p) or "") for p in (SCHEMA.startDate, SCHEMA.endDate))
    planned = any(code(str(v)) == PLANNED_STATUS for v in graph.objects(claim, ATMP.status))
    return start, end, planned


def _validity_html(start, end, planned):
    parts = []
    if start:
        parts.append(tr("from {date}", date=start))
    if end:
        parts.append(tr("until {date}", date=end))
    if planned:
        parts.append('<strong class="planned">' + tr("planned") + "</strong>")
    return " ".join(parts)


def _last_seen(graph, claim):
    """The newest date of the claim's sources (``""`` without one): when it was last seen true."""
    dates = [str(d) for s in graph.objects(claim, PROV.wasDerivedFrom) for d in graph.objects(s, DCTERMS.date)]
    return max(dates, key=lambda d: (day_of(d) or datetime.date.min, d), default="")


def timeline_entries(graph, actor, terms, href):
    """The dated entries of the actor's profile: ``(date, seen, what, details, sources)`` HTML,
    in date order. Its founding and change events (with the successor), the events it resulted
    from, its memberships, capabilities, relations and sites (with their validity, dated by their
    start, else their end, else the newest date of their sources: "last seen"), and the dated
    phases of the products it develops."""
    entries = []  # (day, rank, date text, last seen?, what, details, sources)

    def add(date, rank, what, details, node, seen=False):
        when = day_of(date)
        if when is not None:
            entries.append((when, rank, date, seen, what, details, sources_html(graph, [node])))

    for founded in sorted(graph.objects(actor, SCHEMA.foundingDate)):
        add(str(founded), 0, tr("founded"), "", actor)
    for event in sorted(graph.objects(actor, ORG.changedBy)):
        kind, successor = graph.value(event, ATMP.changeKind), graph.value(event, ORG.resultingOrganization)
        details = [tr("now part of") + " " + value_html(graph, successor, href)
                   ] if successor is not None else []
        details += [escape(v) for v in sorted(graph.objects(event, SKOS.note))]
        add(str(graph.value(event, DCTERMS.date) or ""), 1, node_html(graph, kind) if kind is not None else "",
            "; ".join(details), event)
    for event in sorted(graph.objects(actor, ORG.resultedFrom)):
        kind, original = graph.value(event, ATMP.changeKind), graph.value(event, ORG.originalOrganization)
        add(str(graph.value(event, DCTERMS.date) or ""), 1,
            (node_html(graph, kind) if kind is not None else "") + ": " + value_html(graph, original, href),
            escape("; ".join(sorted(str(v) for v in graph.objects(event, SKOS.note)))), event)

    def claim(node, rank, what, date=""):
        start, end, planned = _dates(graph, node)
        dated = date or start or end
        add(dated or _last_seen(graph, node), rank, what, _validity_html(start, end, planned), node, not dated)

    for membership in sorted(graph.subjects(ORG.member, actor)):
        collaboration, role = graph.value(membership, ORG.organization), graph.value(membership, ORG.role)
        what = (tr("member of") + " " + f'<a href="../consortium.html#'
                f'{escape(actor_slug(str(collaboration)))}">{node_html(graph, collaboration)}</a>')
        if role is not None:
            what += f' ({term_html(terms, "roles", code(str(role)))})'
        claim(membership, 2, what)
    for capability in sorted(graph.objects(actor, ATMP.hasCapability)):
        stage, therapy = graph.value(capability, ATMP.stage), graph.value(capability, ATMP.therapy)
        claim(capability, 3, tr("capability:") + " " + term_html(terms, "stages", code(str(stage)))
              + ", " + term_html(terms, "therapies", code(str(therapy))))
    for row, (_, relation) in zip(relation_rows(graph, actor, href), _relation_claims(graph, actor), strict=True):
        claim(relation, 4, f"{row[0]} {row[1]} {row[2]}", str(graph.value(relation, DCTERMS.date) or ""))
    for site in sorted(graph.objects(actor, ORG.hasSite)):
        claim(site, 5, tr("site:") + " " + node_html(graph, site))
    for product in sorted(graph.subjects(ATMP.developedBy, actor)):
        for phase in sorted(graph.objects(product, ATMP.hasPhase)):
            stage = graph.value(phase, ATMP.developmentPhase)
            add(str(graph.value(phase, DCTERMS.date) or ""), 6,
                f'{node_html(graph, product)}: {node_html(graph, stage) if stage is not None else ""}',
                escape("; ".join(sorted(str(v) for v in graph.objects(phase, SKOS.note)))), phase)
    entries.sort()  # by day, kind of entry, date text, then the entry's text: the same order every time
    return [(date, seen, what, details, sources) for _, _, date, seen, what, details, sources in entries]


def timeline_rows(graph, actor, terms, href):
    """The rows (date, event, details, sources) of the actor's timeline table."""
    return [[(tr("last seen {date}", date=date) if seen else escape(date)), what, details, sources]
            for date, seen, what, details, sources in timeline_entries(graph, actor, terms, href)]


def former_html(network, actor, when):
    """The note of a former actor's page (``""`` for an active one): what became of it on the day."""
    if when is None or actor not in when.inactive:
        return ""
    ending = when.inactive[actor]
    successor = (f'<a href="{escape(profile_href(ending.successor))}">{actor_name(network, ending.successor)}</a>'
                 if ending.successor else "")
    return (f'<p class="former-note" id="former">{tr("Former actor")} '
            f"{tr('(as of {day})', day=when.day.isoformat())}: {ending_html(ending, successor)}</p>")


def described_nodes(graph, actor):
    """The subjects of the actor's description: itself, its claims, memberships and figures, and
    their sources."""
    nodes = {actor}
    nodes.update(o for p, o in graph.predicate_objects(actor) if p in DESCRIBED_VIA)
    nodes.update(graph.subjects(ORG.member, actor))
    nodes.update(graph.subjects(ATMP.figureOf, actor))
    return nodes | {source for node in nodes for source in graph.objects(node, PROV.wasDerivedFrom)}


def section(title, content, section_id):
    """A section of a profile, its ``title`` a key of ``i18n.STRINGS``."""
    return f'<section id="{escape(section_id)}"><h2>{tr(title)}</h2>{content}</section>'


def profile_href(iri):
    """The link from one profile page to the profile of ``iri``."""
    return f"{actor_slug(iri)}.html"


def profile_page(graph, actor, network, terms, payload_parts=None, when=None, footer=""):
    """The profile page of ``actor`` (an IRI string) as HTML; links are relative to ``actors/``.
    ``payload_parts``: the ``drawing.PayloadParts`` of ``network`` and ``profile_href``, shared by the pages;
    ``when``: the ``history.Timeline`` of the build's day (a former actor's page says so); ``footer`` as
    ``markup.page``."""
    node = URIRef(actor)
    href = profile_href
    english, french = labels(graph, node)
    data = network.nodes[actor] if actor in network else {}
    subtitle = ", ".join(term_html(terms, "types", t) for t in data.get("types", []))
    parts = [f'<h1>{bilingual(english, french)}</h1><p class="muted">{subtitle}</p>'
             + former_html(network, actor, when),
             section("Facts", table(["property", "value", "sources"], identity_rows(graph, node, terms, href),
                                             "facts"), "facts")]
    blocks = (
        ("Capabilities", ["stage", "therapy", "note", "sources"], capability_rows(graph, node, terms),
         "capabilities"),
        ("Relations", ["actor", "relation", "actor", "date", "note", "sources"],
         relation_rows(graph, node, href), "relations"),
        ("Partnerships and projects", ["collaboration", "role", "dates", "sources"],
         membership_rows(graph, node, terms), "memberships"),
        ("Figures", ["measure", "value", "unit", "period", "note", "sources"],
         figure_rows(graph, node, terms), "figures"),
    )
    for title, headings, rows, section_id in blocks:
        if rows:
            parts.append(section(title, table(headings, rows, section_id + "-table"), section_id))
    made = actor_products_html(graph, node, terms, when.day if when is not None else None, href)
    if made:
        parts.append(section("Products and trials", made, "products"))
    rows = timeline_rows(graph, node, terms, href)
    if rows:
        parts.append(section("Timeline", table(["date", "event", "details", "sources"], rows,
                                                                "timeline-table"), "timeline"))
    if actor in network:
        payload = network_payload_json(network, terms, href=href, within={actor, *network[actor]},
                                       parts=payload_parts)
        parts.append(section("Neighbourhood", network_container(payload, small=True, root="../"),
                             "neighbourhood"))
        related = sorted(network.neighbors(actor), key=lambda a: (network.nodes[a].get("label", ""), a))
        def kinds(other):
            return ", ".join(label_of(terms, "kinds", k) for k in network.edges[actor, other]["kinds"])
        items = "".join(f'<li><a href="{escape(href(a))}">{actor_name(network, a)}</a> '
                        f'<span class="muted">({escape(kinds(a))})</span></li>' for a in related)
        parts.append(section("Related actors", f"<ul>{items}</ul>" if items else
                             f'<p class="muted">{tr("none in the graph")}</p>', "related"))
    stem = actor_slug(actor)
    parts.append(section("Identifier and RDF", (
        f'<p>IRI: <code id="iri">{escape(actor)}</code></p>'
        f'<p>{tr("This actor as Turtle:")} <a href="{escape(stem)}.ttl">{escape(stem)}.ttl</a>. '
        f'{tr("From the published IRI (content negotiation):")}</p>'
        f"<pre><code>curl -L -H 'Accept: text/turtle' {escape(actor)}</code></pre>"
        f"<p>{tr('From the SPARQL endpoint ({command}):', command='atmp-kg serve')}</p>"
        f"<pre><code>DESCRIBE &lt;{escape(actor)}&gt;</code></pre>"), "rdf"))
    head = vis_network_head("../") + inline_style(NETWORK_CSS) if actor in network else ""
    names = {"en": english, "fr": french or english, "nl": english}
    title = {lang: i18n.variants("atmp-kg: {name}", name=name)[lang] for lang, name in names.items()}
    return page(title, "\n".join(parts), head=head, nav=nav_items(""), root="../",
                language_switch=True, footer=footer)


FORMER_HIDDEN = "{count} former actor(s), not active on {day}, are hidden."
FORMER_LIST_CSS = ("#show-former:not(:checked) ~ table tr.former { display:none; }\n"
                   "tr.former, tr.former a { color:#5f6368; }")


def actor_list_page(network, terms, when=None, footer=""):
    """All actors, A to Z, with type, region and therapies, each linking to its profile; the
    actors not active on the day of ``when`` (a ``history.Timeline``) are greyed and hidden
    until "show former actors" is ticked (a style, no script)."""
    rows, classes = [], []
    inactive = when.inactive if when is not None else {}
    for actor in sorted(network, key=lambda a: (network.nodes[a].get("label", "").lower(), a)):
        data = network.nodes[actor]
        name = bilingual(data.get("label") or actor, data.get("label_fr"))
        if actor in inactive:
            ending = inactive[actor]
            successor = actor_name(network, ending.successor) if ending.successor else ""
            name += f' <span class="muted">({ending_html(ending, successor)})</span>'
        classes.append("former" if actor in inactive else "")
        rows.append([f'<a href="actors/{escape(actor_slug(actor))}.html">{name}</a>',
                     escape(", ".join(data.get("aliases", []))),
                     ", ".join(term_html(terms, "types", t) for t in data.get("types", [])),
                     term_html(terms, "regions", data.get("region", "")),
                     ", ".join(term_html(terms, "therapies", t) for t in data.get("therapies", []))])
    former = ""
    if inactive:
        day = when.day.isoformat()
        former = (f'<p id="former-count">{tr(FORMER_HIDDEN, count=len(inactive), day=day)}</p>'
                  '<input type="checkbox" id="show-former"> '
                  f'<label for="show-former">{tr("show former actors")}</label>')
    body = (f"<h1>{tr('Actors')}</h1><p>{tr('{count} actors.', count=len(rows))}</p>{former}"
            + table(["name", "also known as", "type", "region", "therapies"], rows, "actors", classes))
    return page(i18n.variants("atmp-kg: actors"), body, head=inline_style(FORMER_LIST_CSS) if inactive else "",
                nav=nav_items("actors.html"), language_switch=True, footer=footer)


def profile_files(graph, network, terms, actors=None, when=None, footer=""):
    """Yield ``(relative path, text)`` of every actor's profile page (of ``actors`` only, if given:
    an iterable of the network's nodes), one at a time (a million triples make 18,000 pages,
    550 MB: written as they come, they are never all in memory); ``when``: the
    ``history.Timeline`` whose inactive actors are former ones; ``footer`` as ``markup.page``."""
    graph, payload_parts = TripleIndex.of(graph), PayloadParts(network, profile_href, when)
    for actor in sorted(network) if actors is None else actors:
        yield f"actors/{actor_slug(actor)}.html", profile_page(graph, actor, network, terms, payload_parts, when,
                                                               footer)


def description_files(graph, turtle):
    """Yield ``(relative path, Turtle)``: the description of every actor (every triple of its
    ``described_nodes``), cut from ``turtle``, the graph's ``Turtle``."""
    graph = TripleIndex.of(graph)
    for actor in sorted(graph.subjects(RDF.type, ATMP.Actor)):
        subjects = {nt_term(node) for node in described_nodes(graph, actor)}
        yield f"actors/{actor_slug(str(actor))}.ttl", turtle.of(subjects)
