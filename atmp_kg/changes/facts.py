"""The triples two versions do not share, told as changes a cluster manager reads: by the kind
of thing they are about (its IRI: ``id/actor/...``, ``id/capability/...``), compared by identity.
An actor whose English name changed is one actor renamed; a capability claim
(``actor--stage--therapy``) that gains an end date is a capability lost; a product whose newest
dated phase differs has changed phase.

Terms are N-Triples text (``<iri>``, ``"literal"@en``), as ``compare.index`` keeps them.
"""

import re

from atmp_kg.analyse.history import day_of
from atmp_kg.changes.kinds import Change

ID = "<https://w3id.org/atmp-kg/id/"
ATMP = "<https://w3id.org/atmp-kg/ontology#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SOURCE = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
START, END = "<https://schema.org/startDate>", "<https://schema.org/endDate>"
DATE = "<http://purl.org/dc/terms/date>"
SAME_AS, LEI = "<https://schema.org/sameAs>", ATMP + "lei>"
REGISTRATION, NOTATION = "<http://www.w3.org/ns/regorg#registration>", "<http://www.w3.org/2004/02/skos/core#notation>"
STATUS, PLANNED = ATMP + "status>", ID + "claim-status/planned>"
HAS_PHASE, PHASE_OF, PHASE = ATMP + "hasPhase>", ATMP + "phaseOf>", ATMP + "developmentPhase>"
MEMBER, ORGANIZATION, ROLE = ("<http://www.w3.org/ns/org#member>", "<http://www.w3.org/ns/org#organization>",
                              "<http://www.w3.org/ns/org#role>")
ORIGINAL, RESULTING = "<http://www.w3.org/ns/org#originalOrganization>", "<http://www.w3.org/ns/org#resultingOrganization>"
# an actor's links to the things that tell their own changes (claims, events, sites, registrations)
FORMER_NAME, QUALIFIED = ATMP + "formerName>", ATMP + "qualified"
ACTOR_LINKS = {ATMP + "hasCapability>", "<http://www.w3.org/ns/org#changedBy>",
               "<http://www.w3.org/ns/org#resultedFrom>", "<http://www.w3.org/ns/org#hasSite>", REGISTRATION,
               "<http://www.w3.org/ns/adms#identifier>"}
WORDS = {  # predicates in words; others by their label in the ontology, or their name
    TYPE: "type", LABEL: "name", SOURCE: "sources", START: "start", END: "end", DATE: "date", STATUS: "status",
    ATMP + "basedIn>": "seat", "<http://xmlns.com/foaf/0.1/homepage>": "website",
    "<http://purl.org/dc/terms/description>": "description", "<http://www.w3.org/2004/02/skos/core#altLabel>":
    "other name", ATMP + "formerName>": "former name", "<https://schema.org/foundingDate>": "founded",
    "<https://schema.org/value>": "value", "<http://www.w3.org/2000/01/rdf-schema#comment>": "note",
    "<http://www.w3.org/2004/02/skos/core#note>": "note", "<http://purl.org/dc/terms/title>": "title",
    "<https://schema.org/url>": "address",
}
EVENTS = {  # change kind -> (kind of change, what it did), for an event that is new
    "acquired": ("actor acquired", "acquired by"), "absorbed": ("actor acquired", "absorbed into"),
    "merged": ("actor merged", "merged into"), "closed": ("actor closed", "closed"),
    "liquidation": ("actor closed", "entered liquidation"), "renamed": ("actor renamed", "renamed"),
    "founded": ("actor event", "founded"),
}
ESCAPES = {"n": "\n", "r": "\r", '"': '"', "\\": "\\"}
IDENTIFIERS = (("http://www.wikidata.org/entity/", "Wikidata"), ("https://ror.org/", "ROR"))


def changes(removed, added, before, after):
    """The ``kinds.Change`` s that the ``removed`` and ``added`` lines make, told with what the
    two versions say of the things they touch (``compare.Side`` s ``before`` and ``after``)."""
    teller = Teller(before, after)
    subjects = sorted({line.partition(" ")[0] for line in (*removed, *added)})
    found, products = [], set()
    for subject in subjects:
        kind = kind_of(subject)
        if kind == "product":
            products.add(subject)
        elif kind == "phase-claim":
            products.update(teller.either(subject).get(PHASE_OF, ()))
        found += TELLERS.get(kind, Teller.ontology)(teller, subject)
    for product in sorted(products):
        found += teller.phase(product)
    return merged(found)


