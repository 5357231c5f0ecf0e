"""GLEIF's Legal Entity Identifier records, in two documented forms:

- the golden copy as CSV (LEI-CDF 3 columns: ``LEI``, ``Entity.LegalName``,
  ``Entity.OtherEntityNames.OtherEntityName.<n>`` with ``.xmllang`` and ``.type``,
  ``Entity.LegalAddress.City``, ``Entity.RegistrationAuthority.RegistrationAuthorityID`` and
  ``...EntityID``, ``Entity.EntityStatus``, ``Registration.RegistrationStatus``...), the CSV or
  the published zip; streamed, about three million rows;
- answers of the LEI records API (``https://api.gleif.org/api/v1/lei-records``, JSON:API:
  ``{"data": [{"type": "lei-records", "attributes": {"lei", "entity", "registration"}}]}``).

For Belgian entities the registration authority is the Crossroads Bank for Enterprises
(``RA000025``) and its entity id is the enterprise number.
"""

from atmp_kg.errors import LoadError
from atmp_kg.reconcile.files import Bundle, csv_rows, read_json
from atmp_kg.reconcile.names import dotted, enterprise_digits, enterprise_number_ok, name_key
from atmp_kg.reconcile.records import Found, Record

API = "https://api.gleif.org/api/v1/lei-records"
PAGE = "https://search.gleif.org/#/record/"
PUBLISHER = "Global Legal Entity Identifier Foundation (GLEIF)"
KBO_AUTHORITY = "RA000025"
NAME_KINDS = {"PREVIOUS_LEGAL_NAME": "former", "TRADING_OR_OPERATING_NAME": "alias",
              "ALTERNATIVE_LANGUAGE_LEGAL_NAME": "name", "AUTO_ASCII_TRANSLITERATED_LEGAL_NAME": "name"}
LIVE_REGISTRATIONS = {"ISSUED", "PENDING_TRANSFER", "PENDING_ARCHIVAL"}
REQUIRED = ("LEI", "Entity.LegalName", "Entity.EntityStatus", "Registration.RegistrationStatus")
OTHER_NAMES = 5  # Entity.OtherEntityNames.OtherEntityName.1 to .5


def read(path, keys, identifiers):
    """The LEI records at ``path`` (golden copy CSV or zip, or an API answer) that an actor's
    name key, LEI or enterprise number (``records.actor_keys``) points at, as a ``Found``."""
    bundle = Bundle(path)
    members = bundle.names()
    csvs = [name for name in members if name.endswith(".csv")]
    wanted = Wanted(keys, identifiers)
    if csvs:
        return Found(list(_from_csv(bundle, csvs[0], wanted)), complete=True)
    jsons = [name for name in members if name.endswith(".json")]
    if not jsons:
        raise LoadError(f"{path}: neither the golden copy CSV nor a JSON answer of the GLEIF API")
    label = bundle.label(jsons[0])
    document = read_json(bundle, jsons[0], label)
    data = document.get("data") if isinstance(document, dict) else None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise LoadError(f"{label}: not a GLEIF API answer (no 'data')")
    records = [parse_api(item, f"{label} data item {number}") for number, item in enumerate(data, start=1)]
    return Found([record for record in records if wanted(record)], complete=False)


class Wanted:
    """Whether a record is one an actor's name key, LEI or enterprise number points at."""

    def __init__(self, keys, identifiers):
        self.keys = keys
        self.leis = {value for (column, value) in identifiers if column == "lei"}
        self.numbers = {dotted(value) for (column, value) in identifiers if column == "enterprise_number"}

    def __call__(self, record):
        return (record.value in self.leis or bool(record.identifiers.get("enterprise_number", set()) & self.numbers)
                or any(name_key(name) in self.keys for name, _, _ in record.names))


