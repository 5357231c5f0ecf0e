"""The cells of the first worksheet of an Excel (.xlsx) file, as text: the Office Open XML
parts read with the standard library (a zip of XML files: the workbook, its shared strings and
the sheet). Numbers stay as written (a date cell is its serial number: ``excel_date``)."""

import datetime
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePosixPath

from atmp_kg.errors import LoadError

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CELL = re.compile(r"^([A-Z]+)(\d+)$")
EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (with its leap-year bug)


def sheet_rows(path):
    """The rows of the first worksheet as lists of text (``""`` for an empty cell)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise LoadError(f"{path}: not an Excel workbook (no xl/workbook.xml)")
            strings = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
            with archive.open(_first_sheet(archive)) as sheet:
                return list(_rows(sheet, strings))
    except zipfile.BadZipFile:
        raise LoadError(f"{path}: not an Excel .xlsx file (not a zip)") from None
    except (ET.ParseError, KeyError) as error:
        raise LoadError(f"{path}: a broken Excel file ({error})") from None


def excel_date(text):
    """The ISO date of an Excel serial day number (``43180`` -> ``2018-03-21``), or None."""
    try:
        return (EPOCH + datetime.timedelta(days=int(float(text)))).isoformat()
    except (ValueError, OverflowError):
        return None


def _first_sheet(archive):
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        raise KeyError("no worksheet")
    rel_id = sheet.get(f"{DOC_RELS}id")
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(rel.get("Target") for rel in rels.iter(f"{RELS}Relationship") if rel.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def _shared_strings(archive):
    root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in item.iter(f"{MAIN}t")) for item in root.iter(f"{MAIN}si")]


def _rows(sheet, strings):
    for _, row in ET.iterparse(sheet):
        if row.tag != f"{MAIN}row":
            continue
        cells = {}
        for cell in row.iter(f"{MAIN}c"):
            found = CELL.match(cell.get("r", ""))
            column = _column(found.group(1)) if found else len(cells)
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
            else:
                node = cell.find(f"{MAIN}v")
                value = node.text or "" if node is not None else ""
                if kind == "s" and value:
                    value = strings[int(value)]
            cells[column] = value
        row.clear()
        yield [cells.get(i, "") for i in range(max(cells) + 1)] if cells else []


def _column(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1
