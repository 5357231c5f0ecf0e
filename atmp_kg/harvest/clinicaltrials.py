"""ClinicalTrials.gov (API version 2, JSON): ATMP trials with a site in the chosen countries.

The study data structure is documented at https://clinicaltrials.gov/data-api/about-api/study-data-structure;
a downloaded file is the API's page (``{"studies": [...], "nextPageToken": ...}``) or the
website's JSON download (an array of studies). Online, ``/api/v2/studies`` is paged with
``pageToken``; every page goes through the client's cache, so a run stopped midway resumes
where it stopped.
"""

import re

from atmp_kg.errors import LoadError
from atmp_kg.fetch import FetchError
from atmp_kg.harvest.atmp import ATMP_INTERVENTION_TYPES, classify
from atmp_kg.harvest.countries import NAMES, ctgov_names
from atmp_kg.harvest.jsonstream import json_records
from atmp_kg.harvest.model import Org, Record
from atmp_kg.harvest.names import slug
from atmp_kg.read.tables import read_text

API = "https://clinicaltrials.gov/api/v2/studies"
PAGE_SIZE = 1000  # the most the API gives in one page
PHASES = {("EARLY_PHASE1",): "phase-1", ("PHASE1",): "phase-1", ("PHASE1", "PHASE2"): "phase-1-2",
          ("PHASE2",): "phase-2", ("PHASE2", "PHASE3"): "phase-2-3", ("PHASE3",): "phase-3"}
# overallStatus -> trials.csv status; the expanded-access statuses (AVAILABLE...) and WITHHELD give none
STATUSES = {"NOT_YET_RECRUITING": "not-yet-recruiting", "RECRUITING": "recruiting",
            "ENROLLING_BY_INVITATION": "recruiting", "ACTIVE_NOT_RECRUITING": "active-not-recruiting",
            "COMPLETED": "completed", "TERMINATED": "terminated", "SUSPENDED": "suspended",
            "WITHDRAWN": "withdrawn", "UNKNOWN": "unknown"}
EUDRACT = re.compile(r"^\d{4}-\d{6}-\d{2}$")
EU_CT = re.compile(r"^\d{4}-5\d{5}-\d{2}-\d{2}$")
NCT = re.compile(r"^NCT\d{8}$")


def read_file(path):
    """The studies of a downloaded file (a LoadError names the file, line and record)."""
    yield from json_records(read_text(path), "studies", str(path))


def fetch(client, countries, since=None, progress=None):
    """The studies of the API with an intervention of an ATMP type and (unless ``countries`` is
    None) a site in ``countries``, updated since ``since``; page after page (``pageToken``).
    A failure names the page it stopped at; the pages before it are in the cache."""
    terms = ["AREA[InterventionType](" + " OR ".join(ATMP_INTERVENTION_TYPES) + ")"]
    if countries is not None:
        terms.append("AREA[LocationCountry](" + " OR ".join(f'"{NAMES[c]}"' for c in sorted(countries)) + ")")
    if since:
        terms.append(f"AREA[LastUpdatePostDate]RANGE[{since},MAX]")
    params = {"format": "json", "pageSize": str(PAGE_SIZE), "countTotal": "true",
              "filter.advanced": " AND ".join(terms)}
    token, page = None, 1
    while True:
        try:
            answer = client.get_json(API, {**params, "pageToken": token} if token else params)
        except FetchError as error:
            raise FetchError(error.url, f"page {page} of the studies: {str(error).split(': ', 1)[-1]}; the "
                                        f"{page - 1} page(s) before it are cached: run the same command again "
                                        "to go on from there") from None
        if not isinstance(answer, dict) or not isinstance(answer.get("studies"), list):
            raise FetchError(API, f"page {page}: not the API's answer (no 'studies' array)")
        if progress is not None and answer.get("totalCount") and not progress.total:
            progress.total = answer["totalCount"]
        yield from answer["studies"]
        token = answer.get("nextPageToken")
        if not token:
            return
        page += 1


