"""A release, ready to publish as it is: the build of a version (dumps, VoID, explorer, gap
report), what changed since the previous release (``changes.html``, ``changes.csv``,
``changes.trig``, ``CHANGES.md``) and ``SHA256SUMS``, the SHA-256 checksum of every file, in
``releases/<version>/``; with ``archive``, also ``releases/atmp-kg-<version>.tar.gz`` and its
checksum. A release folder, once written, is never replaced.
"""

import calendar
import gzip
import hashlib
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from atmp_kg.errors import OutputError, UsageError
from atmp_kg.read.mapper import iso_date
from atmp_kg.write.staging import BUILD_MARK, write_text

RELEASES_DIR = Path("releases")
CHECKSUMS = "SHA256SUMS"
CHUNK = 1 << 20


def previous_folder(release, releases_dir=RELEASES_DIR):
    """Where the release that ``release`` revises is kept, ``releases_dir/<previous>``, if it
    names one and that folder exists; else None."""
    if release is None or not release.previous:
        return None
    folder = Path(releases_dir) / release.previous
    return folder if folder.is_dir() else None


def release_folder(result, releases_dir):
    """``releases_dir/<version>`` of the build ``result``; UsageError without a release, and
    OutputError if that folder exists (a published release is never replaced)."""
    if result.release is None:
        raise UsageError("the graph folder has no release.csv: a release needs its version, date and the "
                         "version it revises (graph/README.md, release.csv)")
    target = Path(releases_dir) / result.release.version
    if os.path.lexists(target):
        raise OutputError(f"{target}: release {result.release.version} exists already; a release is never "
                          "replaced (give the data a new version in release.csv)")
    return target


def write_release(result, releases_dir=RELEASES_DIR, previous=None, archive=False, timer=None, as_of=None):
    """Write the release of the build ``result`` into ``releases_dir/<version>`` (``release_folder``)
    and return that folder. ``previous``: the previous release (a ``changes.versions.Version``),
    whose changes the release carries; None for the first release. The folder is written beside
    its place and moved there when complete: a failed release leaves nothing."""
    from atmp_kg.pipeline import write

    target = release_folder(result, releases_dir)
    Path(releases_dir).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.{os.getpid()}.", dir=releases_dir))
    try:
        write(result, folder, timer=timer, as_of=as_of, previous=previous)
        (folder / BUILD_MARK).unlink()  # a release is not a build folder that the next build may replace
        if previous is None:
            write_text(folder / "CHANGES.md", f"# Release {result.release.version}\n\nThe first release: there is "
                                              "no earlier release to compare it with.\n")
        write_text(folder / CHECKSUMS, checksums(folder))
        folder.chmod(0o755)
        if archive:
            write_archive(folder, Path(releases_dir) / f"atmp-kg-{target.name}.tar.gz", target.name,
                          result.release.date)
        os.replace(folder, target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        if archive:
            for leftover in (Path(releases_dir) / f"atmp-kg-{target.name}.tar.gz{end}" for end in ("", ".sha256")):
                leftover.unlink(missing_ok=True)
        raise
    return target


def checksums(folder):
    """``SHA256SUMS`` of every file under ``folder`` (but itself), as ``sha256sum`` writes it and
    ``sha256sum -c`` checks it: ``<hex digest>  <relative path>``, by path."""
    lines = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.name != CHECKSUMS:
            lines.append(f"{sha256(path)}  {path.relative_to(folder).as_posix()}\n")
    return "".join(lines)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def write_archive(folder, path, name, date):
    """``path``: the files of ``folder`` under ``name/`` in a gzipped tar, the same bytes for the
    same files (sorted, owned by nobody, dated the release day), and ``path.sha256`` beside it."""
    day = iso_date(date)[0]
    stamp = calendar.timegm(day.timetuple()) if day else 0
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=stamp, filename="") as zipped, \
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for item in [Path(folder), *sorted(Path(folder).rglob("*"))]:
            info = tar.gettarinfo(str(item), arcname=(Path(name) / item.relative_to(folder)).as_posix())
            info.mtime, info.uid, info.gid, info.uname, info.gname = stamp, 0, 0, "", ""
            info.mode = 0o755 if item.is_dir() else 0o644
            if item.is_file():
                with open(item, "rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)
    write_text(Path(f"{path}.sha256"), f"{sha256(path)}  {Path(path).name}\n")
