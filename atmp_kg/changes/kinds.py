"""One change, and the kinds of change in the order every output lists them."""

from dataclasses import dataclass

# kind -> its plural, for counts ("2 actors added"); the order is the order of every output
KINDS = {
    "actor added": "actors added",
    "actor removed": "actors removed",
    "actor renamed": "actors renamed",
    "actor acquired": "actors acquired",
    "actor merged": "actors merged",
    "actor closed": "actors closed",
    "actor changed": "actors changed",
    "actor event": "other actor events",
    "identifier added": "identifiers added",
    "identifier removed": "identifiers removed",
    "capability gained": "capabilities gained",
    "capability planned": "capabilities planned",
    "capability lost": "capabilities lost",
    "capability changed": "capabilities changed",
    "product added": "products added",
    "product removed": "products removed",
    "phase changed": "phase changes",
    "product changed": "products changed",
    "membership added": "memberships added",
    "membership ended": "memberships ended",
    "membership removed": "memberships removed",
    "membership changed": "memberships changed",
    "relation added": "relations added",
    "relation ended": "relations ended",
    "relation removed": "relations removed",
    "relation changed": "relations changed",
    "figure added": "figures added",
    "figure removed": "figures removed",
    "figure changed": "figures changed",
    "collaboration added": "collaborations added",
    "collaboration removed": "collaborations removed",
    "collaboration changed": "collaborations changed",
    "trial added": "trials added",
    "trial removed": "trials removed",
    "trial changed": "trials changed",
    "site added": "sites added",
    "site removed": "sites removed",
    "site changed": "sites changed",
    "place added": "places added",
    "place removed": "places removed",
    "place changed": "places changed",
    "source added": "sources added",
    "source removed": "sources removed",
    "source changed": "sources changed",
    "ontology changed": "ontology terms changed",
    "gap opened": "gaps opened",
    "gap closed": "gaps closed",
    "coverage changed": "coverage cells changed",
    "suggestion appeared": "suggestions appeared",
    "suggestion vanished": "suggestions vanished",
}
ORDER = {kind: position for position, kind in enumerate(KINDS)}
GAP_KINDS = ("gap opened", "gap closed", "coverage changed", "suggestion appeared", "suggestion vanished")


@dataclass(frozen=True)
class Change:
    """One change, in words: its ``kind`` (a key of ``KINDS``), the thing it is about (``subject``,
    an IRI, or a key of the gap report such as ``stage x therapy`` codes, and its ``label``), what
    changed (``what``), the ``old`` and ``new`` values as text, and the IRIs of the ``sources``
    behind it (those of the new version; of the old one for what is gone)."""

    kind: str
    subject: str
    label: str
    what: str
    old: str = ""
    new: str = ""
    sources: tuple = ()

    def key(self):
        """The order of every output: by kind, then subject name, subject, what, values."""
        return ORDER[self.kind], self.label.casefold(), self.subject, self.what, self.old, self.new


def counted(kind, count):
    """``"1 actor added"``, ``"2 actors added"``."""
    return f"{count} {kind if count == 1 else KINDS[kind]}"
