"""What the pages show of time: the site is drawn as of one day (a ``history.Timeline``), and an
actor not active on it (a former actor) or a claim not valid on it (ended, not yet started,
planned) is shown greyed with what became of it, never counted as current.

``ending_html`` and ``former_html`` say what became of a former actor, ``claim_period`` reads a
claim's validity from the pages' ``facts.TripleIndex``, ``not_valid_html`` says why a claim does
not hold on the day; all in English, French and Dutch (``i18n.STRINGS``).
"""

import dataclasses

from atmp_kg.analyse import history
from atmp_kg.analyse.network import code
from atmp_kg.rdf.namespaces import ATMP, SCHEMA, terms_once
from atmp_kg.site import i18n
from atmp_kg.site.labels import actor_name
from atmp_kg.site.markup import escape, tr

ATMP, SCHEMA = (terms_once(namespace) for namespace in (ATMP, SCHEMA))
FORMER_GREY = "#5f6368"  # the grey of former actors and past claims (WCAG AA on white)


def ending_html(ending, successor_html=""):
    """``absorbed 2020-01-15, now part of Catalent`` (``history.ending_text``, then the
    successor's ``successor_html``) in each language; a kind the table lacks stays as the data names it."""
    key = history.ending_text(dataclasses.replace(ending, date="{date}"))
    text = tr(key, date=ending.date) if i18n.known(key) else escape(history.ending_text(ending))
    if ending.successor and successor_html:
        text += f", {tr('now part of')} {successor_html}"
    return text


def former_html(network, ending, href):
    """``former actor: absorbed 2020-01-15, now part of <a>Catalent</a>`` (``ending_html``), the
    successor linked (``href(iri)``) when it is in ``network``."""
    successor = actor_name(network, ending.successor) if ending.successor else ""
    if ending.successor in network:
        successor = f'<a href="{escape(href(ending.successor))}">{successor}</a>'
    return f'{tr("former actor:")} {ending_html(ending, successor)}'


@dataclasses.dataclass(frozen=True)
class Period:
    """A claim's validity as its source gives it: start and end (ISO texts, ``""`` when absent), planned."""

    start: str = ""
    end: str = ""
    planned: bool = False


def claim_period(graph, claim):
    """The ``Period`` of ``claim`` (a node of ``graph``, a ``facts.TripleIndex``)."""
    start, end = (str(graph.value(claim, p) or "") for p in (SCHEMA.startDate, SCHEMA.endDate))
    planned = any(code(str(status)) == history.PLANNED for status in graph.objects(claim, ATMP.status))
    return Period(start, end, planned)


def not_valid_html(period, day):
    """Why a claim with ``period`` does not hold on ``day``: planned (from its start), ended
    (on or before the day), or not yet started."""
    if period.planned:
        return tr("planned") + (" " + tr("from {date}", date=period.start) if period.start else "")
    end = history.day_of(period.end)
    if end is not None and day is not None and end <= day:
        return tr("ended {date}", date=period.end)
    return tr("from {date}", date=period.start) if period.start else tr("not valid on {day}", day=str(day or ""))


def period_html(period):
    """The dates of a claim: ``from 2018, until 2020-01-15`` (``""`` without any)."""
    parts = [tr("from {date}", date=period.start)] if period.start else []
    if period.end:
        parts.append(tr("until {date}", date=period.end))
    return ", ".join(parts)
