"""The Belgian enterprise register's open data (KBO/BCE Open Data, the FPS Economy's monthly
CSV files; format: its "Cookbook KBO Open Data"): a folder or the published zip holding
``enterprise.csv``, ``denomination.csv`` and ``address.csv``, and optionally ``contact.csv``
(web addresses), ``code.csv`` (code descriptions) and ``meta.csv`` (the snapshot date).

About two million enterprises: the files are streamed once each, and only the enterprises one of
the actors' names or enterprise numbers points at are kept. Establishment and branch rows are
skipped; an enterprise number failing its mod-97 check is skipped and reported.
"""

from dataclasses import dataclass, field

from atmp_kg.errors import LoadError
from atmp_kg.reconcile.files import Bundle, csv_rows
from atmp_kg.reconcile.names import domain, dotted, enterprise_digits, enterprise_number_ok, name_key, plain
from atmp_kg.reconcile.records import Found, Record

PUBLISHER = "FPS Economy, SMEs, Self-employed and Energy (Crossroads Bank for Enterprises)"
PAGE = "https://kbopub.economie.fgov.be/kbopub/toonondernemingps.html?lang=en&ondernemingsnummer="
REQUIRED = {
    "enterprise.csv": ("EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
                       "StartDate"),
    "denomination.csv": ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
    "address.csv": ("EntityNumber", "TypeOfAddress", "CountryFR", "Zipcode", "MunicipalityNL", "MunicipalityFR",
                    "DateStrikingOff"),
}
OPTIONAL = {"contact.csv": ("EntityNumber", "EntityContact", "ContactType", "Value"),
            "code.csv": ("Category", "Code", "Language", "Description"),
            "meta.csv": ("Variable", "Value")}
LANGUAGES = {"1": "fr", "2": "nl", "3": "de", "4": "en"}  # code.csv category Language; 0 = unknown
NAME_KINDS = {"001": "name", "002": "alias", "003": "alias"}  # 004, a branch's name, is not the enterprise's
NORMAL_SITUATION = "000"


@dataclass
class _Enterprise:
    names: list = field(default_factory=list)
    status: str = ""
    situation: str = ""
    form: str = ""
    start: str = ""
    cities: tuple = ()
    country: str = ""
    website: str = ""


def read(path, keys, identifiers):
    """The enterprises of the register at ``path`` that a name key in ``keys`` or an enterprise
    number in ``identifiers`` (``records.actor_keys``) points at, as a ``Found``."""
    bundle = Bundle(path)
    missing = [name for name in REQUIRED if not bundle.has(name)]
    if missing:
        raise LoadError(f"{path}: not the enterprise register's open data: no {', '.join(missing)} "
                        "(give the folder or the zip of KboOpenData_..._Full)")
    numbers = {dotted(value) for (column, value) in identifiers if column == "enterprise_number" and value}
    skipped = []
    kept = _denominations(bundle, keys, numbers, skipped)  # by number as the files write it: 0123.456.789
    for number in numbers:
        kept.setdefault(number, _Enterprise())
    _enterprises(bundle, kept)
    _addresses(bundle, kept)
    if bundle.has("contact.csv"):
        _websites(bundle, kept)
    codes = _codes(bundle) if bundle.has("code.csv") else {}
    date = _snapshot(bundle) if bundle.has("meta.csv") else ""
    records = [_record(enterprise_digits(number), enterprise, codes, date)
               for number, enterprise in sorted(kept.items()) if enterprise.status]
    return Found(records, complete=True, skipped=skipped)


def _rows(bundle, name, columns=None):
    required = REQUIRED.get(name) or OPTIONAL[name]
    with bundle.open(name) as handle:
        yield from csv_rows(handle, bundle.label(name), required, columns=columns)


