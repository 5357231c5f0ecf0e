"""The endpoint's own documents: its SPARQL 1.1 Service Description, the query UI and a home
page for a build without one."""

import html
from urllib.parse import quote

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
            + markup.inline_style("main{padding:0;max-width:none}#ui-tools{margin:.5rem 1rem}"
                                  "#result-notice{padding:.5rem 1rem;background:#fff3cd;"
                                  "border-bottom:1px solid #e0c36b}"))
    body = ('<p id="ui-tools"><button id="download-csv" type="button">Download the answer as CSV</button> '
            '<a href="/queries.html">The named queries, with a link to each</a></p>'
            '<div id="result-notice" role="status" hidden></div><div id="yasgui"></div>'
            + markup.json_script("named-queries", site.queries)
            + '<script src="/-/yasgui/yasgui.min.js"></script><script src="/-/yasgui/atmp-kg-ui.js"></script>')
    return ld.page("atmp-kg SPARQL", body, head=head, current="sparql")


def queries_page(site):
    """The named queries, each with the link that opens it in the query UI (``/sparql?name=NAME``)."""
    rows = "".join(
        f'<tr><td><a href="/sparql?name={quote(query["name"])}"><code>{html.escape(query["name"])}</code></a></td>'
        f'<td>{html.escape(query["title"])}</td><td>{html.escape(query["description"])}</td></tr>'
        for query in site.queries)
    body = ("<h1>Named queries</h1><p>Each link opens the query in the query UI, its parameters bound to "
            "their defaults by a <code>VALUES</code> line you can edit; the UI downloads any answer as CSV. "
            "On the command line: <code>atmp-kg query NAME --format csv</code>.</p>"
            f"<table><thead><tr><th>query</th><th>title</th><th>what it answers</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
    return ld.page("atmp-kg named queries", body, head=markup.inline_style("td:first-child code{white-space:nowrap}"),
                   current="queries.html")


def index_page(site):
    """A home page when ``dist/`` has no ``index.html``: the endpoint, ontology, dumps, site files."""
    files = sorted(p.relative_to(site.dist).as_posix() for p in site.dist.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site.dist).parts))
    items = "".join(f'<li><a href="/{html.escape(name)}">{html.escape(name)}</a></li>' for name in files)
    body = ("<h1>atmp-kg</h1><p>An open knowledge graph of the ATMP value chain (Wallonia, Belgium).</p>"
            '<p><a href="/sparql">SPARQL query UI</a> - <a href="/queries.html">named queries</a></p>'
            f"<h2>Files of this build</h2><ul>{items}</ul>")
    return ld.page("atmp-kg", body)
