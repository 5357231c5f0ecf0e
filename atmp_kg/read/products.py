"""The tables of what the actors make and test: products, their dated phases, trials, their dated
statuses and sites.

One function per table, ``<table>_row(mapper, row)``.
"""

import re

from rdflib import Literal

from atmp_kg.read.mapper import ATMP, DCTERMS, ORG, RDF, SCHEMA, SKOS, SLUG, Mapper, iso_date, slug_of, split, text_en

SITE_KINDS = {"gmp-manufacturing": ATMP.ManufacturingSite, "laboratory": ATMP.Laboratory,
              "qc-laboratory": ATMP.QCLaboratory, "headquarters": ATMP.Headquarters}
TRIAL_IDS = ((re.compile(r"^NCT\d{8}$"), ATMP.nctId),
             (re.compile(r"^\d{4}-5\d{5}-\d{2}-\d{2}$"), ATMP.euCtNumber),
             (re.compile(r"^\d{4}-\d{6}-\d{2}$"), ATMP.eudraCtNumber))


def products_row(mapper, row):
    node = mapper.new_id(row, "product")
    if node is None:
        return
    mapper.add(node, RDF.type, ATMP.TherapyProduct)
    mapper.labels(row, node, (("name", "en"),))
    for alias in split(row.get("aliases")):
        mapper.add(node, SKOS.altLabel, Literal(alias))
    if (developer := mapper.ref(row, "developer", "actor")) is not None:
        mapper.add(node, ATMP.developedBy, developer)
    for column, predicate, scheme in (("therapy", ATMP.therapyType, "therapy"),
                                      ("legal_class", ATMP.legalClass, "legal-class"),
                                      ("phase", ATMP.developmentPhase, "phase")):
        if row.get(column) and (concept := mapper.code(row, column, scheme)) is not None:
            mapper.add(node, predicate, concept)
    mapper.optional(row, node, "indication", ATMP.indication, text_en)
    mapper.sources(row, node)


def phases_row(mapper, row):
    """A dated phase of a product: ``phase-claim/<product>--<phase>--<date>``. A product with
    such rows has its phases here only: its products.csv ``phase`` cell must be empty."""
    product = mapper.ref(row, "product", "product")
    phase = mapper.code(row, "phase", "phase") if row.get("phase") else None
    date = mapper.date(row, "date") if row.get("date") else None
    source = mapper.ref(row, "source", "source")
    if product is not None and (products_row_ := mapper.ids["product"][row.get("product")]).get("phase"):
        mapper.fail(row, "product", f"product {row.get('product')!r} has dated phases here and a phase in "
                                    f"{products_row_.where('phase')}; empty that cell (one truth per product)")
        return
    if None in (product, phase, date, source):
        return
    node = mapper.iri("phase-claim", f"{slug_of(product)}--{slug_of(phase)}--{date}")
    mapper.add(product, ATMP.hasPhase, node)
    mapper.sourced(row, node, ATMP.PhaseClaim,
                   ((ATMP.phaseOf, product), (ATMP.developmentPhase, phase), (DCTERMS.date, date)), source)


def trials_row(mapper, row):
    number = row.get("id")
    predicate = next((p for pattern, p in TRIAL_IDS if pattern.match(number)), None)
    if predicate is None:
        mapper.fail(row, "id", f"{number!r} is not an NCT (NCT01234567), EU CT (2023-501234-12-00) "
                               "or EudraCT (2017-001234-12) number")
        return
    node = mapper.iri("trial", number)
    if node in mapper.origins:
        mapper.fail(row, "id", f"duplicate trial {number!r} (first at {mapper.origins[node]})")
        return
    mapper.origins[node] = row.where()
    mapper.ids["trial"][number] = row
    mapper.add(node, RDF.type, ATMP.ClinicalTrial)
    mapper.add(node, predicate, Literal(number))
    mapper.labels(row, node, (("title", "en"),))
    if row.get("product") and (product := mapper.ref(row, "product", "product")) is not None:
        mapper.add(node, ATMP.studiesProduct, product)
    if row.get("sponsor") and (sponsor := mapper.ref(row, "sponsor", "actor")) is not None:
        mapper.add(node, ATMP.sponsor, sponsor)
    for site in mapper.refs(row, "sites", "actor"):
        mapper.add(node, ATMP.trialSite, site)
    for column, predicate_, scheme in (("phase", ATMP.developmentPhase, "phase"),
                                       ("therapy", ATMP.therapyType, "therapy")):
        if row.get(column) and (concept := mapper.code(row, column, scheme)) is not None:
            mapper.add(node, predicate_, concept)
    mapper.optional(row, node, "start", SCHEMA.startDate, Mapper.date)
    _trial_end(mapper, row, node)
    mapper.sources(row, node)
    _trial_status(mapper, row, node)


