"""Validate step: SHACL (pySHACL) on the asserted data plus the ontology, never mutating them."""

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF

from atmp_kg.rdf.namespaces import SH, bind_prefixes


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the CSV file and row of its focus node where known."""

    focus: str
    path: str
    message: str
    severity: str
    shape: str
    value: str
    origin: str

    def line(self):
        where = self.origin or "(no row)"
        path = f" {self.path}" if self.path else ""
        return f"{where}: {self.severity}: <{self.focus}>{path}: {self.message}"


@dataclass
class Validation:
    """The outcome of SHACL validation: findings sorted for stable output, and the report graph."""

    conforms: bool
    findings: list
    report: Graph

    @property
    def violations(self):
        return [f for f in self.findings if f.severity == "Violation"]


def validate(loaded, union=None, shacl=None):
    """Check ``loaded.data`` together with the schema against ``loaded.shapes``.

    The union is a new graph, so neither input changes; the schema makes sh:targetClass reach
    subclasses and lets shapes check that codes belong to their concept scheme. The build passes
    the union in the form its validator reads (``infer.engines``) and that validator as ``shacl``;
    by default pySHACL on a new graph of the schema and the data.
    """
    if shacl is None:
        from pyshacl import validate as shacl
    if union is None:
        union = loaded.asserted()
    conforms, report, _ = shacl(
        union, shacl_graph=loaded.shapes, inference="none", abort_on_first=False, allow_warnings=True,
    )
    findings = sorted(_findings(report, loaded.origins), key=lambda f: (f.origin, f.focus, f.path, f.message))
    return Validation(conforms, findings, bind_prefixes(report))


def _findings(report, origins):
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        yield Finding(
            focus=str(focus),
            path=_path_text(report, report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or ""),
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=str(report.value(result, SH.sourceShape) or ""),
            value=str(report.value(result, SH.value) or ""),
            origin=origins.get(focus, ""),
        )


def _path_text(report, path):
    if path is None:
        return ""
    if isinstance(path, type(RDF.type)):
        return report.namespace_manager.normalizeUri(path)
    return "(complex path)"
