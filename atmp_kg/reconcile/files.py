"""Open a registry's files, from a folder or from the zip it is published as, and read them as
streams: CSV row by row (``csv_rows``), JSON whole (``read_json``). Errors name the file, the row
and what is wrong: a missing file or column (the wrong file given), a row with too few cells or
an unfinished last line or zip member (a file cut short).
"""

import csv
import io
import json
import operator
import zipfile
from contextlib import contextmanager
from pathlib import Path

from atmp_kg.errors import LoadError
from atmp_kg.read.tables import regular_file

CSV_LIMIT = 1 << 20  # characters a register's cell may have (the default, 128 KiB, is too small for none)


class Bundle:
    """A folder of files, one file, or a zip: ``open(name)`` gives a member by its file name."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.exists():
            raise LoadError(f"{self.path}: no such file or folder")
        self.folder = self.path.is_dir()
        self.zip = None
        if not self.folder:
            regular_file(self.path)
            with open(self.path, "rb") as handle:
                zipped = handle.read(4) == b"PK\x03\x04"
            if zipped or zipfile.is_zipfile(self.path):
                try:
                    self.zip = zipfile.ZipFile(self.path)
                except (zipfile.BadZipFile, OSError) as error:
                    raise LoadError(f"{self.path}: not a readable zip, damaged or cut short ({error})") from error

    def names(self):
        """The base names of the files it holds."""
        if self.folder:
            return sorted(item.name for item in self.path.iterdir() if item.is_file())
        if self.zip is not None:
            return sorted(Path(info.filename).name for info in self.zip.infolist() if not info.is_dir())
        return [self.path.name]

    def has(self, name):
        return name in self.names()

    def label(self, name):
        return str(self.path / name) if self.folder else (f"{self.path}!{name}" if self.zip else str(self.path))

    @contextmanager
    def open(self, name=None):
        """The member ``name`` (the file itself when the bundle is one plain file) as binary."""
        try:
            if self.zip is not None:
                member = next((info for info in self.zip.infolist() if Path(info.filename).name == name), None)
                if member is None:
                    raise LoadError(f"{self.path}: has no {name}")
                with self.zip.open(member) as handle:
                    yield handle
            else:
                path = self.path / name if self.folder else self.path
                if not path.is_file():
                    raise LoadError(f"{self.path}: has no {name}")
                regular_file(path)
                with open(path, "rb") as handle:
                    yield handle
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as error:
            raise LoadError(f"{self.label(name)}: the zip is damaged or cut short ({error})") from error


def csv_rows(handle, label, required, delimiter=",", columns=None):
    """``(row number, {column: cell})`` for each data row of the CSV stream ``handle`` (UTF-8,
    BOM allowed), or ``(row number, (cell, ...))`` of the ``columns`` asked for (faster); the
    header must hold the ``required`` columns. A row whose cell count differs from the header's,
    or a file ending inside a quoted cell, is a LoadError naming the row."""
    tail = _Tail(handle)
    text = io.TextIOWrapper(io.BufferedReader(tail, 1 << 20), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    number = 1
    previous = csv.field_size_limit(CSV_LIMIT)
    try:
        header = next(reader, None)
        if header is None:
            raise LoadError(f"{label}: empty file")
        missing = [column for column in required if column not in header]
        if missing:
            raise LoadError(f"{label} row 1: missing column(s) {', '.join(missing)}; "
                            f"found {', '.join(header[:8])}{'...' if len(header) > 8 else ''}: is this the right file?")
        width = len(header)
        pick = operator.itemgetter(*[header.index(column) for column in columns]) if columns else None
        last = None
        for number, cells in enumerate(reader, start=2):
            if len(cells) != width:
                if not cells:
                    continue
                raise LoadError(f"{label} row {number}: {len(cells)} cell(s) where the header has {width} "
                                "(a damaged or cut file?)")
            last = cells
            yield number, (pick(cells) if pick else dict(zip(header, cells, strict=True)))
        if last is not None and tail.open_quote():
            raise LoadError(f"{label} row {number}: the file ends inside a quoted cell: it seems cut short")
    except csv.Error as error:
        raise LoadError(f"{label} row {number + 1}: not CSV ({error})") from error
    except UnicodeDecodeError as error:
        raise LoadError(f"{label} after row {number}: not UTF-8 text") from error
    finally:
        csv.field_size_limit(previous)


class _Tail(io.RawIOBase):
    """A binary stream that remembers its last chunk: whether a file ends inside a quoted cell."""

    def __init__(self, raw):
        self.raw, self.last = raw, b""

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        if data:
            self.last = (self.last + data[-65536:])[-65536:]
        return len(data)

    def open_quote(self):
        """Whether the last line, when it has no line end, leaves a quote open."""
        if self.last.endswith((b"\n", b"\r")):
            return False
        return self.last.rsplit(b"\n", 1)[-1].count(b'"') % 2 == 1


def read_json(bundle, name, label):
    """The JSON document of ``name`` in ``bundle``; a LoadError for a cut or broken document."""
    with bundle.open(name) as handle:
        raw = handle.read()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise LoadError(f"{label}: not UTF-8 text") from error
    except json.JSONDecodeError as error:
        cut = " (the document ends too early: cut short?)" if error.pos >= len(error.doc.rstrip()) else ""
        raise LoadError(f"{label} line {error.lineno} column {error.colno}: not JSON: {error.msg}{cut}") from error
