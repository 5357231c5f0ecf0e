"""A seeded generator of a synthetic ATMP landscape, written as ``graph/`` CSV tables.

Everything it writes is invented for benchmarking: organisations named "Synthetic ...", sources on
``example.org``, trial numbers in ranges no registry uses (NCT9..., EU CT year 2099). Only the
places are real: Belgian municipalities, provinces and regions (plus a few European cities for
actors beyond Belgium), with their real names, so the region breakdowns look like the real graph.

The tables follow ``graph/README.md`` and go through the same mapping and SHACL shapes as the
curated data. The same ``(triples, seed)`` always gives the same bytes.

    python bench/generate.py --triples 100000 --seed 1 --out bench/data/100k

``--triples`` is a target for the mapped data graph (without the ontology); the result lands
within a few percent of it.
"""

import argparse
import csv
import random
import sys
from pathlib import Path

# Data triples per actor, measured on this generator (all tables together); used to size a run.
TRIPLES_PER_ACTOR = 54.6

STAGES = ["discovery-research", "preclinical", "starting-materials", "process-development",
          "gmp-manufacturing", "quality-control", "clinical-trials", "regulatory", "hta-reimbursement",
          "supply-chain", "post-approval", "tools-equipment", "data", "training", "financing"]
THERAPIES = ["cell-therapy", "gene-modified-cell-therapy", "in-vivo-gene-therapy", "gene-editing",
             "tissue-engineering", "exosome", "phage", "oncolytic-virus"]
LEGAL_CLASS = {"cell-therapy": "somatic-cell-therapy", "gene-modified-cell-therapy": "gene-therapy",
               "in-vivo-gene-therapy": "gene-therapy", "gene-editing": "gene-therapy",
               "tissue-engineering": "tissue-engineered", "exosome": "exosome-ev", "phage": "phage-therapy",
               "oncolytic-virus": "gene-therapy"}
PHASES = ["discovery", "preclinical", "phase-1", "phase-1-2", "phase-2", "phase-3", "marketed", "discontinued"]
TRIAL_PHASES = ["phase-1", "phase-1-2", "phase-2", "phase-3"]

# actor type -> (share of actors, stages it typically works in)
ACTOR_TYPES = {
    "developer": (0.30, ["discovery-research", "preclinical", "process-development", "clinical-trials", "regulatory"]),
    "cdmo": (0.06, ["process-development", "gmp-manufacturing", "quality-control", "supply-chain"]),
    "service-provider": (0.10, ["preclinical", "quality-control", "clinical-trials", "regulatory", "data"]),
    "supplier": (0.08, ["starting-materials", "tools-equipment", "supply-chain"]),
    "university": (0.06, ["discovery-research", "preclinical", "training"]),
    "research-unit": (0.16, ["discovery-research", "preclinical", "starting-materials"]),
    "hospital": (0.10, ["clinical-trials", "gmp-manufacturing", "post-approval", "hta-reimbursement"]),
    "research-centre": (0.05, ["discovery-research", "preclinical", "process-development", "data"]),
    "cluster": (0.02, ["training", "financing"]),
    "public-body": (0.03, ["financing", "regulatory", "hta-reimbursement"]),
    "investor": (0.04, ["financing"]),
}
SUFFIXES = {"developer": "Therapeutics", "cdmo": "Biomanufacturing", "service-provider": "Services",
            "supplier": "Bioreagents", "university": "University", "research-unit": "Laboratory",
            "hospital": "Hospital", "research-centre": "Institute", "cluster": "Cluster",
            "public-body": "Agency", "investor": "Ventures"}
SYLLABLES = ["al", "be", "cor", "da", "el", "fi", "gen", "ha", "io", "ka", "lu", "mo", "no", "or", "pa",
             "qui", "ra", "so", "ti", "un", "va", "xe", "yo", "ze"]