def kind_of(term):
    """The kind of thing an atmp-kg IRI names (``actor``, ``capability``...), ``""`` for others."""
    return term[len(ID):].split("/", 1)[0] if term.startswith(ID) else ""


def slug_parts(term):
    """The parts of the last segment of a claim's IRI: ``actor--stage--therapy`` -> 3 parts."""
    return term[:-1].rsplit("/", 1)[-1].split("--")


class Teller:
    """Tells the changes of one thing from what ``before`` and ``after`` say of it."""

    def __init__(self, before, after):
        self.before, self.after = before, after

    # -- names -------------------------------------------------------------------------------
    def name(self, term):
        """A term in words: a thing's label (the new version's first), a literal's text, an IRI's
        last segment."""
        if term.startswith('"'):
            return literal(term)[0]
        label = self.after.labels.get(term) or self.before.labels.get(term)
        if label:
            return label
        for prefix, register in IDENTIFIERS:
            if term[1:].startswith(prefix):
                return f"{register} {term[1 + len(prefix):-1]}"
        return re.split(r"[/#]", term[1:-1])[-1]

    def names(self, terms):
        return "; ".join(sorted(self.name(term) for term in terms))

    def word(self, predicate):
        return WORDS.get(predicate) or self.name(predicate)

    def either(self, subject):
        """What the new version says of ``subject``, or the old one if it is gone."""
        return self.after.of(subject) or self.before.of(subject)

    def one(self, facts, predicate):
        """One object of ``predicate`` in ``facts`` (the smallest), or ``""``."""
        return min(facts.get(predicate, ()), default="")

    @staticmethod
    def sources(facts):
        return tuple(sorted(source[1:-1] for source in facts.get(SOURCE, ())))

    def holder(self, claim):
        """The thing that points at ``claim`` (the actor of a capability or relation claim), in
        either version; else the actor its IRI names."""
        for side in (self.after, self.before):
            for subject, _ in sorted(side.pointing.get(claim, ())):
                return subject
        return f"{ID}actor/{slug_parts(claim)[0]}>"

    # -- kinds of thing ------------------------------------------------------------------------
    def actor(self, actor):
        old, new = self.before.of(actor), self.after.of(actor)
        label = self.name(actor)
        if not old.get(TYPE):
            return [Change("actor added", actor[1:-1], label, self.names(new.get(TYPE, ())), new=label,
                           sources=self.sources(new))]
        if not new.get(TYPE):
            return [Change("actor removed", actor[1:-1], label, self.names(old.get(TYPE, ())), old=label,
                           sources=self.sources(old))]
        found = []
        renamed = _english(old.get(LABEL, set())) != _english(new.get(LABEL, set()))
        for predicate in sorted(set(old) | set(new)):
            was, now = old.get(predicate, set()), new.get(predicate, set())
            if was == now or predicate in ACTOR_LINKS - {REGISTRATION} or predicate == SOURCE or \
                    predicate.startswith(QUALIFIED):  # a relation claim tells its own change
                continue
            if predicate == FORMER_NAME and renamed and not was - now and {
                    literal(name)[0] for name in now - was} <= {literal(name)[0] for name in _english(old[LABEL])}:
                continue  # the old name kept as a former name: part of the rename
            if predicate in (SAME_AS, LEI, REGISTRATION):
                found += self.identifiers(actor, label, was, now, new)
            elif predicate == LABEL and _english(was) != _english(now):
                found.append(Change("actor renamed", actor[1:-1], label, "renamed", self.names(_english(was)),
                                    self.names(_english(now)), self.sources(new)))
            elif predicate == LABEL:
                found.append(Change("actor changed", actor[1:-1], label, "name in other languages",
                                    self.names(was - _english(was)), self.names(now - _english(now)),
                                    self.sources(new)))
            else:
                found.append(Change("actor changed", actor[1:-1], label, self.word(predicate), self.names(was),
                                    self.names(now), self.sources(new)))
        if not found and old.get(SOURCE) != new.get(SOURCE):  # else the new sources are those of the changes
            found.append(Change("actor changed", actor[1:-1], label, "sources", self.sources_text(old),
                                self.sources_text(new), self.sources(new)))
        return found

    def sources_text(self, facts):
        return self.names(facts.get(SOURCE, ()))

    def identifiers(self, actor, label, was, now, facts):
        def shown(term):
            if term.startswith(f"{ID}registration/"):
                notation = self.one(self.either(term), NOTATION)
                return f"enterprise number {literal(notation)[0]}" if notation else self.name(term)
            return f"LEI {literal(term)[0]}" if term.startswith('"') else self.name(term)
        return ([Change("identifier added", actor[1:-1], label, shown(term), new=shown(term),
                        sources=self.sources(facts)) for term in sorted(now - was)]
                + [Change("identifier removed", actor[1:-1], label, shown(term), old=shown(term),
                          sources=self.sources(self.before.of(actor))) for term in sorted(was - now)])

    def capability(self, claim):
        facts = self.either(claim)
        what = f"{self.name(self.one(facts, ATMP + 'stage>'))} x {self.name(self.one(facts, ATMP + 'therapy>'))}"
        return self.claim(claim, self.holder(claim), what, "capability", gained="capability gained",
                          ended="capability lost", removed="capability lost", planned="capability planned")

    def relation(self, claim):
        facts = self.either(claim)
        code = slug_parts(claim)[1] if len(slug_parts(claim)) == 3 else self.name(self.one(facts, TYPE))
        other = self.name(self.one(facts, ATMP + "relatedActor>"))
        what = f"{code.replace('-', ' ')} {other}"
        added = "actor acquired" if code == "acquired-by" else "relation added"
        return self.claim(claim, self.holder(claim), what, "relation", gained=added, ended="relation ended",
                          removed="relation removed")

    def membership(self, claim):
        facts = self.either(claim)
        what = f"{self.name(self.one(facts, ROLE))} of {self.name(self.one(facts, ORGANIZATION))}"
        return self.claim(claim, self.one(facts, MEMBER), what, "membership", gained="membership added",
                          ended="membership ended", removed="membership removed")

    def claim(self, claim, holder, what, noun, gained, ended, removed, planned=None):
        """The change of a claim of ``holder``: new (``gained``, or ``planned``), gone (``removed``),
        given an end (``ended``), put in operation (a planned claim that no longer is:
        ``gained``), or else changed (``<noun> changed``)."""
        old, new = self.before.of(claim), self.after.of(claim)
        label = self.name(holder)
        subject = holder[1:-1]
        if not old.get(TYPE):
            kind = planned if planned and PLANNED in new.get(STATUS, ()) else gained
            return [Change(kind, subject, label, what, new=self.validity(new) or "holds", sources=self.sources(new))]
        if not new.get(TYPE):
            return [Change(removed, subject, label, what, old=self.validity(old) or "held",
                           sources=self.sources(old))]
        if new.get(END) and not old.get(END):
            return [Change(ended, subject, label, what, self.validity(old) or "held", self.validity(new),
                           self.sources(new))]
        if PLANNED in old.get(STATUS, ()) and PLANNED not in new.get(STATUS, ()):
            return [Change(gained, subject, label, what, self.validity(old), self.validity(new) or "holds",
                           self.sources(new))]
        changed = sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))
        return [Change(f"{noun} changed", subject, label, f"{what}: {', '.join(map(self.word, changed))}",
                       self.details(old, changed), self.details(new, changed), self.sources(new))]

    def validity(self, facts):
        """A claim's time in words: ``planned, from 2026-01``, ``from 2015 until 2021``, or ``""``."""
        parts = ["planned"] if PLANNED in facts.get(STATUS, ()) else []
        parts += [f"{word} {self.names(facts[predicate])}" for predicate, word in ((START, "from"), (END, "until"))
                  if facts.get(predicate)]
        return ", ".join(parts)

    def details(self, facts, predicates):
        return "; ".join(f"{self.word(p)}: {self.names(facts[p])}" for p in predicates if facts.get(p))

    def event(self, event):
        old, new = self.before.of(event), self.after.of(event)
        facts = new or old
        actor = self.one(facts, ORIGINAL)
        kind = self.name(self.one(facts, ATMP + "changeKind>"))
        change_kind = slug_parts(self.one(facts, ATMP + "changeKind>") or "<x>")[0]
        date = self.names(facts.get(DATE, ()))
        successor = self.one(facts, RESULTING)
        subject, label = actor[1:-1], self.name(actor)
        if not old.get(TYPE):
            told, did = EVENTS.get(change_kind, ("actor event", kind))
            what = f"{did} {self.name(successor)} on {date}" if successor else f"{did} on {date}"
            return [Change(told, subject, label, what, sources=self.sources(new))]
        if not new.get(TYPE):
            return [Change("actor event", subject, label, f"{kind} (no longer recorded)", old=date,
                           sources=self.sources(old))]
        changed = sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))
        return [Change("actor event", subject, label, f"{kind} on {date}: {', '.join(map(self.word, changed))}",
                       self.details(old, changed), self.details(new, changed), self.sources(new))]

    def figure(self, figure):
        old, new = self.before.of(figure), self.after.of(figure)
        facts = new or old
        about = self.one(facts, ATMP + "figureOf>")
        period = self.names(facts.get(ATMP + "referencePeriod>", ()))
        what = self.name(self.one(facts, ATMP + "measure>")) + (f" ({period})" if period else "")
        if not old.get(TYPE):
            return [Change("figure added", about[1:-1], self.name(about), what, new=self.amount(new),
                           sources=self.sources(new))]
        if not new.get(TYPE):
            return [Change("figure removed", about[1:-1], self.name(about), what, old=self.amount(old),
                           sources=self.sources(old))]
        changed = sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))
        if self.amount(old) != self.amount(new):
            return [Change("figure changed", about[1:-1], self.name(about), what, self.amount(old),
                           self.amount(new), self.sources(new))]
        return [Change("figure changed", about[1:-1], self.name(about), f"{what}: {', '.join(map(self.word, changed))}",
                       self.details(old, changed), self.details(new, changed), self.sources(new))]

    def amount(self, facts):
        unit = facts.get("<https://schema.org/currency>") or facts.get("<https://schema.org/unitText>") or ()
        return f"{self.names(facts.get('<https://schema.org/value>', ()))} {self.names(unit)}".strip()

    def phase(self, product):
        """A product's phase change: its newest dated phase (else its undated one) in each version."""
        was, now = current_phase(self.before, product), current_phase(self.after, product)
        old, new = self.before.of(product), self.after.of(product)
        if was == now or not old.get(TYPE) or not new.get(TYPE):
            return []
        claim = now[1] if now else ""
        sources = self.sources(self.after.of(claim) if claim else new)
        return [Change("phase changed", product[1:-1], self.name(product), "phase", self.phase_text(was),
                       self.phase_text(now), sources)]

    def phase_text(self, phase):
        if not phase:
            return "none"
        name = self.name(phase[0])
        date = self.names(self.either(phase[1]).get(DATE, ())) if phase[1] else ""
        return f"{name} (since {date})" if date else name

    def product(self, product):
        old, new = self.before.of(product), self.after.of(product)
        label = self.name(product)
        developer = self.name(self.one(new or old, ATMP + "developedBy>"))
        if not old.get(TYPE):
            return [Change("product added", product[1:-1], label, f"developed by {developer}",
                           new=self.phase_text(current_phase(self.after, product)), sources=self.sources(new))]
        if not new.get(TYPE):
            return [Change("product removed", product[1:-1], label, f"developed by {developer}",
                           old=self.phase_text(current_phase(self.before, product)), sources=self.sources(old))]
        return [Change("product changed", product[1:-1], label, self.word(p), self.names(old.get(p, ())),
                       self.names(new.get(p, ())), self.sources(new))
                for p in sorted(set(old) | set(new)) if old.get(p) != new.get(p) and p not in (HAS_PHASE, PHASE)]

    def phase_claim(self, claim):
        """A dated phase that does not change the product's current phase: its history changed."""
        facts = self.either(claim)
        product = self.one(facts, PHASE_OF)
        if current_phase(self.before, product) != current_phase(self.after, product):
            return []  # told by ``phase``
        old, new = self.before.of(claim), self.after.of(claim)
        what = f"phase history: {self.name(self.one(facts, PHASE))} on {self.names(facts.get(DATE, ()))}"
        return [Change("product changed", product[1:-1], self.name(product), what,
                       "recorded" if old.get(TYPE) else "", "recorded" if new.get(TYPE) else "",
                       self.sources(facts))]

    def entity(self, subject, noun):
        """A thing told by what it says itself: ``<noun> added``, ``removed``, or one change per
        property that differs."""
        old, new = self.before.of(subject), self.after.of(subject)
        label = self.name(subject)
        if not old.get(TYPE):
            return [Change(f"{noun} added", subject[1:-1], label, self.names(new.get(TYPE, ())), new=label,
                           sources=self.sources(new))]
        if not new.get(TYPE):
            return [Change(f"{noun} removed", subject[1:-1], label, self.names(old.get(TYPE, ())), old=label,
                           sources=self.sources(old))]
        return [Change(f"{noun} changed", subject[1:-1], label, self.word(p), self.names(old.get(p, ())),
                       self.names(new.get(p, ())), self.sources(new))
                for p in sorted(set(old) | set(new)) if old.get(p) != new.get(p)]

    def source(self, source):
        old, new = self.before.of(source), self.after.of(source)
        url = "<https://schema.org/url>"
        if old.get(TYPE) and new.get(TYPE):
            return self.entity(source, "source")
        facts, kind = (new, "source added") if new.get(TYPE) else (old, "source removed")
        address = min(facts.get(url, ("<>",)))[1:-1]
        return [Change(kind, source[1:-1], self.name(source), "source", "" if new.get(TYPE) else address,
                       address if new.get(TYPE) else "", (source[1:-1],))]

    def ontology(self, subject):
        """A term of the ontology or its vocabularies (or an axiom's blank node) whose definition changed."""
        old, new = self.before.of(subject), self.after.of(subject)
        was = sum(len(objects) for objects in old.values())
        now = sum(len(objects) for objects in new.values())
        term = subject if subject.startswith("<") else "axioms of the ontology"
        return [Change("ontology changed", term.strip("<>"), self.name(term) if term.startswith("<") else term,
                       "definition", f"{was} statement(s)", f"{now} statement(s)")]


