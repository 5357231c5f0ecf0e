"""The partnerships page (``consortium.html``): each partnership (e.g. ATMP-PIT) read as a tree
of pillars, work packages, projects and partners (``consortia``), drawn and listed, as of the
site's day: a member that is a former actor, and a membership that is not current on the day
(past, not yet started, planned, with its dates), are shown grey.
"""

from rdflib import URIRef

from atmp_kg.analyse import history
from atmp_kg.analyse.network import code, query_text
from atmp_kg.rdf.namespaces import ORG, RDF, terms_once
from atmp_kg.site import i18n
from atmp_kg.site.as_of import FORMER_GREY, claim_period, former_html, not_valid_html, period_html
from atmp_kg.site.drawing import former_text
from atmp_kg.site.explorer import NETWORK_CSS, nav_items, network_container
from atmp_kg.site.labels import actor_name, actor_slug, interface_labels, term_html
from atmp_kg.site.markup import escape, inline_style, page, tr, vis_network_head
from atmp_kg.site.palette import TYPE_COLOURS, primary_type

ORG, RDF = (terms_once(namespace) for namespace in (ORG, RDF))
INTRODUCTION = "Partnership, pillars, work packages and projects, and the partners of each with their role."
GREY_NOTE = ("Grey: a former actor (not active on {day}), or a membership that is not current on that day "
             "(past, not yet started or planned), with its dates.")
PAST = "past membership"
LEVELS = {"Partnership": 0, "Pillar": 1, "WorkPackage": 2, "Project": 2}
GREY_CSS = (f".tree li.former, .tree li.former a, .tree li.past, .tree li.past a {{ color:{FORMER_GREY}; }}")


def consortia(select):
    """Partnerships as trees: ``[{iri, kind, children: [...], members: [(actor, role, sources)]}]``,
    from ``queries/consortium-structure.rq`` and ``queries/consortium-members.rq``."""
    kinds, parents, roots = {}, {}, set()
    for row in select(query_text("consortium-structure")):
        collaboration = row["collaboration"]
        kinds[collaboration] = code(row["kind"])
        parents.setdefault(collaboration, set())
        if row.get("parent") and row["parent"] != collaboration:
            parents[collaboration].add(row["parent"])
        if kinds[collaboration] == "Partnership":
            roots.add(collaboration)
    members = {}
    for row in select(query_text("consortium-members")):
        entry = members.setdefault(row["collaboration"], {}).setdefault((row["actor"], code(row["role"])), set())
        if row.get("source"):
            entry.add(row["source"])

    def depth(node, seen=()):
        known = [p for p in parents.get(node, ()) if p in kinds and p not in seen]
        return 0 if not known else 1 + max(depth(p, (*seen, node)) for p in known)

    children = {}
    for node, ups in parents.items():
        known = [p for p in ups if p in kinds]
        if known and node not in roots:
            parent = max(known, key=lambda p: (depth(p), p))
            children.setdefault(parent, []).append(node)

    def tree(node, seen=()):
        return {"iri": node, "kind": kinds[node],
                "members": sorted((a, r, sorted(s)) for (a, r), s in members.get(node, {}).items()),
                "children": [tree(c, (*seen, node)) for c in sorted(children.get(node, [])) if c not in seen]}

    return [tree(root) for root in sorted(roots)]


def past_memberships(graph, when):
    """``{(collaboration IRI, actor IRI, role code): as_of.Period}`` of the memberships that are
    not valid on the day of ``when`` (a ``history.Timeline``), read from ``graph`` (a
    ``facts.TripleIndex``; one membership node per collaboration, actor and role)."""
    found = {}
    for claim in sorted(when.invalid_claims) if when is not None and graph is not None else ():
        membership = URIRef(claim)
        if (membership, RDF.type, ORG.Membership) in graph:
            collaboration, actor = graph.value(membership, ORG.organization), graph.value(membership, ORG.member)
            role = graph.value(membership, ORG.role)
            if None not in (collaboration, actor, role):
                found[str(collaboration), str(actor), code(str(role))] = claim_period(graph, membership)
    return found


class Standing:
    """How the members of the partnerships stand on the day of ``when`` (a ``history.Timeline``):
    former actors, and the memberships that are not current (``past_memberships``)."""

    def __init__(self, when=None, graph=None):
        self.when, self.periods = when, past_memberships(graph, when)
        self.day = when.day if when is not None else None

    def ending(self, actor):
        """The ``history.Ending`` of a former actor, else ``None``."""
        return self.when.inactive.get(actor) if self.when is not None else None

    def period(self, collaboration, actor, role):
        """The ``as_of.Period`` of a membership that is not current on the day, else ``None``."""
        return self.periods.get((collaboration, actor, role))

    def past(self, period):
        """Whether a membership that is not current ended on or before the day."""
        end = history.day_of(period.end)
        return end is not None and end <= self.day