# Real places: (id, kind, English, French, Dutch, part of). Belgian municipalities with their
# province and region; the Brussels-Capital Region has no province.
PLACES = [
    ("belgium", "country", "Belgium", "Belgique", "België", ""),
    ("wallonia", "region", "Wallonia", "Wallonie", "Wallonië", "belgium"),
    ("flanders", "region", "Flanders", "Flandre", "Vlaanderen", "belgium"),
    ("brussels-capital-region", "region", "Brussels-Capital Region", "Région de Bruxelles-Capitale",
     "Brussels Hoofdstedelijk Gewest", "belgium"),
    ("province-liege", "province", "Province of Liège", "Province de Liège", "Provincie Luik", "wallonia"),
    ("province-hainaut", "province", "Province of Hainaut", "Province de Hainaut", "Provincie Henegouwen", "wallonia"),
    ("province-namur", "province", "Province of Namur", "Province de Namur", "Provincie Namen", "wallonia"),
    ("province-walloon-brabant", "province", "Province of Walloon Brabant", "Province du Brabant wallon",
     "Provincie Waals-Brabant", "wallonia"),
    ("province-luxembourg", "province", "Province of Luxembourg", "Province de Luxembourg",
     "Provincie Luxemburg", "wallonia"),
    ("province-antwerp", "province", "Province of Antwerp", "Province d'Anvers", "Provincie Antwerpen", "flanders"),
    ("province-east-flanders", "province", "Province of East Flanders", "Province de Flandre-Orientale",
     "Provincie Oost-Vlaanderen", "flanders"),
    ("province-flemish-brabant", "province", "Province of Flemish Brabant", "Province du Brabant flamand",
     "Provincie Vlaams-Brabant", "flanders"),
    ("province-limburg", "province", "Province of Limburg", "Province de Limbourg", "Provincie Limburg", "flanders"),
    ("province-west-flanders", "province", "Province of West Flanders", "Province de Flandre-Occidentale",
     "Provincie West-Vlaanderen", "flanders"),
    ("liege", "municipality", "Liège", "Liège", "Luik", "province-liege"),
    ("seraing", "municipality", "Seraing", "Seraing", "Seraing", "province-liege"),
    ("herstal", "municipality", "Herstal", "Herstal", "Herstal", "province-liege"),
    ("verviers", "municipality", "Verviers", "Verviers", "Verviers", "province-liege"),
    ("charleroi", "municipality", "Charleroi", "Charleroi", "Charleroi", "province-hainaut"),
    ("mons", "municipality", "Mons", "Mons", "Bergen", "province-hainaut"),
    ("tournai", "municipality", "Tournai", "Tournai", "Doornik", "province-hainaut"),
    ("namur", "municipality", "Namur", "Namur", "Namen", "province-namur"),
    ("gembloux", "municipality", "Gembloux", "Gembloux", "Gembloers", "province-namur"),
    ("wavre", "municipality", "Wavre", "Wavre", "Waver", "province-walloon-brabant"),
    ("ottignies-louvain-la-neuve", "municipality", "Ottignies-Louvain-la-Neuve", "Ottignies-Louvain-la-Neuve",
     "Ottignies-Louvain-la-Neuve", "province-walloon-brabant"),
    ("mont-saint-guibert", "municipality", "Mont-Saint-Guibert", "Mont-Saint-Guibert", "Mont-Saint-Guibert",
     "province-walloon-brabant"),
    ("braine-l-alleud", "municipality", "Braine-l'Alleud", "Braine-l'Alleud", "Eigenbrakel",
     "province-walloon-brabant"),
    ("arlon", "municipality", "Arlon", "Arlon", "Aarlen", "province-luxembourg"),
    ("antwerp", "municipality", "Antwerp", "Anvers", "Antwerpen", "province-antwerp"),
    ("mechelen", "municipality", "Mechelen", "Malines", "Mechelen", "province-antwerp"),
    ("geel", "municipality", "Geel", "Geel", "Geel", "province-antwerp"),
    ("ghent", "municipality", "Ghent", "Gand", "Gent", "province-east-flanders"),
    ("aalst", "municipality", "Aalst", "Alost", "Aalst", "province-east-flanders"),
    ("leuven", "municipality", "Leuven", "Louvain", "Leuven", "province-flemish-brabant"),
    ("vilvoorde", "municipality", "Vilvoorde", "Vilvorde", "Vilvoorde", "province-flemish-brabant"),
    ("hasselt", "municipality", "Hasselt", "Hasselt", "Hasselt", "province-limburg"),
    ("genk", "municipality", "Genk", "Genk", "Genk", "province-limburg"),
    ("bruges", "municipality", "Bruges", "Bruges", "Brugge", "province-west-flanders"),
    ("kortrijk", "municipality", "Kortrijk", "Courtrai", "Kortrijk", "province-west-flanders"),
    ("brussels", "municipality", "City of Brussels", "Ville de Bruxelles", "Stad Brussel", "brussels-capital-region"),
    ("anderlecht", "municipality", "Anderlecht", "Anderlecht", "Anderlecht", "brussels-capital-region"),
    ("ixelles", "municipality", "Ixelles", "Ixelles", "Elsene", "brussels-capital-region"),
    ("woluwe-saint-lambert", "municipality", "Woluwe-Saint-Lambert", "Woluwe-Saint-Lambert",
     "Sint-Lambrechts-Woluwe", "brussels-capital-region"),
    ("uccle", "municipality", "Uccle", "Uccle", "Ukkel", "brussels-capital-region"),
    ("france", "country", "France", "France", "Frankrijk", ""),
    ("paris", "municipality", "Paris", "Paris", "Parijs", "france"),
    ("lyon", "municipality", "Lyon", "Lyon", "Lyon", "france"),
    ("netherlands", "country", "Netherlands", "Pays-Bas", "Nederland", ""),
    ("leiden", "municipality", "Leiden", "Leyde", "Leiden", "netherlands"),
    ("germany", "country", "Germany", "Allemagne", "Duitsland", ""),
    ("munich", "municipality", "Munich", "Munich", "München", "germany"),
]
# where actors sit: region -> share (beyond = a European city; unknown = no place)
REGION_SHARES = {"wallonia": 0.35, "flanders": 0.33, "brussels-capital-region": 0.14, "beyond": 0.12, "unknown": 0.06}