TELLERS = {
    "actor": Teller.actor, "capability": Teller.capability, "relation": Teller.relation,
    "membership": Teller.membership, "event": Teller.event, "figure": Teller.figure,
    "product": Teller.product, "phase-claim": Teller.phase_claim, "source": Teller.source,
    # told with its actor by the links of the identifiers that hold (``identifier added``, ``removed``)
    "registration": lambda teller, subject: [], "identifier": lambda teller, subject: [],
    **{kind: (lambda noun: lambda teller, subject: teller.entity(subject, noun))(kind)
       for kind in ("collaboration", "trial", "site", "place")},
}


def current_phase(side, product):
    """``(phase, claim)`` of ``product`` in ``side``: the phase of its newest dated phase claim,
    else its undated phase (``(phase, "")``), else ``None``."""
    facts = side.of(product)
    dated = []
    for claim in facts.get(HAS_PHASE, ()):
        claim_facts = side.of(claim)
        day = day_of(literal(min(claim_facts.get(DATE, ('""',))))[0])
        if claim_facts.get(PHASE) and day:
            dated.append((day, claim, min(claim_facts[PHASE])))
    if dated:
        _, claim, phase = max(dated)
        return phase, claim
    return (min(facts[PHASE]), "") if facts.get(PHASE) else None


