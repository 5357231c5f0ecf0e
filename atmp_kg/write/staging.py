"""Staging of ``dist/``: everything is written into a fresh temporary folder next to it and
swapped into place only when all files are written, so a failed build leaves the previous
``dist/`` untouched; and the checks that a build only ever replaces a folder a build made.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from atmp_kg.errors import OutputError


def write_text(path, text):
    """Write ``text`` as UTF-8 to ``path`` via a temporary file and an atomic rename (OutputError
    if it cannot)."""
    path, handle = Path(path), None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=path.parent,
                                         prefix=f".{path.name}.", delete=False) as handle:
            handle.write(text)
        os.chmod(handle.name, 0o644)  # temporary files are private; outputs are for everyone to read
        os.replace(handle.name, path)
    except OSError as error:
        if handle is not None and os.path.lexists(handle.name):
            os.remove(handle.name)
        raise _output_error(path, error) from error


BUILD_MARK = ".atmp-kg-build"  # in every build's folder: a later build may replace that folder
BUILD_MARK_TEXT = "Written by atmp-kg build. The next build replaces this whole folder.\n"
EARLIER_BUILD_FILES = ("atmp-kg.ttl", "void.ttl")  # a build made before the mark existed
STAGING_TIMEOUT = 24 * 3600  # seconds after which a staging folder without its owner's PID is stale


RELEASE_MARK = "SHA256SUMS"  # a release (``atmp-kg release``) is published as it is: never replaced


def is_build(folder):
    """Whether ``folder`` holds a build: its mark, or the dumps of a build made before the mark;
    never a release, whose checksums say it is to be published as it is."""
    folder = Path(folder)
    if (folder / RELEASE_MARK).exists():
        return False
    return (folder / BUILD_MARK).is_file() or all((folder / name).is_file() for name in EARLIER_BUILD_FILES)


def check_out_dir(out, inputs=()):
    """Raise OutputError unless a build may replace ``out``: a folder that does not exist yet, an
    empty folder or an earlier build (``is_build``), and never one that is, holds or lies inside
    one of the ``inputs`` folders."""
    out = Path(out)
    check_apart(out, inputs)
    if not os.path.lexists(out):
        return
    _check_folder(out)
    try:
        empty = next(out.iterdir(), None) is None
    except OSError as error:
        raise OutputError(f"{out}: cannot read the output folder ({error.strerror})") from error
    if not empty and not is_build(out):
        raise OutputError(f"{out}: this folder is not a build of atmp-kg (it has no {BUILD_MARK}); a build "
                          "replaces its whole output folder, so it must be new, empty or an earlier build")


def check_report_dir(out, tables, inputs=()):
    """Raise OutputError unless ``atmp-kg gaps`` may write into ``out``: it replaces the folder
    ``gaps/`` and the file ``gaps.html`` only, so ``gaps/`` must be new, empty or an earlier report
    (nothing but the files named ``tables``), and ``gaps.html`` replaces a file only beside such a
    report or in a build; ``out`` never overlaps one of the ``inputs`` folders."""
    out = Path(out)
    check_apart(out, inputs)
    if not os.path.lexists(out):
        return
    _check_folder(out)
    folder, page = out / "gaps", out / "gaps.html"
    report = False
    if os.path.lexists(folder):
        _check_folder(folder)
        try:
            report = all(path.name in tables and path.is_file() and not path.is_symlink()
                         for path in folder.iterdir())
        except OSError as error:
            raise OutputError(f"{folder}: cannot read the folder ({error.strerror})") from error
        if not report:
            raise OutputError(f"{folder}: this folder holds more than a gap report of atmp-kg; "
                              "refusing to replace it")
    if os.path.lexists(page) and not (page.is_file() and not page.is_symlink() and (report or is_build(out))):
        raise OutputError(f"{page}: not the page of an earlier gap report of atmp-kg; refusing to replace it")


def check_apart(out, inputs):
    """Raise OutputError if the output folder ``out`` is, holds or lies inside a folder of
    ``inputs`` (those that exist: the load step reports the others)."""
    where = Path(os.path.realpath(out))
    for folder in inputs:
        if not os.path.isdir(folder):
            continue
        place = Path(os.path.realpath(folder))
        if where == place or place in where.parents or where in place.parents:
            raise OutputError(f"{out}: the output folder may not be, hold or lie inside the input folder {folder}")


def _check_folder(path):
    if path.is_symlink():
        raise OutputError(f"{path}: a symbolic link; name the output folder itself")
    if not path.is_dir():
        raise OutputError(f"{path}: not a folder")


@contextmanager
def staged_dir(target):
    """Yield a temporary folder; on success it replaces ``target``, on error it is removed.
    The replaced folder is removed by a process of its own (``remove_later``): at a million
    triples its 36,000 files and 1.4 GB take about 5 s to remove. The
    temporary folder's name holds this process's ID, so that what a stopped build left is
    recognised and removed by the next one (``remove_stale``). A system error (a folder that
    cannot be written, a full disk) is an OutputError."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.{os.getpid()}.", dir=target.parent))
        staging.chmod(0o755)
    except OSError as error:
        raise _output_error(target, error) from error
    try:
        yield staging
        _swap(staging, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise _output_error(target, error) from error
        raise


def _swap(staging, target):
    """Put the folder ``staging`` in the place of ``target`` (removed later, or put back on failure)."""
    if not os.path.lexists(target):
        os.replace(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.replace(target, old)  # onto the new empty folder
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old, target)
        raise
    remove_later(old)


def _output_error(target, error):
    place = f" ({error.filename})" if error.filename and str(error.filename) != str(target) else ""
    return OutputError(f"{target}: cannot write the output: {error.strerror or error}{place}")


def remove_stale(target):
    """Remove what stopped builds left beside ``target``: folders being removed
    (``.<name>.old.*``) and staging folders (``.<name>.new.<PID>.*``) whose process is gone
    (those of a version that did not name its PID once a day old)."""
    old, new = f".{target.name}.old", f".{target.name}.new."
    for leftover in target.parent.iterdir():
        name = leftover.name
        if not name.startswith((old, new)) or leftover.is_symlink() or not leftover.is_dir():
            continue
        if name.startswith(new):
            owner = name[len(new):].split(".", 1)[0]
            if owner.isdigit() and owner != "0" and "." in name[len(new):]:
                if process_alive(int(owner)):
                    continue
            elif time.time() - leftover.stat().st_mtime < STAGING_TIMEOUT:
                continue
        shutil.rmtree(leftover, ignore_errors=True)


def process_alive(pid):
    """Whether a process with this ID runs (or is not ours to signal)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_later(folder):
    """Remove ``folder`` in a background process that outlives this one (the command returns
    at once); a removal that was stopped is finished by the next ``staged_dir`` of its target.
    Returns the process (``wait()`` for it)."""
    return subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                             str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