COLUMNS = {
    "sources": ["id", "url", "title", "publisher", "date", "language", "note"],
    "places": ["id", "kind", "name", "name_fr", "name_nl", "part_of", "wikidata", "sources"],
    "actors": ["id", "type", "name", "name_fr", "aliases", "former_names", "place", "website", "wikidata",
               "ror", "enterprise_number", "lei", "founded", "description", "sources"],
    "capabilities": ["actor", "stages", "therapies", "source", "note"],
    "collaborations": ["id", "kind", "name", "name_fr", "acronym", "part_of", "therapies", "start", "end",
                       "description", "sources"],
    "memberships": ["actor", "collaboration", "role", "start", "end", "source"],
    "relations": ["subject", "relation", "object", "date", "source", "note"],
    "figures": ["subject", "measure", "value", "unit", "period", "source", "note"],
    "products": ["id", "name", "aliases", "developer", "therapy", "legal_class", "phase", "indication", "sources"],
    "trials": ["id", "title", "product", "sponsor", "sites", "phase", "therapy", "start", "sources"],
    "sites": ["id", "actor", "name", "kind", "place", "sources"],
}
INDICATIONS = ["acute myeloid leukaemia", "B-cell lymphoma", "multiple myeloma", "haemophilia B",
               "spinal muscular atrophy", "retinal dystrophy", "knee cartilage defect", "severe burns",
               "chronic wound infection", "Crohn's disease fistula", "glioblastoma", "Duchenne muscular dystrophy"]


def synthetic_lei(index):
    """An LEI no registry issued (``SYNTH`` + the index) with valid check digits (ISO 17442: the
    number, letters read in base 36, is 1 modulo 97)."""
    base = f"SYNTH{index:013d}"
    number = int("".join(str(int(character, 36)) for character in base))
    return f"{base}{98 - (number * 100) % 97:02d}"


def actor_count(triples):
    """How many actors make about ``triples`` data triples."""
    return max(12, round(triples / TRIPLES_PER_ACTOR))


