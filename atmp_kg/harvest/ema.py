"""EMA: authorised, refused and withdrawn ATMPs from the European public assessment reports
table ("Medicines output: European public assessment reports", an Excel file on
https://www.ema.europa.eu/en/medicines/download-medicine-data; a CSV saved from it is read
too). Title rows stand above the header row, which is found by its column names; a record is
an ATMP when its ``Advanced therapy`` cell says ``Yes`` (human medicines only).
"""

import csv
import datetime
import io
import re
from pathlib import Path

from atmp_kg.errors import LoadError
from atmp_kg.harvest.atmp import classify
from atmp_kg.harvest.model import Org, Record
from atmp_kg.harvest.names import slug
from atmp_kg.harvest.xlsx import excel_date, sheet_rows
from atmp_kg.read.tables import read_text

DOWNLOAD = "https://www.ema.europa.eu/en/documents/report/medicines-output-medicines-report_en.xlsx"
# our name -> the column's names in the current table, then in the earlier one
COLUMNS = {
    "category": ("Category",),
    "name": ("Name of medicine", "Medicine name"),
    "status": ("Medicine status", "Authorisation status"),
    "inn": ("International non-proprietary name (INN) / common name",),
    "substance": ("Active substance",),
    "area": ("Therapeutic area (MeSH)", "Therapeutic area"),
    "group": ("Pharmacotherapeutic group (human)", "Human pharmacotherapeutic group"),
    "advanced": ("Advanced therapy",),
    "holder": ("Marketing authorisation developer / applicant / holder", "Marketing authorisation holder/company name"),
    "authorised": ("Marketing authorisation date",),
    "decision": ("European Commission decision date", "Decision date"),
    "refused": ("Refusal of marketing authorisation date", "Date of refusal of marketing authorisation"),
    "withdrawn": ("Withdrawal / expiry / revocation / lapse of marketing authorisation date",),
    "url": ("Medicine URL", "URL"),
    "updated": ("Last updated date", "Revision date"),
}
REQUIRED = ("category", "name", "advanced", "holder", "url")
LEGAL_CLASSES = {"gene-modified-cell-therapy": "gene-therapy", "in-vivo-gene-therapy": "gene-therapy",
                 "gene-editing": "gene-therapy", "tissue-engineering": "tissue-engineered",
                 "cell-therapy": "somatic-cell-therapy"}


def read_table(path):
    """``(label, rows)``: the table's data rows as ``(row number, {our name: cell})``."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        text = read_text(path)
        sample = text.split("\n", 20)
        delimiter = ";" if sum(line.count(";") for line in sample) > sum(line.count(",") for line in sample) else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    else:
        rows = sheet_rows(path)
    return path.name, _data_rows(rows, path.name)


def _data_rows(rows, label):
    wanted = {_plain(n): key for key, names in COLUMNS.items() for n in names}
    for index, row in enumerate(rows[:30]):
        found = {wanted[_plain(cell)]: i for i, cell in enumerate(row) if _plain(cell) in wanted}
        if "name" in found and "category" in found:
            missing = [COLUMNS[key][0] for key in REQUIRED if key not in found]
            if missing:
                raise LoadError(f"{label} row {index + 1}: column {', '.join(repr(m) for m in missing)} missing: "
                                "not EMA's table of European public assessment reports (or an older one without "
                                "the Advanced therapy column)")
            return [(number, {key: (cells[i].strip() if i < len(cells) else "") for key, i in found.items()})
                    for number, cells in enumerate(rows[index + 1:], start=index + 2) if any(c.strip() for c in cells)]
    raise LoadError(f"{label}: no header row with 'Category' and 'Name of medicine' in its first 30 rows: "
                    "not EMA's table of European public assessment reports")


def records(table):
    """The ``Record`` of each human medicine the table flags as an advanced therapy."""
    label, rows = table
    for number, row in rows:
        if row["category"].lower() != "human" or row["advanced"].strip().lower() not in ("yes", "y", "true"):
            continue
        if not row["name"]:
            raise LoadError(f"{label} row {number}: an advanced therapy without a medicine name")
        if not row["url"].startswith(("https://", "http://")):
            raise LoadError(f"{label} row {number}, column {COLUMNS['url'][0]}: {row['url']!r} is not the address "
                            "of the medicine's page, which every proposal needs as its source")
        yield _record(label, number, row)


def _record(label, number, row):
    name = row["name"]
    product = slug(name)
    source = f"ema-{product}"
    dates = {key: _date(row.get(key, ""), label, number, key) for key in ("authorised", "decision", "refused",
                                                                             "withdrawn", "updated")}
    status = row.get("status", "")
    match = classify(row.get("inn"), row.get("substance"), row.get("group"), row.get("area"))
    therapy = match[0] if match else ""
    explain = "EMA's table flags it as an advanced therapy" + (
        f"; its substance or group says {match[1]!r}: {therapy}" if match else
        "; no term gives its therapy type: fill it in")
    note = "; ".join(filter(None, (f"EMA status {status.lower()}" if status else "",
                                   f"authorised {dates['authorised']}" if dates["authorised"] else "",
                                   f"refused {dates['refused']}" if dates["refused"] else "",
                                   f"authorisation ended {dates['withdrawn']}" if dates["withdrawn"] else "")))
    result = Record(name, {"id": source, "url": row["url"], "title": name, "publisher": "European Medicines Agency",
                           "date": dates["updated"], "language": "en", "note": note}, explain,
                    updated=dates["updated"])
    aliases = [a for a in (row.get("inn", ""),) if a and a.casefold() != name.casefold()]
    result.add("products", id=product, name=name, aliases="|".join(aliases),
               developer=Org(row["holder"]) if row["holder"] else "", therapy=therapy,
               legal_class=LEGAL_CLASSES.get(therapy, ""), indication=row.get("area", ""), sources=source)
    if authorised := dates["authorised"] or (dates["decision"] if status.lower() == "authorised" else ""):
        result.add("phases", product=product, phase="authorised", date=authorised, source=source,
                   note="EU marketing authorisation")
    if dates["withdrawn"]:
        result.add("phases", product=product, phase="withdrawn", date=dates["withdrawn"], source=source,
                   note=f"EU marketing authorisation ended (EMA status: {status.lower() or 'not given'})")
    return result


def _date(text, label, number, key):
    """An EMA date cell (an Excel day number, ``21/03/2018`` or ``2018-03-21``) as ISO, or ``""``."""
    text = (text or "").strip()
    if not text:
        return ""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return excel_date(text) or ""
    for form in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    raise LoadError(f"{label} row {number}, column {COLUMNS[key][0]}: {text!r} is not a date")


def _plain(cell):
    return " ".join((cell or "").split()).casefold()
