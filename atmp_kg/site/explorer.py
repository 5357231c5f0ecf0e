"""What the explorer's pages share: the navigation bar, the explorer's script
(``assets/network.js``, shipped once in the site), the style of its drawings, and the container
that puts a drawing's data and script on a page.
"""

from functools import lru_cache
from pathlib import Path

from atmp_kg.site import i18n
from atmp_kg.site.markup import SITE_NAV, escape, json_for_script, json_text_script, variant_attributes

ASSETS = Path(__file__).resolve().parent / "assets"
DRAWING_LABEL = "Network of the actors; the list of drawn actors below gives the same as text."
NETWORK_SCRIPT = "assets/network.js"  # the explorer's script, shipped once in the site (``script_files``)


def nav_items(current):
    """The navigation bar: ``(href, text, is current)`` for each page of ``markup.SITE_NAV``."""
    return tuple((href, text, href == current) for href, text in SITE_NAV)


def script_files():
    """``{relative path: text}`` of the explorer's script, which every drawing of the site loads."""
    return {NETWORK_SCRIPT: network_js()}


@lru_cache(maxsize=1)
def network_js():
    """The explorer's own script (drawing, filters, search, language switch), after the texts it
    writes in each language (``i18n.script_strings``, as ``window.atmpStrings``)."""
    strings = f"window.atmpStrings = {json_for_script(i18n.script_strings())};\n"
    return strings + (ASSETS / "network.js").read_text(encoding="utf-8")


NETWORK_CSS = """
.explorer { display:grid; grid-template-columns: 290px 1fr; gap:1em; }
.explorer aside label { display:block; margin:.4em 0 .1em; font-weight:600; }
.explorer aside select, .explorer aside input { width:100%; padding:.25em; }
.explorer aside label.switch { font-weight:400; }
.explorer aside label.switch input { width:auto; }
#network, .partnership div[id^=network] { height: 78vh; border:1px solid var(--line); background:#fff; }
.network-small { height: 360px !important; }
#node-list ul { list-style:none; padding:0; max-height:24em; overflow:auto; columns:16em; }
#node-list button, #search-results button { font:inherit; }
#search-results { list-style:none; padding:0; margin:.3em 0; max-height:12em; overflow:auto; }
#search-results button { background:none; border:none; color:var(--accent); cursor:pointer; padding:0;
  text-align:left; }
.tip { max-width: 320px; white-space: normal; }
.network-tip { position:absolute; z-index:10; background:#fffff4; border:1px solid #999; padding:.3em .5em;
  font-size:13px; pointer-events:none; box-shadow:0 1px 4px #0003; }
.edge-swatch { display:inline-block; width:1.6em; height:0; border-top:3px solid; vertical-align:middle;
  margin-right:.3em; }
.edge-swatch.dashed { border-top-style:dashed; }
.explorer > * { min-width:0; }
@media (max-width: 800px) { .explorer { grid-template-columns: 1fr; } }
"""


def network_container(payload, small=False, name="network", root=""):
    """The drawing area ``name`` with its data (``payload``, or its ``json_for_script`` text) and
    script (vis-network must be in the head; ``root``: the relative path from the page to the
    site root, where ``script_files`` are); the page's search and filters drive the drawing
    named ``network``."""
    cls = ' class="network-small"' if small else ""
    data = payload if isinstance(payload, str) else json_for_script(payload)
    label = i18n.variants(DRAWING_LABEL)
    return (f'<div id="{escape(name)}"{cls} role="img" aria-label="{escape(label["en"])}"'
            f'{variant_attributes("aria-label", label)}></div>\n'
            + json_text_script(f"{name}-data", data) + f'\n<script src="{escape(root + NETWORK_SCRIPT)}"></script>')
