"""The endpoint's own documents: its SPARQL 1.1 Service Description, the query UI and a home
page for a build without one."""

import html

from atmp_kg.serve import linked_data as ld
from atmp_kg.site import markup


def service_description(endpoint, site):
    """The SPARQL 1.1 Service Description of the endpoint, as Turtle bytes."""
    formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]
    triples = len(site.store)
    description = (f"atmp-kg: read-only SPARQL 1.1 endpoint; queries time out after {site.timeout:g} s; "
                   f"at most {site.cap} rows per answer (header X-Result-Truncated); SERVICE is refused.")
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}#service> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat {", ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in formats)} ;
  dcterms:description "{description}"@en ;
  sd:defaultDataset [ a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ; void:triples {triples} ] ] .
""".encode()


def ui_page(site):
    """The query UI: YASGUI from ``/-/yasgui/``, one tab per named query, in the site's page shell."""
    head = ('<link rel="stylesheet" href="/-/yasgui/yasgui.min.css">'
            + markup.inline_style("main{padding:0;max-width:none}#result-notice{padding:.5rem 1rem;background:#fff3cd;"
                                  "border-bottom:1px solid #e0c36b}"))
    body = ('<div id="result-notice" role="status" hidden></div><div id="yasgui"></div>'
            + markup.json_script("named-queries", site.queries)
            + '<script src="/-/yasgui/yasgui.min.js"></script><script src="/-/yasgui/atmp-kg-ui.js"></script>')
    return ld.page("atmp-kg SPARQL", body, head=head, current="sparql")


def index_page(site):
    """A home page when ``dist/`` has no ``index.html``: the endpoint, ontology, dumps, site files."""
    files = sorted(p.relative_to(site.dist).as_posix() for p in site.dist.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site.dist).parts))
    items = "".join(f'<li><a href="/{html.escape(name)}">{html.escape(name)}</a></li>' for name in files)
    body = ("<h1>atmp-kg</h1><p>An open knowledge graph of the ATMP value chain (Wallonia, Belgium).</p>"
            f"<h2>Files of this build</h2><ul>{items}</ul>")
    return ld.page("atmp-kg", body)
