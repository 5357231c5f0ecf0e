"""Names and addresses in the one form matching compares: ``name_key`` and ``domain``.

A name key is the name without case, accents, punctuation or legal-form words (SA, NV, SRL, BV,
GmbH, Ltd...), its words in their order: "Bone Therapeutics SA", "BONE THERAPEUTICS" and
"Bone-Therapeutics S.A." all give ``bone therapeutics``. Registers write the legal form in the
name (KBO: "Celyad Oncology"; GLEIF: "CELYAD ONCOLOGY SA"), curated names do not.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from atmp_kg.read import identifiers

# Legal-form words of Belgium and its neighbours, as they stand in registered names once
# punctuation is gone ("S.A." -> "s a" -> joined "sa"). Only dropped at the end or the start.
LEGAL_FORMS = frozenset("""
    sa nv srl bv sprl bvba sc cv scrl cvba scrlfs cvoa scs commv snc vof asbl vzw aisbl ivzw
    fup sup fondation stichting srlu sprlu eurl sas sasu sarl se ag gmbh kg ohg ug ltd limited
    plc inc corp corporation llc lp llp bv nv ab oy as aps spa srl
""".split())
# Dotted forms written letter by letter ("S.A.", "N.V.", "B.V.B.A."): joined before the check.
_LETTERS = re.compile(r"\b(?:[a-z] ){1,4}[a-z]\b")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def plain(text):
    """``text`` casefolded, without accents, punctuation as single spaces.

    >>> plain("Université de Liège - ULiège")
    'universite de liege uliege'
    """
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub(" ", text).strip()


def name_key(name):
    """The key two names must share to match (module docstring); ``""`` if nothing is left.

    >>> name_key("Bone Therapeutics S.A."), name_key("N.V. Galapagos"), name_key("SA")
    ('bone therapeutics', 'galapagos', '')
    """
    words = _LETTERS.sub(lambda letters: letters.group().replace(" ", ""), plain(name)).split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0] in LEGAL_FORMS:
        words.pop(0)
    if len(words) == 1 and words[0] in LEGAL_FORMS:
        return ""
    return " ".join(words)


def domain(address):
    """The host of a web address without ``www.`` and a port, lower case; ``""`` if none.
    A bare host (``example.org/path``, as registers write it) is read as one.

    >>> domain("https://www.Example.org/en/"), domain("example.org/about"), domain("")
    ('example.org', 'example.org', '')
    """
    address = (address or "").strip()
    if not address:
        return ""
    if "://" not in address:
        address = "http://" + address
    try:
        host = urlsplit(address).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def enterprise_digits(number):
    """The ten digits of a Belgian enterprise number written ``0123.456.789``, ``0123456789``,
    ``BE0123456789`` or ``123456789`` (before 2023 numbers had nine); ``""`` if it is none.

    >>> enterprise_digits("BE 0882.015.654"), enterprise_digits("882015654"), enterprise_digits("12")
    ('0882015654', '0882015654', '')
    """
    digits = re.sub(r"[\s.\-/]", "", number or "").upper().removeprefix("BE")
    if not digits.isdigit() or len(digits) not in (9, 10):
        return ""
    return digits.zfill(10)


def enterprise_number_ok(digits):
    """Whether ten digits pass the mod-97 check: the last two are 97 - (the first eight mod 97).

    >>> enterprise_number_ok("0882015654"), enterprise_number_ok("0882015655")
    (True, False)
    """
    return len(digits) == 10 and digits.isdigit() and identifiers.enterprise_number_problem(dotted(digits)) is None


def dotted(digits):
    """``0123.456.789``, the form graph/actors.csv writes."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
