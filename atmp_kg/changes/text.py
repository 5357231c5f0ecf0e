"""The changes as text: the headline counts (``summary``), the one line that the explorer's home
page and the gap report show (``changes_line``), and ``CHANGES.md``, the changelog a release
carries."""

from atmp_kg.changes.kinds import KINDS, counted
from atmp_kg.site.markup import escape

CHANGES_PAGE = "changes.html"


def summary(comparison):
    """``"1 actor added, 2 capabilities lost"`` (in the order of ``kinds.KINDS``), or ``"no change"``."""
    counts = comparison.counts()
    return ", ".join(counted(kind, counts[kind]) for kind in KINDS if kind in counts) or "no change"


def since(comparison):
    """``release 0.1.0`` if the old version states its release, else its name."""
    return comparison.old.title


def changes_line(comparison, href=CHANGES_PAGE):
    """One HTML paragraph: what changed since the old version, in counts, with a link to the
    page of every change."""
    total = len(comparison.changes)
    link = f'<a href="{escape(href)}">{"every change" if total else "details"}</a>'
    return (f'<p id="changes-since">What changed since {escape(since(comparison))}: '
            f"{escape(summary(comparison))} ({link}).</p>")


def changes_markdown(comparison):
    """``CHANGES.md``: the counts, then each change as a list item under its kind, with the
    addresses of its sources."""
    lines = [f"# Changes from {comparison.old.release or comparison.old.name} to "
             f"{comparison.new.release or comparison.new.name}", "",
             f"{len(comparison.changes)} change(s): {summary(comparison)}.", ""]
    kind = None
    for change in comparison.changes:
        if change.kind != kind:
            kind = change.kind
            lines += ["", f"## {KINDS[kind][0].upper()}{KINDS[kind][1:]}", ""]
        values = f": {change.old or '-'} -> {change.new or '-'}" if change.old and change.new else (
            f": {change.new or change.old}" if (change.new or change.old) != change.label else "")
        sources = ", ".join(comparison.source(source)[1] or source for source in change.sources)
        lines.append(f"- {change.label}: {change.what}{values}" + (f" (sources: {sources})" if sources else ""))
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"
