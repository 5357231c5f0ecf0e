"""The explorer site: ``site_files(graph)`` returns every page and download of ``dist/`` as
``{relative path: text}`` (``site_file_items`` yields them one by one); ``pipeline.write`` writes
them into its staging folder (atomic).

Pages: ``index.html`` (ecosystem network), ``value-chain.html``, ``consortium.html``,
``products.html``, ``actors.html``, ``actors/<slug>.html`` and ``.ttl``; downloads: GEXF, GraphML, Cytoscape JSON;
scripts in ``assets/``: vis-network and the explorer's own ``network.js``, loaded by every drawing.
"""

from atmp_kg.analyse import history
from atmp_kg.analyse.network import actor_network, with_names
from atmp_kg.rdf.ntriples import sorted_nt_lines
from atmp_kg.rdf.turtle import Turtle
from atmp_kg.site import downloads, products
from atmp_kg.site.consortium import consortia, consortium_page
from atmp_kg.site.drawing import network_payload
from atmp_kg.site.ecosystem import ecosystem_page
from atmp_kg.site.explorer import script_files
from atmp_kg.site.facts import TripleIndex
from atmp_kg.site.labels import actor_slug, site_terms
from atmp_kg.site.layout import LAYOUT_THRESHOLD, force_layout
from atmp_kg.site.markup import asset_files
from atmp_kg.site.pages import actor_list_page, description_files, profile_files
from atmp_kg.site.value_chain import value_chain_page
from atmp_kg.sparql.backends import backend


def explorer_network(select):
    """The actor network with other names (aliases, former names, French labels)."""
    return with_names(actor_network(select), select)


def site_files(graph, select=None, profiles=True, descriptions=True, as_of=None):
    """Every file of the explorer site for the inferred triples ``graph`` (an rdflib graph or a
    set), as ``{relative path: text}`` in path order."""
    return dict(sorted(site_file_items(graph, select, profiles, descriptions, as_of=as_of)))


def site_timeline(select, as_of=None):
    """The ``history.Timeline`` the explorer draws: on ``as_of`` (a ``datetime.date``), by
    default the newest source date (``None`` without any dated source: no actor is former)."""
    return history.dated_timeline(select, as_of)


def site_file_items(graph, select=None, profiles=True, descriptions=True, network=None, terms=None, as_of=None,
                    when=None, footer="", news=""):
    """Yield ``(relative path, text)`` of every file of the explorer site; the pages and Turtle
    of the actors one at a time, so that a build can write them as they come. ``profiles``:
    every actor's profile page (True) or none (False);
    ``network`` and ``terms``: the ``explorer_network`` and ``site_terms`` if made already;
    ``when``: the ``site_timeline`` if made already, else the one on ``as_of``; ``footer``: every page's
    (``markup.release_footer``); ``news``: the home page's line on what changed (``ecosystem_page``)."""
    select = select or backend(graph, engine="oxigraph")
    network = explorer_network(select) if network is None else network
    terms = site_terms(select) if terms is None else terms
    when = site_timeline(select, as_of) if when is None else when
    files = overview_files(network, terms, select, when, footer, news, graph=graph)
    while files:  # each page dropped once written: the actors' pages come next
        yield files.popitem()
    if profiles:
        yield from profile_files(graph, network, terms, when=when, footer=footer)
    if descriptions:
        yield from description_files(graph, Turtle(sorted_nt_lines(graph)))


def overview_files(network, terms, select, when=None, footer="", news="", graph=None):
    """``{relative path: text}`` of the site's pages but the actors' own, its scripts and downloads;
    the actors not active on the day of ``when`` (a ``history.Timeline``) are former ones; the
    products and trials are read from ``graph`` (the inferred triples, or their ``TripleIndex``)."""
    positions = force_layout(network) if len(network) > LAYOUT_THRESHOLD else None
    graph = TripleIndex.of(graph) if graph is not None else None  # indexed once for the pages that read it
    href = lambda iri: f"actors/{actor_slug(iri)}.html"  # noqa: E731
    payload = network_payload(network, terms, href=href, positions=positions, when=when)
    files = {**asset_files(), **script_files(), **downloads.network_files(network, positions, when)}
    links = [(name, downloads.TITLES[kind]) for kind, name in downloads.FILES.items()]
    files["index.html"] = ecosystem_page(payload, terms, links, footer, news)
    files["value-chain.html"] = value_chain_page(network, terms, href, footer, when, graph)
    files["consortium.html"] = consortium_page(consortia(select), network, terms, href, footer, when, graph)
    files["actors.html"] = actor_list_page(network, terms, when, footer)
    files[products.PAGE] = products.products_page(graph, terms, when, footer)
    return files