def _denominations(bundle, keys, numbers, skipped):
    """``{number: _Enterprise with its names}`` of the enterprises a name or number points at.
    An enterprise's rows follow one another: its names are gathered, then kept if one matched."""
    kept, current, names, hit = {}, None, [], False
    label = bundle.label("denomination.csv")
    for number, (entity, language, kind, denomination) in _rows(bundle, "denomination.csv", REQUIRED[
            "denomination.csv"]):
        if entity != current:
            if hit:
                kept.setdefault(current, _Enterprise()).names.extend(names)
            current, names, hit = entity, [], False
        kind = NAME_KINDS.get(kind)
        if kind is None or len(entity) != 12 or entity[0] not in "01":
            continue  # establishment units (2.xxx...) and branches (9.xxx...) are not enterprises
        if entity in numbers or name_key(denomination) in keys:
            if not enterprise_number_ok(enterprise_digits(entity)):
                if len(skipped) < 20:
                    skipped.append(f"{label} row {number}: enterprise number {entity} fails its mod-97 check; skipped")
                continue
            hit = True
        names.append((denomination, kind, LANGUAGES.get(language, "")))
    if hit:
        kept.setdefault(current, _Enterprise()).names.extend(names)
    return kept


def _enterprises(bundle, kept):
    columns = ("EnterpriseNumber", "Status", "JuridicalSituation", "JuridicalForm", "StartDate")
    for _, (number, status, situation, form, start) in _rows(bundle, "enterprise.csv", columns):
        enterprise = kept.get(number)
        if enterprise is not None:
            enterprise.status, enterprise.situation, enterprise.form, enterprise.start = (
                status, situation, form, _iso(start))


def _addresses(bundle, kept):
    """The seat (``REGO``) still in force: its municipality in French and Dutch, its country."""
    columns = ("EntityNumber", "TypeOfAddress", "CountryFR", "MunicipalityFR", "MunicipalityNL", "DateStrikingOff")
    for _, (number, kind, country, french, dutch, struck) in _rows(bundle, "address.csv", columns):
        enterprise = kept.get(number)
        if enterprise is None or kind != "REGO" or struck:
            continue
        enterprise.cities = tuple(dict.fromkeys(city for city in (french, dutch) if city))
        enterprise.country = "" if country else "BE"  # the files leave Belgium's country empty


def _websites(bundle, kept):
    for _, row in _rows(bundle, "contact.csv"):
        if row["ContactType"] == "WEB" and row["EntityContact"] == "ENT":
            enterprise = kept.get(row["EntityNumber"])
            if enterprise is not None and not enterprise.website:
                enterprise.website = domain(row["Value"])


def _codes(bundle):
    """``{(category, code): description}``, in French, else Dutch."""
    codes = {}
    for _, row in _rows(bundle, "code.csv"):
        if row["Category"] in ("JuridicalForm", "JuridicalSituation") and row["Language"] in ("FR", "NL"):
            key = (row["Category"], row["Code"])
            if row["Language"] == "FR" or key not in codes:
                codes[key] = row["Description"].strip()
    return codes


def _snapshot(bundle):
    for _, row in _rows(bundle, "meta.csv"):
        if row["Variable"] == "SnapshotDate":
            return _iso(row["Value"])
    return ""


def _iso(day):
    """``31-12-2024`` (the files' form) as ``2024-12-31``; ``""`` if it is not that form."""
    parts = day.strip().split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
        return ""
    return f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"


def _record(digits, enterprise, codes, date):
    legal = [name for name, kind, _ in enterprise.names if kind == "name"]
    label = legal[0] if legal else (enterprise.names[0][0] if enterprise.names else dotted(digits))
    notes = []
    if enterprise.form:
        notes.append(f"legal form {codes.get(('JuridicalForm', enterprise.form), enterprise.form)}")
    if enterprise.start:
        notes.append(f"started {enterprise.start}")
    if enterprise.situation and enterprise.situation != NORMAL_SITUATION:
        description = codes.get(("JuridicalSituation", enterprise.situation), "")
        notes.append(f"juridical situation {enterprise.situation}{' (' + description + ')' if description else ''}")
    return Record(
        field="enterprise_number", value=dotted(digits), label=label, names=enterprise.names,
        url=PAGE + digits, title=f"{label}, enterprise number {dotted(digits)} (KBO/BCE public search)",
        publisher=PUBLISHER, date=date, status=enterprise.status, active=enterprise.status == "AC",
        cities=enterprise.cities, country=enterprise.country, website=enterprise.website,
        note="; ".join(notes), seat=plain(enterprise.cities[0]) if enterprise.cities else "")

