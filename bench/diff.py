"""`atmp-kg diff` between two synthetic builds that differ by about 1% of their asserted triples.

    python bench/diff.py --triples 1M --repeat 3

Generates a landscape (``generate.py``) and a copy of it with changes of every kind the command
tells (actors renamed and added, capability rows and relations dropped, figures changed), every
table's rows shuffled; builds both with ``atmp-kg build`` (kept in ``--data`` for the next run);
then times ``atmp-kg diff OLD NEW`` in a fresh process, ``--repeat`` times, and prints the median
wall-clock seconds, the share of triples that differ and the changes found per kind.
"""

import argparse
import copy
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (bench/ is not a package)


def changed(rows, share, seed):
    """A copy of a landscape's ``rows`` with about ``share`` of them changed, and all shuffled."""
    rng = random.Random(seed)
    rows = copy.deepcopy(rows)
    part = share

    def some(table, fraction):
        return rng.sample(range(len(rows[table])), max(1, int(len(rows[table]) * fraction)))

    for i in some("actors", part):
        rows["actors"][i]["name"] += " Renamed"
    for table in ("capabilities", "relations"):
        dropped = set(some(table, part))
        rows[table] = [row for i, row in enumerate(rows[table]) if i not in dropped]
    for i in some("figures", part):
        figure = rows["figures"][i]
        figure["value"] = str(int(float(figure["value"])) + 1)
    source = rows["sources"][0]["id"]
    for n in range(max(1, int(len(rows["actors"]) * part))):
        rows["actors"].append({column: "" for column in generate.COLUMNS["actors"]}
                              | {"id": f"syn-new-{n:06d}", "type": "cdmo", "name": f"Synthetic newcomer {n}",
                                 "sources": source})
        rows["capabilities"].append({"actor": f"syn-new-{n:06d}", "stages": "gmp-manufacturing",
                                     "therapies": "cell-therapy", "source": source, "note": ""})
    for table in rows.values():
        rng.shuffle(table)
    return rows


def prepare(data, triples, share, seed):
    """``(old build, new build)`` folders in ``data``, generated and built unless there already."""
    data = Path(data)
    rows = None
    for name in ("old", "new"):
        dist = data / f"{name}-dist"
        if (dist / "atmp-kg.nt").is_file():
            continue
        rows = rows or generate.landscape(triples, seed)
        generate.write_tables(rows if name == "old" else changed(rows, share, seed), data / name)
        print(f"building {name} ...", file=sys.stderr)
        subprocess.run(["atmp-kg", "build", "--graph", str(data / name), "--out", str(dist), "-q"], check=True)
    return data / "old-dist", data / "new-dist"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="1M", help="landscape size: 10k, 100k, 1M (default 1M)")
    parser.add_argument("--share", type=float, default=0.016,
                        help="share of the rows of each kind changed (default 0.016: about 1%% of the triples)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the diff (default 3)")
    parser.add_argument("--data", default="bench/data/diff", help="where the landscapes and builds are kept")
    args = parser.parse_args(argv)
    old, new = prepare(Path(args.data) / args.triples, generate.parse_size(args.triples), args.share, args.seed)
    seconds = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(["atmp-kg", "diff", str(old), str(new), "--out", f"{out}/changes", "-q"], check=True)
            seconds.append(time.perf_counter() - start)
        with open(f"{out}/changes/changes.csv", newline="", encoding="utf-8") as handle:
            kinds = [row["kind"] for row in csv.DictReader(handle)]
        patch = Path(f"{out}/changes/changes.trig").read_text(encoding="utf-8").count(" .\n")
    with open(old / "atmp-kg.nt", encoding="utf-8") as handle:
        total = sum(1 for _ in handle)
    print(f"atmp-kg diff, {args.triples} landscape ({total:,} asserted triples), {args.share:.1%} of the rows changed")
    print(f"  triples that differ: {patch:,} ({patch / total:.2%})")
    print(f"  changes: {len(kinds):,} ({', '.join(f'{k} {kinds.count(k)}' for k in sorted(set(kinds)))})")
    print(f"  seconds: median {statistics.median(seconds):.1f} of {len(seconds)} "
          f"({', '.join(f'{s:.1f}' for s in seconds)})")


if __name__ == "__main__":
    main()
