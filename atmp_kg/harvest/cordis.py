"""CORDIS: EU projects (Horizon 2020, Horizon Europe) on ATMP topics with a participant in the
chosen countries, from the ``project.csv`` and ``organization.csv`` tables of the CORDIS bulk
download (``;``-separated, every cell quoted, UTF-8). Their columns are documented on the
datasets' pages on data.europa.eu (CORDIS - EU research projects under Horizon 2020 and under
Horizon Europe); a file is the downloaded zip or a folder holding the two tables.
"""

import csv
import io
import os
import zipfile
from pathlib import Path

from atmp_kg.errors import LoadError
from atmp_kg.harvest.atmp import classify
from atmp_kg.harvest.countries import cordis_codes
from atmp_kg.harvest.model import Org, Record
from atmp_kg.harvest.names import slug
from atmp_kg.read.tables import regular_file

DOWNLOADS = ("https://cordis.europa.eu/data/cordis-h2020projects-csv.zip",
             "https://cordis.europa.eu/data/cordis-HORIZONprojects-csv.zip")
PROJECT_COLUMNS = ("id", "acronym", "title", "startDate", "endDate", "totalCost", "ecMaxContribution", "topics",
                   "objective", "contentUpdateDate")
ORGANIZATION_COLUMNS = ("projectID", "organisationID", "vatNumber", "name", "activityType", "city", "country",
                        "role", "ecContribution")
ROLES = {"coordinator": "coordinator", "participant": "partner", "partner": "partner",
         "associatedpartner": "partner", "internationalpartner": "partner", "thirdparty": "member"}
ACTIVITY_TYPES = {"HES": "university", "REC": "research-centre", "PUB": "public-body"}  # PRC, OTH: a person decides


def read_tables(path):
    """``(projects, organisations)``: the rows of both tables in a zip or folder at ``path``, each
    as ``(label, row number, {column: cell})``, read when iterated (one table's text at a time)."""
    path = Path(path)
    if path.is_dir():
        texts = {name: (lambda name=name: _file_text(path / name)) for name in ("project.csv", "organization.csv")}
    else:
        regular_file(path)
        try:
            with zipfile.ZipFile(path) as archive:
                members = {Path(name).name: name for name in archive.namelist()}
        except zipfile.BadZipFile:
            raise LoadError(f"{path}: not a zip file: give the CORDIS projects download (…projects-csv.zip) "
                            "or a folder holding project.csv and organization.csv") from None
        missing = [name for name in ("project.csv", "organization.csv") if name not in members]
        if missing:
            raise LoadError(f"{path}: no {' or '.join(missing)} in the zip: not the CORDIS projects download")
        texts = {name: (lambda name=name: _member_text(path, members[name])) for name in ("project.csv",
                                                                                        "organization.csv")}
    label = path.name
    return (_rows(texts["project.csv"], f"{label}/project.csv", PROJECT_COLUMNS),
            _rows(texts["organization.csv"], f"{label}/organization.csv", ORGANIZATION_COLUMNS))


