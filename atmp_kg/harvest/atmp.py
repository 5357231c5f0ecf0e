"""Which records are ATMPs, and of which therapy type: explicit terms, tested, documented in
docs/harvest.md. ``classify(texts)`` returns the first therapy type (most specific first) whose
term a text holds, with the term, or None; a text holding only an excluded term (a standard
stem cell transplant, a blood product) selects nothing."""

import re

# therapy type -> terms, most specific type first: a CAR-T made with a lentiviral vector is a
# gene-modified cell therapy, not an in-vivo gene therapy
THERAPY_TERMS = (
    ("gene-editing", ("crispr", "gene editing", "gene-edited", "base editing", "zinc finger nuclease", "talen")),
    ("gene-modified-cell-therapy", ("car-t", "car t cell", "car t-cell", "chimeric antigen receptor", "car-nk",
                                    "tcr-t", "tcr t cell", "engineered t cell", "genetically modified t",
                                    "gene-modified cell", "genetically modified autologous", "transduced")),
    ("in-vivo-gene-therapy", ("gene therapy", "gene transfer", "adeno-associated", "aav", "lentiviral vector",
                              "viral vector", "antisense oligonucleotide therapy")),
    ("tissue-engineering", ("tissue-engineered", "tissue engineered", "tissue engineering", "engineered tissue",
                            "spheroids of", "matrix-associated chondrocyte", "cell-seeded scaffold")),
    ("oncolytic-virus", ("oncolytic",)),
    ("exosome", ("exosome", "extracellular vesicle")),
    ("phage", ("bacteriophage", "phage therapy")),
    ("cell-therapy", ("cell therapy", "stem cell", "mesenchymal", "stromal cell", "dendritic cell vaccine",
                      "tumor-infiltrating lymphocyte", "tumour-infiltrating lymphocyte", "nk cell", "treg",
                      "autologous chondrocyte", "expanded adipose", "adipose-derived stem", "keratinocyte",
                      "cardiopoietic", "islet cell", "hepatocyte",
                      "advanced therapy medicinal product", "atmp")),
)
# terms that name what is not an ATMP (minimally manipulated or standard care): a text whose
# every match lies inside one of these selects nothing
EXCLUDED = ("stem cell transplantation", "stem cell transplant", "bone marrow transplant",
            "haematopoietic cell transplantation", "hematopoietic cell transplantation", "cord blood transplant",
            "donor lymphocyte infusion", "platelet-rich plasma", "platelet rich plasma", "red blood cell",
            "blood transfusion", "fecal microbiota")
# ClinicalTrials.gov intervention types an ATMP is registered under
ATMP_INTERVENTION_TYPES = ("GENETIC", "BIOLOGICAL", "COMBINATION_PRODUCT")

# a term starts a word and may end with a plural or a number (exosomes, AAV5, CAR-T19)
_TERMS = [(therapy, term, re.compile(r"(?<![a-z0-9])" + re.escape(term) + r"(?:s|es)?(?![a-z])"))
          for therapy, terms in THERAPY_TERMS for term in terms]
_EXCLUDED = [(term, re.compile(re.escape(term))) for term in EXCLUDED]


def classify(*texts):
    """``(therapy type, term)`` of the most specific ATMP term in ``texts``, or None.

    >>> classify("Autologous anti-CD19 CAR-T cells (lentiviral vector)")
    ('gene-modified-cell-therapy', 'car-t')
    >>> classify("Allogeneic hematopoietic stem cell transplantation") is None
    True
    """
    text = " ".join(t for t in texts if t).casefold()
    if not text:
        return None
    # a plain substring test first (C speed): most texts hold none of the terms
    excluded = [m.span() for term, pattern in _EXCLUDED if term in text for m in pattern.finditer(text)]
    for therapy, term, pattern in _TERMS:
        if term not in text:
            continue
        for match in pattern.finditer(text):
            if not any(start <= match.start() and match.end() <= end for start, end in excluded):
                return therapy, term
    return None
