"""Names as matching compares them and ids as the graph writes them. The name key (case,
accents, punctuation and legal-form words dropped) is the one reconciliation uses."""

import re

from atmp_kg.reconcile.names import dotted, enterprise_digits, enterprise_number_ok, name_key, plain

__all__ = ["belgian_enterprise_number", "name_key", "plain", "slug"]
MAX_SLUG = 60


def slug(text):
    """An id for the graph made from ``text``: lowercase ASCII letters, digits and ``-``.

    >>> slug("CAR-T (CD19) Phase 1/2 Study"), slug("Université de Liège")
    ('car-t-cd19-phase-1-2-study', 'universite-de-liege')
    """
    words = plain(text or "").split()
    return re.sub(r"-+", "-", "-".join(words))[:MAX_SLUG].strip("-")


def belgian_enterprise_number(vat, country=""):
    """The enterprise number (``0403.170.701``) a Belgian VAT number holds, or ``""``: a VAT
    number ``BE0403170701`` is ``BE`` and the enterprise number; it must pass the mod-97 check.

    >>> belgian_enterprise_number("BE0403170701"), belgian_enterprise_number("FR12345678901")
    ('0403.170.701', '')
    """
    vat = (vat or "").strip().upper().replace(" ", "")
    if not (vat.startswith("BE") or (country in ("BE", "Belgium") and vat[:1].isdigit())):
        return ""
    digits = enterprise_digits(vat)
    return dotted(digits) if digits and enterprise_number_ok(digits) else ""