def merged(found):
    """``found`` with the changes of one kind about one thing told twice made one (a rename
    told by the new name and by a ``renamed`` event; an acquisition told by an event and by an
    ``acquired-by`` relation): a text that another one extends is dropped, sources joined."""
    groups = {}
    for change in found:
        key = (change.kind, change.subject) if change.kind in ("actor renamed", "actor acquired") else id(change)
        groups.setdefault(key, []).append(change)
    result = []
    for group in groups.values():
        if len(group) == 1:
            result.append(group[0])
            continue
        whats = list(dict.fromkeys(change.what for change in group))
        whats = [what for what in whats if not any(other != what and other.startswith(what) for other in whats)]
        valued = next((change for change in group if change.old), group[0])
        result.append(Change(group[0].kind, group[0].subject, group[0].label, "; ".join(whats), valued.old,
                             valued.new, tuple(sorted({s for change in group for s in change.sources}))))
    return result


def _english(labels):
    return {label for label in labels if label.endswith("@en")}


def literal(term):
    """``(text, language)`` of an N-Triples literal (``("", "")`` for anything else)."""
    if not term.startswith('"'):
        return "", ""
    end = term.rindex('"')
    text = re.sub(r"\\(.)", lambda found: ESCAPES.get(found.group(1), found.group(0)), term[1:end])
    tail = term[end + 1:]
    return text, tail[1:] if tail.startswith("@") else ""