def _trial_end(mapper, row, node):
    """``end`` as schema:endDate, never before ``start`` (compared on their common precision)."""
    if not row.get("end") or (end := mapper.date(row, "end")) is None:
        return
    start = row.get("start")
    if start and iso_date(start)[0] is not None:
        common = min(len(start), len(str(end)))
        if str(end)[:common] < start[:common]:
            mapper.fail(row, "end", f"end {str(end)!r} is before the start {start!r}")
            return
    mapper.add(node, SCHEMA.endDate, end)


def _trial_status(mapper, row, node):
    """The trial's status on ``status_date``: ``trial-status-claim/<number>--<status>--<date>`` (an
    atmp:TrialStatusClaim from the row's sources); a status needs its date, a date its status. The
    row's note goes on the status claim, or on the trial when it has none."""
    status, day = row.get("status"), row.get("status_date")
    if not status:
        if day:
            mapper.fail(row, "status_date", "a status date without a status: fill in status or empty the cell")
        elif row.get("note"):
            mapper.add(node, SKOS.note, Literal(row.get("note"), lang="en"))
        return
    if not day:
        mapper.fail(row, "status_date", f"status {status!r} needs the date the source gives for it (ISO)")
        return
    concept, date = mapper.code(row, "status", "trial-status"), mapper.date(row, "status_date")
    if concept is not None and date is not None:
        mapper.sources(row, _status_claim(mapper, row, node, concept, date))


def trial_statuses_row(mapper, row):
    """A dated status of a trial from trial-statuses.csv: the same claim as a trials.csv status of
    that trial, status and date (one claim with the sources of both rows)."""
    trial = mapper.ref(row, "trial", "trial")
    status = mapper.code(row, "status", "trial-status") if row.get("status") else None
    date = mapper.date(row, "date") if row.get("date") else None
    if None not in (trial, status, date):
        mapper.sources(row, _status_claim(mapper, row, trial, status, date), column="source")


def _status_claim(mapper, row, trial, status, date):
    """The claim ``trial-status-claim/<number>--<status>--<date>`` of ``trial`` (an
    atmp:TrialStatusClaim), with the row's note; its sources are the caller's."""
    claim = mapper.iri("trial-status-claim", f"{slug_of(trial)}--{slug_of(status)}--{date}")
    mapper.add(trial, ATMP.hasTrialStatus, claim)
    for predicate, value in ((RDF.type, ATMP.TrialStatusClaim), (ATMP.trialStatusOf, trial),
                             (ATMP.trialStatus, status), (DCTERMS.date, date)):
        mapper.add(claim, predicate, value)
    if row.get("note"):
        mapper.add(claim, SKOS.note, Literal(row.get("note"), lang="en"))
    mapper.origins.setdefault(claim, row.where())
    return claim


def sites_row(mapper, row):
    slug = row.get("id")
    node = mapper.iri("site", slug)
    if not SLUG.match(slug) or node in mapper.origins:
        mapper.fail(row, "id", f"id {slug!r} is malformed or a duplicate")
        return
    mapper.origins[node] = row.where()
    kind = mapper.one_of(row, "kind", SITE_KINDS, "site kind")
    if kind is None:
        return
    mapper.add(node, RDF.type, kind)
    mapper.labels(row, node, (("name", "en"),))
    for predicate, value in mapper.validity(row) or ():
        mapper.add(node, predicate, value)
    if (actor := mapper.ref(row, "actor", "actor")) is not None:
        mapper.add(actor, ORG.hasSite, node)
    if row.get("place") and (place := mapper.ref(row, "place", "place")) is not None:
        mapper.add(node, ATMP.locatedIn, place)
    mapper.sources(row, node)