def _from_csv(bundle, name, wanted):
    label = bundle.label(name)
    with bundle.open(name) as handle:
        for _, row in csv_rows(handle, label, REQUIRED):
            names = [(row["Entity.LegalName"], "name", row.get("Entity.LegalName.xmllang", ""))]
            for index in range(1, OTHER_NAMES + 1):
                other = f"Entity.OtherEntityNames.OtherEntityName.{index}"
                if row.get(other):
                    names.append((row[other], NAME_KINDS.get(row.get(other + ".type", ""), "alias"),
                                  row.get(other + ".xmllang", "")))
            if not (any(name_key(text) in wanted.keys for text, _, _ in names) or row["LEI"] in wanted.leis
                    or _number(row.get("Entity.RegistrationAuthority.RegistrationAuthorityEntityID", "")) in
                    wanted.numbers):
                continue
            yield _record(
                lei=row["LEI"], names=names,
                city=row.get("Entity.LegalAddress.City", ""), country=row.get("Entity.LegalAddress.Country", ""),
                authority=row.get("Entity.RegistrationAuthority.RegistrationAuthorityID", ""),
                entity_id=row.get("Entity.RegistrationAuthority.RegistrationAuthorityEntityID", ""),
                entity_status=row["Entity.EntityStatus"], registration=row["Registration.RegistrationStatus"],
                updated=row.get("Registration.LastUpdateDate", ""),
                successor=row.get("Entity.SuccessorEntity.1.SuccessorLEI") or row.get(
                    "Entity.SuccessorEntity.SuccessorLEI", ""))


def parse_api(item, where):
    """The ``Record`` of one ``lei-records`` item of the API; LoadError if it is not one."""
    attributes = item.get("attributes") if isinstance(item, dict) else None
    if not isinstance(attributes, dict) or not attributes.get("lei") or "entity" not in attributes:
        raise LoadError(f"{where}: not a GLEIF lei-records item (no attributes.lei and attributes.entity)")
    entity, registration = attributes.get("entity") or {}, attributes.get("registration") or {}
    legal = entity.get("legalName") or {}
    names = [(legal.get("name") or "", "name", legal.get("language") or "")]
    names += [(other.get("name") or "", NAME_KINDS.get(other.get("type"), "alias"), other.get("language") or "")
              for other in entity.get("otherNames") or []]
    address = entity.get("legalAddress") or {}
    successors = [entry.get("lei") for entry in entity.get("successorEntities") or [] if entry.get("lei")]
    successor = (entity.get("successorEntity") or {}).get("lei") or (successors[0] if successors else "")
    return _record(lei=attributes["lei"], names=[name for name in names if name[0]], city=address.get("city") or "",
                   country=address.get("country") or "", authority=(entity.get("registeredAt") or {}).get("id") or "",
                   entity_id=entity.get("registeredAs") or "", entity_status=entity.get("status") or "",
                   registration=registration.get("status") or "", updated=registration.get("lastUpdateDate") or "",
                   successor=successor or "")


def _number(entity_id):
    digits = enterprise_digits(entity_id)
    return dotted(digits) if enterprise_number_ok(digits) else ""


def _record(lei, names, city, country, authority, entity_id, entity_status, registration, updated, successor):
    lei = lei.strip().upper()
    label = names[0][0] if names else lei
    identifiers, notes = {}, []
    if authority.strip() == KBO_AUTHORITY and entity_id:
        if number := _number(entity_id):
            identifiers["enterprise_number"] = {number}
        else:
            notes.append(f"registered as {entity_id} at the enterprise register, which fails the mod-97 check: ignored")
    status = f"{entity_status}/{registration}".strip("/")
    return Record(
        field="lei", value=lei, label=label, names=names, url=PAGE + lei,
        title=f"{label}, LEI {lei} (GLEIF LEI search)",
        publisher=PUBLISHER, date=updated[:10], status=status,
        active=entity_status == "ACTIVE" and registration in LIVE_REGISTRATIONS, successor=(successor or "").upper(),
        cities=(city,) if city else (), country=country, identifiers=identifiers, note="; ".join(notes))