def consortium_page(trees, network, terms, href, footer="", when=None, graph=None):
    """Every partnership (e.g. ATMP-PIT) with its pillars, work packages, projects and partners,
    as of the day of ``when`` (a ``history.Timeline``; ``graph``: the ``facts.TripleIndex`` the
    memberships' dates are read from); ``footer`` as ``markup.page``."""
    standing = Standing(when, graph)
    parts, grey = [], False
    for number, tree in enumerate(trees):
        payload = consortium_payload(tree, network, terms, href, standing)
        grey = grey or any(n.get("former") for n in payload["nodes"]) or any(
            "past" in e["kinds"] for e in payload["edges"])
        drawing = network_container(payload, name="network" if number == 0 else f"network-{number + 1}")
        parts.append(f'<section class="partnership"><h2>{term_html(terms, "collaborations", tree["iri"])}</h2>'
                     f'{drawing}<ul class="tree">{consortium_list(tree, network, terms, href, standing)}</ul>'
                     "</section>")
    if not trees:
        parts.append(f"<p>{tr('No partnership in the graph.')}</p>")
    note = (f'<p class="muted" id="grey-note">{tr(GREY_NOTE, day=standing.day.isoformat())}</p>'
            if grey and standing.day is not None else "")
    body = f"<h1>{tr('Partnerships')}</h1><p>{tr(INTRODUCTION)}</p>{note}" + "".join(parts)
    head = (vis_network_head("") + inline_style(NETWORK_CSS + GREY_CSS)) if trees else ""
    return page(i18n.variants("atmp-kg: partnerships"), body, head=head, nav=nav_items("consortium.html"),
                language_switch=True, footer=footer)


def consortium_payload(tree, network, terms, href, standing=None):
    """A hierarchical network: partnership -> pillars -> work packages/projects -> partners; a
    former actor is drawn grey (``former``), a membership that is not current dashed (kind ``past``)."""
    standing = standing or Standing()
    nodes, edges, ids = [], [], {}

    def add(key, label, label_fr, level, colour, shape, link="", types=()):
        if key not in ids:
            ids[key] = len(nodes)
            nodes.append({"id": ids[key], "iri": key, "label": label, "label_fr": label_fr, "aliases": [],
                          "former_names": [], "types": list(types), "type": "", "region": "", "stages": [],
                          "therapies": [], "size": 14 if level < 3 else 10, "color": colour, "shape": shape,
                          "level": level, "href": link})
        return ids[key]

    def walk(item):
        entry = terms.get("collaborations", {}).get(item["iri"], {})
        me = add(item["iri"], entry.get("label") or code(item["iri"]), entry.get("label_fr", ""),
                 LEVELS.get(item["kind"], 2), "#dfe6ee", "box")
        for actor, role, _ in item["members"]:
            data = network.nodes[actor] if actor in network else {}
            kind = primary_type(data.get("types", []))
            other = add(actor, data.get("label") or code(actor), data.get("label_fr", ""), 3,
                        TYPE_COLOURS.get(kind, "#cccccc"), "dot", href(actor) if actor in network else "",
                        data.get("types", []))
            ending = standing.ending(actor)
            if ending is not None:
                nodes[other]["former"] = former_text(network, ending)
            current = standing.period(item["iri"], actor, role) is None
            edges.append({"id": len(edges), "from": me, "to": other, "kinds": [role] if current else [role, "past"],
                          "collaborations": [], "color": "#7f8c8d" if current else "#bbbbbb",
                          "dashes": not current, "width": 1})
        for child in item["children"]:
            below = walk(child)
            edges.append({"id": len(edges), "from": me, "to": below, "kinds": ["part"], "collaborations": [],
                          "color": "#2c3e50", "dashes": False, "width": 2})
        return me

    walk(tree)
    kinds = dict(terms.get("roles", {}))
    kinds["part"] = interface_labels("part of")
    kinds["past"] = interface_labels(PAST)
    return {"nodes": nodes, "edges": edges, "filters": {}, "hierarchical": True,
            "terms": {"types": terms.get("types", {}), "regions": {}, "therapies": {}, "stages": {}, "kinds": kinds,
                      "collaborations": {}}}


def consortium_list(item, network, terms, href, standing=None):
    """The partnership tree as nested lists (readable without scripts), every name escaped."""
    standing = standing or Standing()
    roles = "".join(member_item(item["iri"], actor, role, network, terms, href, standing)
                    for actor, role, _ in item["members"])
    kids = "".join(consortium_list(child, network, terms, href, standing) for child in item["children"])
    kind = {"WorkPackage": "work package"}.get(item["kind"], item["kind"].lower())
    kind = tr(kind) if i18n.known(kind) else escape(kind)
    return (f'<li id="{escape(actor_slug(item["iri"]))}" data-kind="{escape(item["kind"])}">'
            f'<strong>{term_html(terms, "collaborations", item["iri"])}</strong> '
            f'<span class="muted">{kind}</span>'
            f'{"<ul class=members>" + roles + "</ul>" if roles else ""}{"<ul>" + kids + "</ul>" if kids else ""}</li>')


def member_item(collaboration, actor, role, network, terms, href, standing):
    """A member in the list: its name and role; a former actor or a membership that is not
    current on the day grey (``class="former"``, ``"past"``), with what became of it and its dates."""
    period = standing.period(collaboration, actor, role)
    current = period is None
    details = [term_html(terms, "roles", role)]
    if not current:
        details.append(tr(PAST) if standing.past(period) else not_valid_html(period, standing.day))
        if period_html(period):
            details.append(period_html(period))
    ending = standing.ending(actor)
    if ending is not None:
        details.append(former_html(network, ending, href))
    css = ' class="former"' if ending is not None else "" if current else ' class="past"'
    return (f'<li{css}><a href="{escape(href(actor))}">{actor_name(network, actor)}</a> '
            f'<span class="muted">({"; ".join(details)})</span></li>')
