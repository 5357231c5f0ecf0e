"""The partnerships page (``consortium.html``): each partnership (e.g. ATMP-PIT) read as a tree
of pillars, work packages, projects and partners (``consortia``), drawn and listed.
"""

from atmp_kg.analyse.network import code, query_text
from atmp_kg.site import i18n
from atmp_kg.site.explorer import NETWORK_CSS, nav_items, network_container
from atmp_kg.site.labels import actor_name, actor_slug, interface_labels, term_html
from atmp_kg.site.markup import escape, inline_style, page, tr, vis_network_head
from atmp_kg.site.palette import TYPE_COLOURS, primary_type

INTRODUCTION = "Partnership, pillars, work packages and projects, and the partners of each with their role."
LEVELS = {"Partnership": 0, "Pillar": 1, "WorkPackage": 2, "Project": 2}


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


def consortium_page(trees, network, terms, href, footer=""):
    """Every partnership (e.g. ATMP-PIT) with its pillars, work packages, projects and partners;
    ``footer`` as ``markup.page``."""
    parts = []
    for number, tree in enumerate(trees):
        payload = consortium_payload(tree, network, terms, href)
        drawing = network_container(payload, name="network" if number == 0 else f"network-{number + 1}")
        parts.append(f'<section class="partnership"><h2>{term_html(terms, "collaborations", tree["iri"])}</h2>'
                     f'{drawing}<ul class="tree">{consortium_list(tree, network, terms, href)}</ul></section>')
    if not trees:
        parts.append(f"<p>{tr('No partnership in the graph.')}</p>")
    body = f"<h1>{tr('Partnerships')}</h1><p>{tr(INTRODUCTION)}</p>" + "".join(parts)
    head = (vis_network_head("") + inline_style(NETWORK_CSS)) if trees else ""
    return page(i18n.variants("atmp-kg: partnerships"), body, head=head, nav=nav_items("consortium.html"),
                language_switch=True, footer=footer)


def consortium_payload(tree, network, terms, href):
    """A hierarchical network: partnership -> pillars -> work packages/projects -> partners."""
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
            edges.append({"id": len(edges), "from": me, "to": other, "kinds": [role], "collaborations": [],
                          "color": "#7f8c8d", "dashes": False, "width": 1})
        for child in item["children"]:
            below = walk(child)
            edges.append({"id": len(edges), "from": me, "to": below, "kinds": ["part"], "collaborations": [],
                          "color": "#2c3e50", "dashes": False, "width": 2})
        return me

    walk(tree)
    kinds = dict(terms.get("roles", {}))
    kinds["part"] = interface_labels("part of")
    return {"nodes": nodes, "edges": edges, "filters": {}, "hierarchical": True,
            "terms": {"types": terms.get("types", {}), "regions": {}, "therapies": {}, "stages": {}, "kinds": kinds,
                      "collaborations": {}}}


def consortium_list(item, network, terms, href):
    """The partnership tree as nested lists (readable without scripts), every name escaped."""
    def name(actor):
        return actor_name(network, actor)
    roles = "".join(f'<li><a href="{escape(href(actor))}">{name(actor)}</a> '
                    f'<span class="muted">({term_html(terms, "roles", role)})</span></li>'
                    for actor, role, _ in item["members"])
    kids = "".join(consortium_list(child, network, terms, href) for child in item["children"])
    kind = {"WorkPackage": "work package"}.get(item["kind"], item["kind"].lower())
    kind = tr(kind) if i18n.known(kind) else escape(kind)
    return (f'<li id="{escape(actor_slug(item["iri"]))}" data-kind="{escape(item["kind"])}">'
            f'<strong>{term_html(terms, "collaborations", item["iri"])}</strong> '
            f'<span class="muted">{kind}</span>'
            f'{"<ul class=members>" + roles + "</ul>" if roles else ""}{"<ul>" + kids + "</ul>" if kids else ""}</li>')
