"""`atmp-kg harvest` from files the size of the registries' downloads.

    python bench/harvest.py                          # 50,000 studies; 50,000 projects, 250,000 participations
    python bench/harvest.py --studies 5000 --projects 5000

Generates (into ``--data``, default ``bench/data/harvest``; kept for the next run) a
ClinicalTrials.gov API v2 file of ``--studies`` studies in the API's nesting (identification,
status with dates, sponsors, design, interventions, conditions, descriptions and eligibility text
of the usual length, sites in Europe), one in ten of them with an ATMP intervention; and a CORDIS
folder of ``--projects`` projects (Horizon 2020 and Horizon Europe together hold about 50,000)
with five participations each (``project.csv``, ``organization.csv``, ``;``-separated, quoted),
one in twenty on an ATMP topic. Then runs ``atmp-kg harvest clinicaltrials`` and ``atmp-kg
harvest cordis`` with ``--country all`` (the most records kept) against graph/, each under
``peak_memory.py``, and prints the wall time and peak memory of each (targets: 60 s and 1 GB).
Every name, number and text is invented ("Synthetic ... 42", NCT9..., grants 9...).
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNTRIES = [("Belgium", "BE", "Liège"), ("France", "FR", "Lyon"), ("Germany", "DE", "Berlin"),
             ("Netherlands", "NL", "Leiden"), ("Spain", "ES", "Madrid"), ("Italy", "IT", "Milano")]
ATMP = ["Autologous anti-CD19 CAR-T cells", "AAV9 gene therapy vector", "Allogeneic mesenchymal stromal cells",
        "CRISPR-edited autologous CD34+ cells", "Tissue-engineered skin substitute"]
OTHER = ["Pembrolizumab", "Placebo", "Cyclophosphamide", "Standard of care", "Metformin"]
FILLER = ("Participants are randomised to receive the study treatment or the comparator and are followed for "
          "safety, tolerability and efficacy over the treatment period and the long-term follow-up. ")


def study(i):
    rng = random.Random(i)
    atmp = i % 10 == 0
    sites = [rng.choice(COUNTRIES) for _ in range(rng.randint(1, 6))]
    interventions = [{"type": "GENETIC" if atmp else "DRUG", "name": rng.choice(ATMP if atmp else OTHER),
                      "description": FILLER[:120], "otherNames": [f"SYN-{i}"]},
                     {"type": "DRUG", "name": rng.choice(OTHER)}]
    return {"protocolSection": {
        "identificationModule": {"nctId": f"NCT9{i:07d}", "orgStudyIdInfo": {"id": f"SYN-{i}"},
                                 "secondaryIdInfos": [{"id": f"2099-{i:06d}-{i % 90 + 10}", "type": "EUDRACT_NUMBER"}],
                                 "briefTitle": f"Synthetic study {i} of {interventions[0]['name']}",
                                 "officialTitle": f"A synthetic randomised study {i}: " + FILLER[:100]},
        "statusModule": {"overallStatus": rng.choice(["RECRUITING", "COMPLETED", "TERMINATED"]),
                         "startDateStruct": {"date": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}"},
                         "lastUpdatePostDateStruct": {"date": "2024-05-01"}},
        "sponsorCollaboratorsModule": {"leadSponsor": {"name": f"Synthetic Sponsor {i % 3000}",
                                                       "class": rng.choice(["INDUSTRY", "OTHER"])},
                                       "collaborators": [{"name": f"Synthetic Partner {i % 700}", "class": "OTHER"}]},
        "descriptionModule": {"briefSummary": FILLER * 3, "detailedDescription": FILLER * 8},
        "conditionsModule": {"conditions": ["Synthetic condition"], "keywords": ["synthetic"]},
        "designModule": {"studyType": "INTERVENTIONAL", "phases": [rng.choice(["PHASE1", "PHASE2", "PHASE3"])]},
        "armsInterventionsModule": {"interventions": interventions},
        "eligibilityModule": {"eligibilityCriteria": FILLER * 6},
        "contactsLocationsModule": {"locations": [{"facility": f"Synthetic Hospital {rng.randint(1, 4000)}",
                                                   "city": city, "country": country}
                                                  for country, _, city in sites]}},
        "hasResults": False}


def generate_studies(path, count):
    if path.exists() and path.with_suffix(".done").exists() and path.with_suffix(".done").read_text() == str(count):
        return
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"studies": [')
        for i in range(count):
            out.write(("," if i else "") + json.dumps(study(i), ensure_ascii=False))
        out.write("]}")
    path.with_suffix(".done").write_text(str(count))


def generate_cordis(folder, count):
    if (folder / "done").exists() and (folder / "done").read_text() == str(count):
        return
    folder.mkdir(parents=True, exist_ok=True)
    quote = lambda cells: ";".join('"' + str(c).replace('"', '""') + '"' for c in cells) + "\n"  # noqa: E731
    with open(folder / "project.csv", "w", encoding="utf-8") as projects, \
            open(folder / "organization.csv", "w", encoding="utf-8") as organisations:
        projects.write(quote(["id", "acronym", "status", "title", "startDate", "endDate", "totalCost",
                              "ecMaxContribution", "legalBasis", "topics", "ecSignatureDate", "frameworkProgramme",
                              "masterCall", "subCall", "fundingScheme", "nature", "objective", "contentUpdateDate",
                              "rcn", "grantDoi"]))
        organisations.write(quote(["projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName",
                                   "SME", "activityType", "street", "postCode", "city", "country", "nutsCode",
                                   "geolocation", "organizationURL", "contactForm", "contentUpdateDate", "rcn",
                                   "order", "role", "ecContribution", "netEcContribution", "totalCost",
                                   "endOfParticipation", "active"]))
        for i in range(count):
            grant = 900_000_000 + i
            topic = "gene therapy and CAR-T manufacturing" if i % 20 == 0 else "district heating storage"
            projects.write(quote([grant, f"SYN{i}", "SIGNED", f"Synthetic project {i} on {topic}", "2021-01-01",
                                  "2025-12-31", "3000000", "2500000,5", "HORIZON.2.1", f"HORIZON-SYN-{i % 400}",
                                  "2020-12-01", "HORIZON", "CALL", "SUBCALL", "HORIZON-RIA", "",
                                  f"Synthetic objective on {topic}. " + FILLER * 10, "2024-03-05 10:00:00", i,
                                  f"10.3030/{grant}"]))
            for order in range(5):
                rng = random.Random(i * 5 + order)
                _, code, city = rng.choice(COUNTRIES)
                org = rng.randint(1, 30_000)
                base = 3_000_000 + org
                vat = f"BE0{base:08d}{97 - base % 97:02d}"[:12] if code == "BE" else f"{code}{org:09d}"
                organisations.write(quote([grant, f"SYN{i}", 990_000_000 + org, vat, f"SYNTHETIC ORGANISATION {org}",
                                           "", "false", rng.choice(["PRC", "HES", "REC", "PUB"]), "Street 1",
                                           "1000", city, code, f"{code}100", "50.1,4.2", "", "",
                                           "2024-03-05 10:00:00", i * 5 + order, order + 1,
                                           "coordinator" if order == 0 else "participant", "500000", "500000",
                                           "600000", "false", "true"]))
    (folder / "done").write_text(str(count))


def measure(command):
    """Wall seconds and peak MB of ``command`` under peak_memory.py."""
    out = subprocess.run([sys.executable, str(HERE / "peak_memory.py"), "--every", "0.2", "--", *command],
                         capture_output=True, text=True, check=True)
    return out.stderr.strip().splitlines()[-1], out.stdout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--studies", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--data", type=Path, default=HERE / "data" / "harvest")
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    studies = args.data / "studies.json"
    generate_studies(studies, args.studies)
    generate_cordis(args.data / "cordis", args.projects)
    print(f"inputs: {studies.stat().st_size / 1e6:.0f} MB of studies; "
          f"{sum(p.stat().st_size for p in (args.data / 'cordis').glob('*.csv')) / 1e6:.0f} MB of CORDIS tables")
    with tempfile.TemporaryDirectory() as review:
        for source, given in (("clinicaltrials", studies), ("cordis", args.data / "cordis")):
            command = ["atmp-kg", "harvest", source, "--from", str(given), "--country", "all", "--review", review,
                       "--quiet"]
            summary, output = measure(command)
            print(f"{source}: {summary}")
            print("  " + output.strip().splitlines()[0])


if __name__ == "__main__":
    main()