class Landscape:
    """Builds the rows of every table for ``actors`` actors, drawing from one seeded generator."""

    def __init__(self, actors, seed):
        self.random = random.Random(seed)
        self.n = actors
        self.rows = {table: [] for table in COLUMNS}
        self.sources = []
        self.actors = []  # (id, type, place)
        self.by_type = {kind: [] for kind in ACTOR_TYPES}
        self.pools = {}

    # -- helpers --------------------------------------------------------------------------
    def pick(self, items, weights=None):
        return self.random.choices(items, weights=weights, k=1)[0]

    def some_sources(self, most=2):
        return "|".join(sorted(set(self.random.sample(self.sources, self.random.randint(1, most)))))

    def source(self):
        return self.pick(self.sources)

    def name(self, index):
        rng = random.Random(index * 7919)
        return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()

    def pool(self, kinds):
        """The actors of ``kinds`` (a list cached per kinds, once all actors exist)."""
        key = tuple(kinds)
        if key not in self.pools:
            self.pools[key] = [actor for kind in kinds for actor in self.by_type[kind]]
        return self.pools[key]

    def hub_actor(self, kinds):
        """An actor of one of ``kinds``, with a skew towards the first ones (a few hubs)."""
        pool = self.pool(kinds)
        index = int(len(pool) * self.random.random() ** 2.2)
        return pool[min(index, len(pool) - 1)]

    def date(self, first=2005, last=2025):
        year = self.random.randint(first, last)
        form = self.random.random()
        if form < 0.5:
            return f"{year}-{self.random.randint(1, 12):02d}-{self.random.randint(1, 28):02d}"
        return f"{year}-{self.random.randint(1, 12):02d}" if form < 0.8 else str(year)

    # -- tables ---------------------------------------------------------------------------
    def make_sources(self):
        for i in range(max(5, self.n // 3)):
            sid = f"syn-src-{i:06d}"
            self.sources.append(sid)
            self.rows["sources"].append({
                "id": sid, "url": f"https://example.org/synthetic/{sid}",
                "title": f"Synthetic source {i}", "publisher": f"Synthetic publisher {i % 97}",
                "date": self.date(2015, 2025) if i % 4 else "", "language": self.pick(["en", "fr", "nl"], [5, 3, 2]),
                "note": "synthetic benchmark data" if i % 10 == 0 else "",
            })

    def make_places(self):
        for pid, kind, name, name_fr, name_nl, part_of in PLACES:
            self.rows["places"].append({"id": pid, "kind": kind, "name": name, "name_fr": name_fr,
                                        "name_nl": name_nl, "part_of": part_of, "wikidata": "",
                                        "sources": self.sources[0]})

    def municipalities(self):
        regions = {pid: part for pid, _, _, _, _, part in PLACES}
        by_region = {}
        for pid, kind, *_ in PLACES:
            if kind == "municipality":
                region = regions[pid]
                while region in regions and regions[region] and region not in REGION_SHARES:
                    region = regions[region]
                by_region.setdefault(region if region in REGION_SHARES else "beyond", []).append(pid)
        return by_region

    def make_actors(self):
        kinds = list(ACTOR_TYPES)
        shares = [ACTOR_TYPES[k][0] for k in kinds]
        places = self.municipalities()
        regions, region_shares = zip(*REGION_SHARES.items(), strict=True)
        for i in range(self.n):
            kind = kinds[i] if i < len(kinds) else self.pick(kinds, shares)
            aid = f"syn-{kind}-{i:06d}"
            region = self.pick(regions, region_shares)
            place = self.pick(places[region]) if region in places else ""
            types = kind + ("|investor" if kind == "developer" and self.random.random() < 0.02 else "")
            name = f"Synthetic {self.name(i)} {SUFFIXES[kind]} {i}"
            number = ""
            if kind in ("developer", "cdmo", "service-provider", "supplier") and self.random.random() < 0.5:
                base = 19_000_000 + i
                number = f"{base:08d}{97 - base % 97:02d}"
                number = f"{number[:4]}.{number[4:7]}.{number[7:]}"
            self.rows["actors"].append({
                "id": aid, "type": types, "name": name,
                "name_fr": f"{name} (fr)" if region in ("wallonia", "brussels-capital-region") else "",
                "aliases": f"SYN{i}" if i % 3 == 0 else "", "former_names": f"Old {name}" if i % 17 == 0 else "",
                "place": place, "website": f"https://example.org/synthetic/actor/{aid}" if i % 2 == 0 else "",
                "wikidata": "", "ror": "", "enterprise_number": number,
                "lei": synthetic_lei(i) if i % 11 == 0 else "",
                "founded": str(self.random.randint(1950, 2024)) if i % 2 else "",
                "description": f"A synthetic {kind.replace('-', ' ')} for benchmarks." if i % 5 == 0 else "",
                "sources": self.some_sources(),
            })
            self.actors.append((aid, kind, place))
            self.by_type[kind].append(aid)

    def make_capabilities(self):
        for aid, kind, _ in self.actors:
            stages = ACTOR_TYPES[kind][1]
            for _ in range(self.random.randint(1, 3)):
                chosen = sorted(set(self.random.sample(stages, self.random.randint(1, min(2, len(stages))))))
                therapies = sorted(set(self.random.sample(THERAPIES, self.random.randint(1, 2))))
                self.rows["capabilities"].append({"actor": aid, "stages": "|".join(chosen),
                                                  "therapies": "|".join(therapies), "source": self.source(),
                                                  "note": ""})

    def make_collaborations(self):
        members = set()

        def join(actor, collaboration, role):
            if (actor, collaboration, role) not in members:
                members.add((actor, collaboration, role))
                self.rows["memberships"].append({"actor": actor, "collaboration": collaboration, "role": role,
                                                 "start": self.date(2015, 2025) if self.random.random() < 0.3 else "",
                                                 "end": "", "source": self.source()})

        def collaboration(cid, kind, name, part_of="", therapies=""):
            start = self.date(2012, 2025)
            self.rows["collaborations"].append({
                "id": cid, "kind": kind, "name": name, "name_fr": f"{name} (fr)" if kind != "project" else "",
                "acronym": cid.upper()[-8:] if kind == "partnership" else "", "part_of": part_of,
                "therapies": therapies, "start": start, "end": "", "description": "", "sources": self.some_sources(),
            })
            self.rows["figures"].append({"subject": cid, "measure": "budget",
                                         "value": str(self.random.randint(2, 800) * 100_000), "unit": "EUR",
                                         "period": start[:4], "source": self.source(), "note": ""})
        everyone = [aid for aid, _, _ in self.actors]
        for p in range(max(1, self.n // 250)):
            pid = f"syn-partnership-{p:05d}"
            collaboration(pid, "partnership", f"Synthetic partnership {p}")
            join(self.hub_actor(["cluster"]), pid, "lead")
            join(self.hub_actor(["public-body"]), pid, "funder")
            pillars = [("cell", "cell-therapy|gene-modified-cell-therapy"),
                       ("gene", "in-vivo-gene-therapy|gene-editing"), ("exosome-phage", "exosome|phage")]
            for pillar, therapies in pillars:
                pillar_id = f"{pid}-pillar-{pillar}"
                collaboration(pillar_id, "pillar", f"Synthetic partnership {p}: {pillar} pillar", pid, therapies)
                for w in range(self.random.randint(1, 3)):
                    wp_id = f"{pillar_id}-wp-{w}"
                    collaboration(wp_id, "work-package", f"Synthetic partnership {p}: {pillar} WP {w}", pillar_id)
                    for i in range(self.random.randint(2, 5)):
                        join(self.hub_actor(list(ACTOR_TYPES)), wp_id, "coordinator" if i == 0 else "partner")
            for _ in range(self.random.randint(15, 30)):
                join(self.pick(everyone), pid, "partner")
        for j in range(max(2, self.n // 8)):
            jid = f"syn-project-{j:06d}"
            collaboration(jid, "project", f"Synthetic project {j}", therapies=self.pick(THERAPIES))
            for i in range(self.random.randint(2, 8)):
                join(self.hub_actor(list(ACTOR_TYPES)) if i < 2 else self.pick(everyone), jid,
                     "coordinator" if i == 0 else "partner")

    def make_relations(self):
        seen = set()
        plans = [  # relation, subject kinds, object kinds, share
            ("collaborates-with", list(ACTOR_TYPES), list(ACTOR_TYPES), 0.55),
            ("manufactures-for", ["cdmo"], ["developer"], 0.10),
            ("spin-off-of", ["developer"], ["university", "research-centre"], 0.06),
            ("unit-of", ["research-unit"], ["university"], 0.10),
            ("affiliated-with", ["hospital"], ["university"], 0.04),
            ("invested-in", ["investor"], ["developer"], 0.07),
            ("funded", ["public-body"], ["developer", "research-unit", "research-centre"], 0.05),
            ("acquired-by", ["developer", "cdmo", "supplier"], ["developer", "cdmo"], 0.015),
            ("subsidiary-of", ["cdmo", "supplier", "service-provider"], ["developer", "cdmo"], 0.015),
        ]
        names, subjects, objects, shares = zip(*plans, strict=True)
        for _ in range(int(self.n * 1.6)):
            k = self.random.choices(range(len(plans)), weights=shares, k=1)[0]
            subject = (self.hub_actor(subjects[k]) if names[k] == "collaborates-with"
                       else self.pick(self.pool(subjects[k])))
            target = self.hub_actor(objects[k])
            if subject == target or (subject, names[k], target) in seen:
                continue
            seen.add((subject, names[k], target))
            self.rows["relations"].append({"subject": subject, "relation": names[k], "object": target,
                                           "date": self.date() if self.random.random() < 0.5 else "",
                                           "source": self.source(), "note": ""})

    def make_figures(self):
        for aid, kind, _ in self.actors:
            if kind in ("developer", "cdmo", "supplier", "service-provider") and self.random.random() < 0.4:
                year = str(self.random.randint(2018, 2025))
                self.rows["figures"].append({"subject": aid, "measure": "employees",
                                             "value": str(self.random.randint(3, 2500)), "unit": "count",
                                             "period": year, "source": self.source(), "note": ""})
            if kind == "developer" and self.random.random() < 0.2:
                self.rows["figures"].append({"subject": aid, "measure": "funding-raised",
                                             "value": str(self.random.randint(1, 400) * 250_000), "unit": "EUR",
                                             "period": "", "source": self.source(), "note": "around"})

    def make_products_and_trials(self):
        hospitals = self.by_type["hospital"]
        trial = 0
        for aid in self.by_type["developer"]:
            for k in range(self.random.choice([0, 0, 1, 1, 2, 3])):
                therapy = self.pick(THERAPIES)
                phase = self.pick(PHASES, [3, 4, 3, 2, 2, 1, 1, 1])
                pid = f"{aid}-product-{k}"
                self.rows["products"].append({
                    "id": pid, "name": f"SYN-{aid[-6:]}-{k}", "aliases": "", "developer": aid, "therapy": therapy,
                    "legal_class": LEGAL_CLASS[therapy], "phase": phase, "indication": self.pick(INDICATIONS),
                    "sources": self.some_sources(1)})
                if phase in TRIAL_PHASES or phase == "marketed":
                    for _ in range(self.random.randint(1, 2)):
                        number = (f"NCT9{trial:07d}" if trial % 3 else
                                  f"2099-5{trial % 100000:05d}-{trial // 100000 % 100:02d}-00")
                        trial += 1
                        count = min(len(hospitals), self.random.randint(1, 3))
                        sites = sorted(set(self.random.sample(hospitals, count)))
                        self.rows["trials"].append({
                            "id": number, "title": f"Synthetic trial {trial} of {pid}", "product": pid,
                            "sponsor": aid, "sites": "|".join(sites),
                            "phase": phase if phase in TRIAL_PHASES else "phase-3", "therapy": therapy,
                            "start": self.date(2010, 2025), "sources": self.source()})

    def make_sites(self):
        kinds = {"cdmo": "gmp-manufacturing", "hospital": "gmp-manufacturing", "service-provider": "qc-laboratory",
                 "developer": "laboratory", "research-centre": "laboratory"}
        for aid, kind, place in self.actors:
            if kind in kinds and self.random.random() < 0.35:
                self.rows["sites"].append({"id": f"{aid}-site", "actor": aid, "name": f"Site of {aid}",
                                           "kind": kinds[kind], "place": place, "sources": self.source()})

    def build(self):
        self.make_sources()
        self.make_places()
        self.make_actors()
        self.make_capabilities()
        self.make_collaborations()
        self.make_relations()
        self.make_figures()
        self.make_products_and_trials()
        self.make_sites()
        return self.rows


def landscape(triples=10_000, seed=0):
    """The rows of each table (``{table: [row dict]}``) of a landscape of about ``triples``."""
    return Landscape(actor_count(triples), seed).build()


def write_tables(rows, out_dir):
    """Write each table as ``out_dir/<table>.csv`` (comma-separated, ``\\n`` line ends)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for table, columns in COLUMNS.items():
        with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows[table])
    return out


def generate(out_dir, triples=10_000, seed=0):
    """Write a synthetic landscape of about ``triples`` data triples into ``out_dir``."""
    return write_tables(landscape(triples, seed), out_dir)


def parse_size(text):
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="10k", help="target data triples: 10k, 100k, 1M (default 10k)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", required=True, help="output folder for the CSV tables")
    args = parser.parse_args(argv)
    out = generate(args.out, parse_size(args.triples), args.seed)
    print(f"wrote {out} ({actor_count(parse_size(args.triples))} actors)", file=sys.stderr)


if __name__ == "__main__":
    main()
