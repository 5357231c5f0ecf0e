"""``Change`` and ``apply_changes``: accepted proposals merged into ``graph/``, validated by the
build before anything there is replaced.

A change adds a whole row to a table, or sets one field of a row found by its key (``KEYS``);
the sources it uses are added to ``sources.csv``. The merged tables are built in a temporary
copy of the graph folder with the build's own load, SHACL validation and data-quality queries
(``pipeline.build``); on any problem nothing in ``graph/`` changes. Otherwise each changed file
is replaced atomically (written beside it, then renamed). Every row a change does not touch
stays byte-identical.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from atmp_kg.errors import DataError
from atmp_kg.resources import ONTOLOGY_DIR
from atmp_kg.review.csvfile import CsvFile
from atmp_kg.review.tables import KEYS, columns, row_key

SOURCE_COLUMNS = columns("sources")


@dataclass(frozen=True)
class Change:
    """One accepted change to ``graph/<table>.csv``.

    ``field`` None: ``row`` (``{column: value}``) is a new row, appended (``key`` is its own
    key). Else the row with ``key`` gets ``field`` set from ``old`` (the value the change was
    proposed against: another value now is a stale proposal, an error) to ``new``; in a table
    with a ``sources`` column, the ids of ``sources`` are added to it. ``sources``: rows in
    ``sources.csv`` columns the change relies on, appended to ``graph/sources.csv`` when new.
    ``origin``: where the change came from (``review/x/actors.csv row 4``), for messages."""

    table: str
    key: str
    field: str | None = None
    old: str = ""
    new: str = ""
    row: dict | None = None
    sources: tuple = ()
    origin: str = ""

    def describe(self):
        if self.field is None:
            return f"{self.table}: new row {self.key}"
        return f"{self.table}: {self.key}: {self.field} {shown(self.old)} -> {shown(self.new)}"


def shown(value):
    """A cell's value as a message shows it: ``""`` for empty."""
    return value if value else '""'


@dataclass
class Applied:
    """What ``apply_changes`` did: one line per change made, one per change already in the graph,
    and the files replaced."""

    made: list = field(default_factory=list)
    already: list = field(default_factory=list)
    files: list = field(default_factory=list)


def apply_changes(graph_dir, changes, ontology_dir=ONTOLOGY_DIR, check=None):
    """Merge ``changes`` into the tables of ``graph_dir``, validate the result with the build's
    checks and replace the changed files; returns ``Applied``. A change that cannot be made
    (a stale value, a missing row, a source id with another URL), or a merged graph the build
    refuses, raises DataError naming the file, row and field, and ``graph_dir`` is left as it
    was. A change already made (the same row, the same value) is reported, not repeated.
    ``check(graph_dir)``: the validation (default: ``pipeline.build`` on ``ontology_dir``)."""
    graph_dir = Path(graph_dir)
    files, problems, applied = {}, [], Applied()

    def table(name):
        if name not in files:
            files[name] = CsvFile(graph_dir / f"{name}.csv", columns(name))
        return files[name]

    for change in changes:
        try:
            for source in change.sources:
                _add_source(table("sources"), source, applied)
            line = _apply(table(change.table), change)
        except _Refused as refused:
            problems.append(f"{change.origin or change.table}: {refused}")
            continue
        (applied.made if line else applied.already).append(change.describe())
    if problems:
        raise DataError(f"{len(problems)} change(s) cannot be made; {graph_dir} is unchanged", problems)
    changed = {name: csv_file for name, csv_file in files.items() if csv_file.changed}
    if not changed:
        return applied
    _validated(graph_dir, {f"{name}.csv": csv_file.text() for name, csv_file in changed.items()},
               check or (lambda folder: _build(ontology_dir, folder)))
    for name in sorted(changed):
        _replace(changed[name].path, changed[name].text())
        applied.files.append(changed[name].path)
    return applied


class _Refused(Exception):
    """A change that cannot be made; the message says why."""


def _add_source(sources, source, applied):
    index = sources.find(("id",), (source["id"],))
    if index is None:
        sources.append({column: source.get(column, "") for column in SOURCE_COLUMNS})
        applied.made.append(f"sources: new row {source['id']} ({source.get('url', '')})")
    elif (url := sources.get(index, "url")) != source.get("url", ""):
        raise _Refused(f"source {source['id']!r} is in {sources.path.name} row {index + 1} with another URL "
                       f"({url}, not {source.get('url', '')}); give it another id")


def _apply(csv_file, change):
    """Make ``change`` in ``csv_file``: True if made, False if it was made already."""
    key_columns = KEYS[change.table]
    index = next((i for i, row in csv_file.rows() if row_key(change.table, row) == change.key), None)
    where = f"{csv_file.path.name} row {index + 1}" if index is not None else ""
    if change.field is None:
        if row_key(change.table, change.row) != change.key:
            raise _Refused(f"the new row's key is {row_key(change.table, change.row)!r}, not {change.key!r}")
        if index is None:
            csv_file.append(change.row)
            return True
        existing = dict(next(row for i, row in csv_file.rows() if i == index))
        different = [column for column, value in change.row.items() if value and existing.get(column, "") != value]
        if different:
            raise _Refused(f"{change.key} is in {where} already, with other values in "
                           f"{', '.join(different)}")
        return False
    if index is None:
        raise _Refused(f"no row {change.key} in {csv_file.path.name} (its key columns: {', '.join(key_columns)})")
    current = csv_file.get(index, change.field)
    if current == change.new:
        return False
    if current != change.old:
        raise _Refused(f"{where}, column {change.field}: holds {shown(current)}, not {shown(change.old)} as "
                       "when the change was proposed; propose it again")
    csv_file.set(index, change.field, change.new)
    if "sources" in csv_file.header and change.sources:
        listed = [part for part in csv_file.get(index, "sources").split("|") if part]
        added = [source["id"] for source in change.sources if source["id"] not in listed]
        if added:
            csv_file.set(index, "sources", "|".join(listed + added))
    return True


def _validated(graph_dir, texts, check):
    """Build ``graph_dir`` with ``texts`` (``{file name: text}``) in a temporary copy: DataError
    (its problems) if the build refuses it."""
    with tempfile.TemporaryDirectory(prefix="atmp-kg-review-") as temporary:
        copy = Path(temporary) / graph_dir.name  # the same folder name: messages name graph/<file>
        shutil.copytree(graph_dir, copy, symlinks=True)
        for name, text in texts.items():
            (copy / name).write_text(text, encoding="utf-8", newline="")
        try:
            check(copy)
        except DataError as error:
            raise DataError(f"the merged graph is not valid ({error}); {graph_dir} is unchanged",
                            error.problems) from None


def _build(ontology_dir, graph_dir):
    from atmp_kg.pipeline import build
    from atmp_kg.read.load import Inputs

    build(Inputs(ontology_dir, graph_dir))


def _replace(path, text):
    """Write ``text`` to ``path`` atomically: a temporary file beside it, renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