def record(study, countries, index, label):
    """The ``Record`` of one study, or None when it is not an ATMP trial with a site in
    ``countries`` (a set of codes; None: any)."""
    if not isinstance(study, dict):
        raise LoadError(f"{label}: record {index}: not a study object")
    protocol = study.get("protocolSection") or {}
    ident = protocol.get("identificationModule") or {}
    nct = ident.get("nctId") or ""
    if not NCT.match(nct):
        raise LoadError(f"{label}: record {index}: no protocolSection.identificationModule.nctId "
                        f"(found {nct!r}): not a ClinicalTrials.gov study")
    names = ctgov_names(countries)
    locations = [loc for loc in (protocol.get("contactsLocationsModule") or {}).get("locations") or []
                 if names is None or loc.get("country") in names]
    if not locations:
        return None
    arms = protocol.get("armsInterventionsModule") or {}
    found = []
    for intervention in arms.get("interventions") or []:
        if intervention.get("type") in ATMP_INTERVENTION_TYPES:
            match = classify(intervention.get("name"), intervention.get("description"),
                             " ".join(intervention.get("otherNames") or []))
            if match:
                found.append((intervention, *match))
    if not found:
        return None
    status = protocol.get("statusModule") or {}
    sponsors = protocol.get("sponsorCollaboratorsModule") or {}
    lead = sponsors.get("leadSponsor") or {}
    updated = _date(status, "lastUpdatePostDateStruct")
    source_id = f"ctgov-{nct.lower()}"
    title = ident.get("briefTitle") or ident.get("officialTitle") or nct
    explain = "; ".join(f"intervention {i.get('name')!r} ({i.get('type')}) says {term!r}: {therapy}"
                        for i, therapy, term in found)
    result = Record(nct, {"id": source_id, "url": f"https://clinicaltrials.gov/study/{nct}", "title": title,
                          "publisher": "ClinicalTrials.gov", "date": updated, "language": "en"},
                   explain, updated=updated)
    therapies = sorted({therapy for _, therapy, _ in found})
    therapy = therapies[0] if len(therapies) == 1 else ""
    phase = PHASES.get(tuple(sorted((protocol.get("designModule") or {}).get("phases") or [])), "")
    start = _date(status, "startDateStruct")
    sponsor = Org(lead["name"]) if lead.get("name") else None
    products = []
    if sponsor is not None and lead.get("class") == "INDUSTRY":  # a company's product: its developer is known
        for intervention, kind, _ in found:
            product = slug(intervention.get("name") or "")
            if product and product not in products:
                products.append(product)
                result.add("products", id=product, name=intervention["name"].strip(), developer=sponsor,
                           therapy=kind, aliases="|".join(sorted(set(intervention.get("otherNames") or []))),
                           sources=source_id)
                if phase and start:
                    result.add("phases", product=product, phase=phase, date=start, source=source_id)
    sites = [Org(loc["facility"].strip(), city=loc.get("city", ""), country=loc.get("country", ""))
             for loc in locations if (loc.get("facility") or "").strip()]
    cells = _status_cells(status)
    result.add("trials", id=nct, title=title, product=products[0] if len(products) == 1 else "",
               sponsor=sponsor or "", sites=_unique(sites), phase=phase, therapy=therapy, start=start,
               **cells, sources=source_id, _ids=_other_ids(ident))
    if cells["status"]:  # kept (``harvest.proposals``) for a trial the graph holds already
        result.add("trial-statuses", trial=nct, status=cells["status"], date=cells["status_date"],
                   source=source_id, note=cells["note"])
    for collaborator in sponsors.get("collaborators") or []:
        if sponsor is not None and collaborator.get("name"):
            result.add("relations", subject=sponsor, relation="collaborates-with",
                       object=Org(collaborator["name"]), source=source_id)
    return result


def _date(status, key):
    return ((status.get(key) or {}).get("date") or "").strip()


def _status_cells(status):
    """The trial's ``status``, ``status_date`` (the month the registry last verified it, else the
    record's last update), ``end`` (the actual study completion date, or the actual primary completion
    when the record gives no study completion; never an estimate) and ``note`` (the registry's reason
    for stopping, quoted, for a person to put in their own words)."""
    code = STATUSES.get((status.get("overallStatus") or "").strip(), "")
    day = (status.get("statusVerifiedDate") or "").strip() or _date(status, "lastUpdatePostDateStruct")
    completion = status.get("completionDateStruct") or status.get("primaryCompletionDateStruct") or {}
    end = (completion.get("date") or "").strip() if completion.get("type") == "ACTUAL" else ""
    notes = ["enrolling by invitation only"] if status.get("overallStatus") == "ENROLLING_BY_INVITATION" else []
    if (why := (status.get("whyStopped") or "").strip()) and code:
        notes.append(f"the registry's reason for stopping: \"{why}\"")
    return {"end": end, "status": code, "status_date": day if code else "", "note": "; ".join(notes)}


def _other_ids(ident):
    """The EudraCT and EU CT numbers a study gives besides its NCT number."""
    ids = [info.get("id", "").strip() for info in ident.get("secondaryIdInfos") or []]
    return tuple(sorted({i for i in ids if EUDRACT.match(i) or EU_CT.match(i)}))


def _unique(orgs):
    seen, kept = set(), []
    for org in orgs:
        if org.name.casefold() not in seen:
            seen.add(org.name.casefold())
            kept.append(org)
    return kept
