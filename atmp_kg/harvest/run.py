"""``harvest(...)``: read a registry (files or online), keep its ATMP records, match them with
the graph and write ``review/<source>/``; nothing is written unless every record was read."""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from atmp_kg.errors import UsageError
from atmp_kg.harvest import clinicaltrials, cordis, ema
from atmp_kg.harvest.matching import GraphIndex
from atmp_kg.harvest.proposals import propose
from atmp_kg.review.proposals import write_proposals
from atmp_kg.review.rejected import rejected

SOURCES = ("clinicaltrials", "cordis", "ema")


@dataclass
class Harvest:
    """What a harvest did: records read and kept, the proposals, the folder written."""

    source: str
    read: int
    kept: int
    proposals: object
    folder: Path


def harvest(source, paths=(), client=None, countries=None, since=None, graph_dir="graph", review_dir="review",
            explain=False, progress=None):
    """Harvest ``source`` from ``paths`` (downloaded files) or, with a ``fetch.Client``, online;
    ``countries``: ISO codes (None: every country); ``since``: ISO date (records updated on or
    after it). Returns a ``Harvest``; raises LoadError for unreadable input (nothing written)."""
    if source not in SOURCES:
        raise UsageError(f"unknown source {source!r}: one of {', '.join(SOURCES)}")
    if not paths and client is None:
        raise UsageError("give --from FILE (a file downloaded from the registry) or --online")
    counter = {"read": 0}
    records = [r for r in _records(source, paths, client, countries, since, counter, progress)
               if not since or not r.updated or r.updated >= since]
    if progress is not None:
        progress.close()
    index = GraphIndex(graph_dir)
    proposals = propose(records, index, rejected(review_dir))
    folder = Path(review_dir) / source
    write_proposals(folder, proposals.tables, proposals.sources, explain=explain)
    return Harvest(source, counter["read"], len(records), proposals, folder)


def _records(source, paths, client, countries, since, counter, progress):
    def counted(items):
        for item in items:
            counter["read"] += 1
            if progress is not None:
                progress.add()
            yield item

    if source == "clinicaltrials":
        if paths:
            studies = ((str(path), study) for path in paths for study in clinicaltrials.read_file(path))
        else:
            studies = (("ClinicalTrials.gov", study) for study in clinicaltrials.fetch(client, countries, since,
                                                                                     progress))
        for number, (label, study) in enumerate(counted(studies), start=1):
            if (found := clinicaltrials.record(study, countries, number, label)) is not None:
                yield found
    elif source == "cordis":
        with tempfile.TemporaryDirectory(prefix="atmp-kg-cordis-") as folder:
            files = paths or cordis.fetch_tables(client, folder)
            yield from cordis.records([cordis.read_tables(path) for path in files], countries, counter)
    else:
        with tempfile.TemporaryDirectory(prefix="atmp-kg-ema-") as folder:
            if not paths:
                path = Path(folder) / ema.DOWNLOAD.rsplit("/", 1)[1]
                path.write_bytes(client.get(ema.DOWNLOAD))
                paths = [path]
            for path in paths:
                table = ema.read_table(path)
                counter["read"] += len(table[1])
                yield from ema.records(table)
