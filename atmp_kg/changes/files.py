"""The files of a comparison: ``{name: text}`` of ``changes.html``, ``changes.csv``,
``changes.trig`` and ``CHANGES.md``; and the check of the folder ``atmp-kg diff`` writes them to."""

import os
from pathlib import Path

from atmp_kg.changes.pages import changes_page
from atmp_kg.changes.patch import changes_trig
from atmp_kg.changes.table import changes_csv
from atmp_kg.changes.text import CHANGES_PAGE, changes_markdown
from atmp_kg.errors import OutputError

FILES = (CHANGES_PAGE, "changes.csv", "changes.trig", "CHANGES.md")


def changes_files(comparison, in_site=False, footer=""):
    """``{relative path: text}`` of every output of ``comparison`` (see ``pages.changes_page``
    for ``in_site`` and ``footer``)."""
    return {CHANGES_PAGE: changes_page(comparison, in_site, footer), "changes.csv": changes_csv(comparison),
            "changes.trig": changes_trig(comparison), "CHANGES.md": changes_markdown(comparison)}


def check_changes_dir(out):
    """Raise OutputError unless ``atmp-kg diff`` may replace the folder ``out``: new, empty, or
    its own earlier output (nothing but ``FILES``)."""
    out = Path(out)
    if not os.path.lexists(out):
        return
    if out.is_symlink() or not out.is_dir():
        raise OutputError(f"{out}: not a folder (name a folder for the changes)")
    strangers = sorted(path.name for path in out.iterdir() if path.name not in FILES or not path.is_file())
    if strangers:
        raise OutputError(f"{out}: holds {strangers[0]!r}, which atmp-kg diff did not write; the folder is "
                          "replaced whole, so it must be new, empty or an earlier output of atmp-kg diff")
