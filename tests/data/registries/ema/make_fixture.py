"""Write epar.csv and epar.xlsx: EMA's table of European public assessment reports in its
published layout (title rows, then the header row of the current 39 columns), with five
invented medicines. Run from the repository root: python tests/data/registries/ema/make_fixture.py"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2]))
from xlsx_file import write_xlsx  # noqa: E402

HEADER = [
    "Category", "Name of medicine", "EMA product number", "Medicine status", "Opinion status",
    "Latest procedure affecting product information", "International non-proprietary name (INN) / common name",
    "Active substance", "Therapeutic area (MeSH)", "Species\n(veterinary)", "Patient safety", "ATC code (human)",
    "ATCvet code (veterinary)", "Pharmacotherapeutic group\n(human)", "Pharmacotherapeutic group\n(veterinary)",
    "Therapeutic indication", "Accelerated assessment", "Additional monitoring", "Advanced therapy", "Biosimilar",
    "Conditional approval", "Exceptional circumstances", "Generic", "Orphan medicine", "PRIME: priority medicine",
    "Marketing authorisation developer / applicant / holder", "European Commission decision date",
    "Start of rolling review date", "Start of evaluation date", "Opinion adopted date",
    "Withdrawal of application date", "Marketing authorisation date", "Refusal of marketing authorisation date",
    "Withdrawal / expiry / revocation / lapse of marketing authorisation date",
    "Suspension of marketing authorisation date", "Revision number", "First published date", "Last updated date",
    "Medicine URL",
]
TITLE = [["Medicines output: European public assessment reports"], ["Data extracted on 01/07/2024"], [], [],
         ["This file lists the medicines for which EMA has published a European public assessment report"], [], [],
         []]
# name, status, INN, substance, area, advanced, holder, authorised, refused, withdrawn, updated, category
MEDICINES = [
    ("AlphaCAR", "Authorised", "alphacabtagene autoleucel", "autologous anti-CD19 CAR-T cells",
     "Lymphoma, B-Cell", "Yes", "Alpha Therapeutics SA", "2022-05-10", "", "", "2024-06-01", "Human"),
    ("Betagen", "Withdrawn", "betagene vec", "adeno-associated viral vector gene therapy", "Hemophilia B", "Yes",
     "Beta Manufacturing", "2019-01-01", "", "2023-02-01", "2023-11-20", "Human"),
    ("Refusa", "Refused", "refusacel", "allogeneic expanded adipose stem cells", "Crohn Disease", "Yes",
     "Omega Bio GmbH", "", "2021-07-15", "", "2024-02-02", "Human"),
    ("Plainmab", "Authorised", "plainumab", "plainumab", "Psoriasis", "No", "Theta Pharma", "2020-01-01", "", "",
     "2024-01-01", "Human"),
    ("Vetcell", "Authorised", "", "canine mesenchymal stem cells", "", "Yes", "Iota Vet", "2020-01-01", "", "",
     "2024-01-01", "Veterinary"),
]


def row(medicine, dates):
    name, status, inn, substance, area, advanced, holder, authorised, refused, withdrawn, updated, category = medicine
    cells = dict.fromkeys(HEADER, "")
    cells.update({"Category": category, "Name of medicine": name, "Medicine status": status,
                  "International non-proprietary name (INN) / common name": inn, "Active substance": substance,
                  "Therapeutic area (MeSH)": area, "Advanced therapy": advanced, "Generic": "No", "Biosimilar": "No",
                  "Marketing authorisation developer / applicant / holder": holder,
                  "Marketing authorisation date": dates(authorised),
                  "Refusal of marketing authorisation date": dates(refused),
                  "Withdrawal / expiry / revocation / lapse of marketing authorisation date": dates(withdrawn),
                  "Last updated date": dates(updated),
                  "Medicine URL": f"https://www.ema.europa.eu/en/medicines/human/EPAR/{name.lower()}"})
    return [cells[column] for column in HEADER]


def serial(iso):
    """Excel's day number of an ISO date (the xlsx holds dates as numbers)."""
    import datetime

    return (datetime.date.fromisoformat(iso) - datetime.date(1899, 12, 30)).days if iso else ""


def day_first(iso):
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""


if __name__ == "__main__":
    write_xlsx(HERE / "epar.xlsx", TITLE + [HEADER] + [row(m, serial) for m in MEDICINES])
    with open(HERE / "epar.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(TITLE + [HEADER] + [row(m, day_first) for m in MEDICINES])
