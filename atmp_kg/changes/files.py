"""The files of a comparison: ``{name: text}`` of ``changes.html``, ``changes.csv``,
``changes.trig`` and ``CHANGES.md``."""

from atmp_kg.changes.pages import changes_page
from atmp_kg.changes.patch import changes_trig
from atmp_kg.changes.table import changes_csv
from atmp_kg.changes.text import CHANGES_PAGE, changes_markdown


def changes_files(comparison, in_site=False, footer=""):
    """``{relative path: text}`` of every output of ``comparison`` (see ``pages.changes_page``
    for ``in_site`` and ``footer``)."""
    return {CHANGES_PAGE: changes_page(comparison, in_site, footer), "changes.csv": changes_csv(comparison),
            "changes.trig": changes_trig(comparison), "CHANGES.md": changes_markdown(comparison)}
