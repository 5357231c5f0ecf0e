"""Reconciliation against a register the size of the Belgian enterprise register's open data.

    python bench/reconcile.py                       # 2,000,000 enterprises, 300 actors
    python bench/reconcile.py --enterprises 200000  # smaller

Generates (into ``--data``, default ``bench/data/kbo``; kept for the next run) a synthetic register
in the open data's format and shape: ``enterprise.csv`` (one row per enterprise),
``denomination.csv`` (a legal name for each, an abbreviation or commercial name for a third of
them, in French or Dutch), ``address.csv`` (a seat for each, an establishment address for a
third), ``code.csv`` and ``meta.csv``; and a graph of ``--actors`` actors, half of them named like
an enterprise of the register. Then runs ``atmp-kg reconcile kbo --from`` on it under
``peak_memory.py`` and prints the wall time and the peak memory (targets: 60 s, 500 MB).
Every name and number is invented ("Synthetic ... 42"); numbers pass the mod-97 check.
"""

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MUNICIPALITIES = [("Liège", "Luik", "4000"), ("Namur", "Namen", "5000"), ("Gand", "Gent", "9000"),
                  ("Anvers", "Antwerpen", "2000"), ("Bruxelles", "Brussel", "1000"), ("Mons", "Bergen", "7000")]
WORDS = ["Bio", "Cell", "Gene", "Thera", "Pharma", "Vector", "Lab", "Immuno", "Onco", "Stem", "Tissue", "Med"]


def number(i):
    base = 3_000_000 + i  # 0300.000.0xx...: an enterprise number begins with 0 or 1
    digits = f"{base:08d}{97 - base % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def name(i):
    rng = random.Random(i)
    return f"Synthetic {rng.choice(WORDS)}{rng.choice(WORDS).lower()} {i}"


def generate(folder, enterprises):
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "done").exists() and (folder / "done").read_text() == str(enterprises):
        return
    (folder / "meta.csv").write_text('"Variable","Value"\n"SnapshotDate","31-10-2025"\n"ExtractType","full"\n')
    (folder / "code.csv").write_text('"Category","Code","Language","Description"\n'
                                     '"JuridicalForm","610","FR","Société à responsabilité limitée"\n')
    with open(folder / "enterprise.csv", "w") as ent, open(folder / "denomination.csv", "w") as den, \
            open(folder / "address.csv", "w") as adr:
        ent.write('"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm",'
                  '"JuridicalFormCAC","StartDate"\n')
        den.write('"EntityNumber","Language","TypeOfDenomination","Denomination"\n')
        adr.write('"EntityNumber","TypeOfAddress","CountryNL","CountryFR","Zipcode","MunicipalityNL","MunicipalityFR",'
                  '"StreetNL","StreetFR","HouseNumber","Box","ExtraAddressInfo","DateStrikingOff"\n')
        for i in range(enterprises):
            n = number(i)
            fr, nl, zipcode = MUNICIPALITIES[i % len(MUNICIPALITIES)]
            language = "1" if i % 2 else "2"
            ent.write(f'"{n}","AC","000","2","610",,01-01-{1950 + i % 75}\n')
            den.write(f'"{n}","{language}","001","{name(i)} SRL"\n')
            if i % 3 == 0:
                den.write(f'"{n}","{language}","002","SYN{i}"\n')
            adr.write(f'"{n}","REGO",,,"{zipcode}","{nl}","{fr}","Synthetische straat","Rue synthétique",'
                      f'"{i % 200}","","",\n')
            if i % 3 == 1:
                adr.write(f'"{n}","BAET",,,"{zipcode}","{nl}","{fr}","Tweede straat","Deuxième rue","1","","",\n')
    (folder / "done").write_text(str(enterprises))


def graph(folder, enterprises, actors):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_text("id,url,title,publisher,language\n"
                                        "synthetic,https://example.org/synthetic,Synthetic source,Synthetic,en\n")
    (folder / "places.csv").write_text("id,kind,name,name_fr,name_nl,part_of,sources\n"
                                       "belgium,country,Belgium,Belgique,België,,synthetic\n"
                                       "liege,municipality,Liège,Liège,Luik,belgium,synthetic\n")
    step = max(1, enterprises // actors)
    rows = ["id,type,name,place,sources"]
    for k in range(actors):
        label = name(k * step) if k % 2 == 0 else f"Synthetic Unknown {k}"
        rows.append(f"actor-{k},developer,{label},{'liege' if k % 3 else ''},synthetic")
    (folder / "actors.csv").write_text("\n".join(rows) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--data", type=Path, default=HERE / "data" / "kbo")
    args = parser.parse_args(argv)
    generate(args.data, args.enterprises)
    with tempfile.TemporaryDirectory() as temporary:
        graph(Path(temporary) / "graph", args.enterprises, args.actors)
        work = Path(temporary)
        command = [sys.executable, str(HERE / "peak_memory.py"), "--", "atmp-kg", "reconcile", "kbo", "--from",
                   str(args.data), "--graph", str(work / "graph"), "--review", str(work / "review")]
        return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
