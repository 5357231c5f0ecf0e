"""``changes.html``: every change in a page of the explorer's style, the counts first, then one
table per kind with each change's sources. Data goes through ``markup.escape`` only."""

from atmp_kg.changes.kinds import KINDS, counted
from atmp_kg.changes.text import since, summary
from atmp_kg.site.explorer import nav_items
from atmp_kg.site.labels import actor_slug
from atmp_kg.site.markup import escape, page

ACTOR = "https://w3id.org/atmp-kg/id/actor/"


def changes_page(comparison, in_site=False, footer=""):
    """The page of ``comparison``. ``in_site``: the page sits in a build beside the explorer
    (its navigation bar, and links to the actors' profile pages); ``footer`` as ``markup.page``."""
    counts = comparison.counts()
    rows = "".join(f'<tr><td><a href="#{_anchor(kind)}">{escape(KINDS[kind])}</a></td>'
                   f'<td class="num">{counts[kind]}</td></tr>' for kind in KINDS if kind in counts)
    parts = [f"<h1>What changed since {escape(since(comparison))}</h1>",
             f"<p>From {escape(comparison.old.title)} to {escape(comparison.new.title)}: "
             f"{len(comparison.changes)} change(s) ({escape(summary(comparison))}), from "
             f"{len(comparison.removed)} asserted triple(s) removed and {len(comparison.added)} added. "
             "Things are compared by identity (their IRIs), never by their text.</p>"]
    if rows:
        parts.append(f'<table id="counts"><tr><th>change</th><th>count</th></tr>{rows}</table>')
    kind, body = None, []
    for change in comparison.changes:
        if change.kind != kind:
            if body:
                parts.append(_section(kind, counts[kind], body))
            kind, body = change.kind, []
        body.append(_row(comparison, change, in_site))
    if body:
        parts.append(_section(kind, counts[kind], body))
    nav = nav_items("") if in_site else ()
    return page(f"atmp-kg: what changed since {since(comparison)}", "\n".join(parts), nav=nav, footer=footer)


def _anchor(kind):
    return "kind-" + kind.replace(" ", "-")


def _section(kind, count, rows):
    return (f'<h2 id="{_anchor(kind)}">{escape(counted(kind, count))}</h2>'
            '<table><tr><th>subject</th><th>what</th><th>old</th><th>new</th><th>sources</th></tr>'
            + "".join(rows) + "</table>")


def _row(comparison, change, in_site):
    subject = escape(change.label)
    if in_site and change.subject.startswith(ACTOR) and change.kind != "actor removed":
        subject = f'<a href="actors/{escape(actor_slug(change.subject))}.html">{subject}</a>'
    sources = []
    for source in change.sources:
        title, url = comparison.source(source)
        sources.append(f'<a href="{escape(url)}">{escape(title)}</a>' if url.startswith(("http://", "https://"))
                       else escape(title))
    return (f"<tr><td>{subject}</td><td>{escape(change.what)}</td><td>{escape(change.old)}</td>"
            f"<td>{escape(change.new)}</td><td>{'<br>'.join(sources)}</td></tr>")
