"""Report tables as CSV for a spreadsheet, with cells a spreadsheet would run as formulas
made inert."""

import csv
import io


def findings_csv(findings):
    """The validation findings as CSV for a spreadsheet (cells made safe: ``spreadsheet_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["origin", "severity", "focus_node", "path", "message", "value", "shape"])
    for f in findings:
        writer.writerow([spreadsheet_cell(value) for value in (f.origin, f.severity, f.focus, f.path, f.message,
                                                                f.value, f.shape)])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def spreadsheet_cell(value):
    """``value`` for a CSV report: text that a spreadsheet would run as a formula (it starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, as OWASP advises
    against CSV injection; numbers and other text are left as they are.

    >>> spreadsheet_cell("=HYPERLINK(0)"), spreadsheet_cell("-1"), spreadsheet_cell(-1)
    ("'=HYPERLINK(0)", "'-1", -1)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
