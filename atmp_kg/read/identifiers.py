"""The identifiers of actors, checked as their registries define them.

Each ``*_problem`` function returns ``None`` for a valid identifier, else a sentence saying what
is wrong (for an error that names the file, row and column):

- Wikidata QID: ``Q`` and digits, no leading zero;
- ROR id: ``0``, six Crockford base-32 characters and two check digits,
  ``98 - (value of the first seven characters x 100 mod 97)`` (ISO/IEC 7064 MOD 97-10);
- LEI (ISO 17442): 18 letters or digits and two check digits; the twenty characters, letters
  read as 10-35, make a number equal to 1 modulo 97 (ISO/IEC 7064 MOD 97-10);
- Belgian enterprise number (KBO/BCE): ``0123.456.789`` (first digit 0 or 1); the last two
  digits are ``97 - (the first eight mod 97)``.

``problem(scheme, value)`` checks a value by the scheme code of graph/identifiers.csv;
``link(scheme, value)`` is the IRI that names the identified thing, where its registry defines one.
"""

import re

QID = re.compile(r"^Q[1-9][0-9]*$")
ROR = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")
LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
ENTERPRISE_NUMBER = re.compile(r"^[01][0-9]{3}\.[0-9]{3}\.[0-9]{3}$")
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def qid_problem(value):
    return None if QID.match(value) else f"{value!r} is not a Wikidata QID (Q followed by digits)"


def ror_problem(value):
    if not ROR.match(value):
        return f"{value!r} is not a ROR id (0 + 6 letters or digits + 2 digits)"
    number = 0
    for character in value[:7]:
        number = number * 32 + CROCKFORD.index(character)
    expected = 98 - (number * 100) % 97
    return None if int(value[7:]) == expected else f"{value!r} fails the ROR check digits (expected {expected:02d})"


def lei_problem(value):
    if not LEI.match(value):
        return f"{value!r} is not an LEI (18 capital letters or digits, then 2 check digits)"
    if int("".join(str(int(character, 36)) for character in value)) % 97 != 1:
        return f"{value!r} fails the LEI check digits (ISO 17442, mod 97)"
    return None


def enterprise_number_problem(value):
    if not ENTERPRISE_NUMBER.match(value):
        return f"{value!r} is not an enterprise number written 0123.456.789"
    digits = value.replace(".", "")
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        return f"{value!r} fails its mod-97 check"
    return None


PROBLEMS = {"wikidata": qid_problem, "ror": ror_problem, "lei": lei_problem,
            "enterprise-number": enterprise_number_problem}
# scheme -> the IRI of the thing an identifier names: Wikidata's entity, ROR's record, GLEIF's
# legal entity of its level-1 data (https://rdf.gleif.org/L1/L-<LEI>, as GLEIF's own RDF
# conversion names it); the enterprise register defines no IRI for an enterprise
LINKS = {"wikidata": "http://www.wikidata.org/entity/", "ror": "https://ror.org/", "lei": "https://rdf.gleif.org/L1/L-"}


def problem(scheme, value):
    """What is wrong with ``value`` as an identifier of ``scheme`` (a key of ``PROBLEMS``), or None."""
    return PROBLEMS[scheme](value)


def link(scheme, value):
    """The IRI (a string) the identifier ``value`` of ``scheme`` names, or None for a scheme without one.

    >>> link("lei", "HWUPKR0MPOU8FGXBT394")
    'https://rdf.gleif.org/L1/L-HWUPKR0MPOU8FGXBT394'
    """
    return LINKS[scheme] + value if scheme in LINKS else None
