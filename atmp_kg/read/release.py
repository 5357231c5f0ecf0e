"""The release a build states (``graph/release.csv``): its version, the day the curators issue
it and the version it revises. A file, never the clock or the repository's tags, so that the
same inputs give the same bytes (graph/README.md, "release.csv").
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from atmp_kg.errors import DataError
from atmp_kg.read.mapper import iso_date
from atmp_kg.read.tables import read_rows

RELEASE_FILE = "release.csv"
COLUMNS = (["version", "date"], ["previous", "note"])  # required, optional
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")  # a folder name and an IRI segment as it is


@dataclass(frozen=True)
class Release:
    """A release: ``version`` (``0.2.0``), ``date`` (the ISO day it is issued), ``previous``
    (the version it revises; ``""`` for the first release)."""

    version: str
    date: str
    previous: str = ""


def read_release(graph_dir):
    """The ``Release`` of ``graph_dir/release.csv``; ``None`` when the folder has no such file
    (the data is then unreleased). DataError names the file, row and column of a bad cell."""
    path = Path(graph_dir) / RELEASE_FILE
    if not os.path.lexists(path):
        return None
    label = f"{Path(graph_dir).name}/{RELEASE_FILE}"
    rows = read_rows(path, *COLUMNS, label=label)
    if len(rows) != 1:
        raise DataError(f"{label}: {len(rows)} release rows", [f"{label}: one row is expected (the release "
                                                               f"this data is), found {len(rows)}"])
    row = rows[0]
    problems = [f"{row.where(column)}: version {row.get(column)!r} must be letters, digits, '.', '_' or '-' "
                "(starting with a letter or digit, at most 64)"
                for column in ("version", "previous") if row.get(column) and not VERSION.match(row.get(column))]
    if not row.get("version"):
        problems.append(f"{row.where('version')}: required value is empty")
    if iso_date(row.get("date"))[0] is None:
        problems.append(f"{row.where('date')}: date {row.get('date')!r} must be ISO, a day that exists: 2026-12-01")
    if row.get("previous") and row.get("previous") == row.get("version"):
        problems.append(f"{row.where('previous')}: a release cannot revise itself")
    if problems:
        raise DataError(f"{label}: {len(problems)} problem(s)", problems)
    return Release(row.get("version"), row.get("date"), row.get("previous"))