def fetch_tables(client, folder):
    """Download both programmes' zips through ``client`` (cached) into ``folder``; their paths."""
    paths = []
    for url in DOWNLOADS:
        path = Path(folder) / url.rsplit("/", 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(client.get(url))
        paths.append(path)
    return paths


def records(tables, countries, counter=None):
    """The ``Record`` of each ATMP project with a participant in ``countries`` (codes; None:
    any), from ``read_tables``' results (one per programme). Projects are read first and only
    the ATMP ones kept; then only their participations. ``counter["read"]`` counts the projects."""
    codes = cordis_codes(countries)
    projects, participants = {}, {}
    for project_rows, _ in tables:
        for label, number, row in project_rows:
            if counter is not None:
                counter["read"] += 1
            if not row["id"]:
                raise LoadError(f"{label} row {number}, column id: empty: every project has its grant number")
            if match := classify(row["title"], row["objective"], row["topics"]):
                projects[row["id"]] = row, match
    for _, organisation_rows in tables:
        for _, _, row in organisation_rows:
            if row["projectID"] in projects and (codes is None or row["country"] in codes):
                participants.setdefault(row["projectID"], []).append(row)
    for grant, (project, match) in projects.items():
        if grant in participants:
            yield _record(grant, project, participants[grant], match)


def _record(grant, project, participants, match):
    therapy, term = match
    acronym = project["acronym"] or grant
    collaboration = f"{slug(acronym)}-{grant}"
    updated = project["contentUpdateDate"][:10]
    source = f"cordis-{grant}"
    start, end = project["startDate"][:10], project["endDate"][:10]
    result = Record(grant, {"id": source, "url": f"https://cordis.europa.eu/project/id/{grant}",
                            "title": project["title"] or acronym, "publisher": "CORDIS (European Commission)",
                            "date": updated, "language": "en",
                            "note": f"EU-funded project {acronym} (grant {grant}): participants, roles and "
                                    "contributions"},
                    f"project title, objective or topics say {term!r}: {therapy}", updated=updated)
    result.add("collaborations", id=collaboration, kind="project", name=project["title"] or acronym,
               acronym=project["acronym"], therapies=therapy, start=start, end=end, sources=source)
    for measure, column in (("budget", "totalCost"), ("amount-allocated", "ecMaxContribution")):
        if value := _amount(project[column]):
            result.add("figures", subject=collaboration, measure=measure, value=value, unit="EUR", period="",
                       source=source, note="")
    period = "/".join(filter(None, (start[:4], end[:4])))
    for row in sorted(participants, key=lambda p: (p["role"] != "coordinator", p["name"])):
        org = Org(row["name"], vat=row["vatNumber"], city=row["city"], country=row["country"],
                  type=ACTIVITY_TYPES.get(row["activityType"], ""))
        role = ROLES.get(row["role"].replace("_", "").lower(), "partner")
        result.add("memberships", actor=org, collaboration=collaboration, role=role, start=start, end=end,
                   source=source)
        if value := _amount(row["ecContribution"]):
            result.add("figures", subject=org, measure="amount-allocated", value=value, unit="EUR", period=period,
                       source=source, note=f"EU contribution to its part in {acronym}")
    return result


def _amount(text):
    """A CORDIS amount (``230000``, ``1051117,5``, ``1051117.50``) as the graph writes numbers."""
    text = (text or "").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return ""
    if value <= 0:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _file_text(path):
    if not os.path.lexists(path):
        raise LoadError(f"{path}: no such file: the folder must hold project.csv and organization.csv from CORDIS")
    regular_file(path)
    return _decode(path.read_bytes(), str(path))


def _decode(raw, label):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(f"{label} line {line}: not UTF-8 text: not a CORDIS table") from None


def _member_text(path, member):
    with zipfile.ZipFile(path) as archive:
        return _decode(archive.read(member), f"{path}:{member}")


def _rows(text_of, label, needed):
    """Yield ``(label, row number, {column: cell})`` of the table whose text ``text_of()`` gives."""
    reader = csv.reader(io.StringIO(text_of(), newline=""), delimiter=";")
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        raise LoadError(f"{label} row 1: not CSV ({error})") from None
    missing = [name for name in needed if name not in header]
    if missing:
        hint = " (is it ';'-separated, as CORDIS writes it?)" if len(missing) == len(needed) else ""
        raise LoadError(f"{label} row 1: column {', '.join(missing)} missing{hint}")
    positions = [(name, header.index(name)) for name in needed]
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):
            if not cells:
                continue
            if len(cells) < len(header):
                raise LoadError(f"{label} row {number}: {len(cells)} cells where the header has {len(header)} "
                                "(the file is cut short or a quote is missing)")
            yield label, number, {name: cells[i].strip() for name, i in positions}
    except csv.Error as error:
        raise LoadError(f"{label} row {number + 1}: not CSV ({error})") from None
