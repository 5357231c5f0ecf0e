"""Countries as ``--country`` names them (ISO 3166 alpha-2, or ``all``) and as each registry
writes them: ClinicalTrials.gov by English name, CORDIS by code (``EL`` for Greece, ``UK``)."""

from atmp_kg.errors import UsageError

NAMES = {  # the EU, the EEA, Switzerland and the United Kingdom
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus", "CZ": "Czechia",
    "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
    "HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg",
    "MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
    "SI": "Slovenia", "ES": "Spain", "SE": "Sweden", "IS": "Iceland", "LI": "Liechtenstein", "NO": "Norway",
    "CH": "Switzerland", "GB": "United Kingdom",
}
CORDIS_CODES = {"GR": "EL", "GB": "UK"}
CTGOV_ALIASES = {"CZ": ("Czech Republic",), "NL": ("The Netherlands",)}  # older records


def parse_countries(text):
    """The set of codes ``--country`` names (``BE``, ``BE,NL``), or None for ``all``."""
    text = (text or "").strip()
    if text.lower() == "all":
        return None
    codes = {part.strip().upper() for part in text.split(",") if part.strip()}
    unknown = sorted(codes - NAMES.keys())
    if not codes or unknown:
        raise UsageError(f"--country {text!r}: give ISO codes among {', '.join(sorted(NAMES))} (comma-separated), "
                         "or all")
    return codes


def ctgov_names(codes):
    """The country names ClinicalTrials.gov writes for ``codes`` (None: every country)."""
    if codes is None:
        return None
    return {name for code in codes for name in (NAMES[code], *CTGOV_ALIASES.get(code, ()))}


def cordis_codes(codes):
    """The country codes CORDIS writes for ``codes`` (None: every country)."""
    return None if codes is None else {CORDIS_CODES.get(code, code) for code in codes}
