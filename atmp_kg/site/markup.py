"""HTML building blocks for the static site: escaping, data passed to scripts, the page shell,
and inline assets (vis-network, CSS), so every page opens offline and shows data as text.

Rules every view follows:

- every string from the data goes through ``escape`` (text and attribute values) or
  ``json_script`` (data handed to JavaScript), never through string formatting alone;
- scripts read their data with ``JSON.parse(document.getElementById(id).textContent)`` and put
  it into the page with ``textContent`` / DOM nodes, never ``innerHTML``;
- nothing is loaded from the network, and no script runs but the page's own: the
  Content-Security-Policy of ``page`` allows scripts from the site's files and the inline scripts
  ``page`` was given (by their SHA-256 hashes), not others, nor event-handler attributes
  (``onclick=``) or ``javascript:`` links; data blocks (``application/json``) are never run.

>>> escape('<img src=x onerror="alert(1)">')
'&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
>>> print(json_for_script({"name": "</script><b>"}))
{"name":"\\u003c/script\\u003e\\u003cb\\u003e"}
"""

import base64
import hashlib
import importlib.util
import json
from functools import cache, lru_cache
from pathlib import Path

from atmp_kg.site import i18n

# {scripts}: the hash sources of the page's inline scripts (``content_security_policy``); inline
# styles stay allowed (vis-network positions its elements with style attributes)
_POLICY = ("default-src 'none'; script-src 'self'{scripts}; script-src-attr 'none'; "
           "style-src 'self' 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")

# (character, replacement) pairs, "&" first; str.replace per pair is several times faster than
# str.translate with a table of multi-character replacements
_HTML_UNSAFE = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))
_SCRIPT_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                  ("\u2029", "\\u2029"))

BASE_CSS = """
:root { --ink:#1d2733; --muted:#5b6673; --line:#d5dbe1; --bg:#f7f8fa; --accent:#1a6fb5; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color:var(--ink); background:#fff; }
header.site { display:flex; flex-wrap:wrap; align-items:center; gap:1em; padding:.5em 1em;
  background:var(--bg); border-bottom:1px solid var(--line); }
header.site .brand { font-weight:700; color:var(--ink); text-decoration:none; }
header.site nav a { margin-right:.9em; color:var(--accent); text-decoration:none; }
header.site nav a[aria-current] { font-weight:700; color:var(--ink); }
header.site .lang { margin-left:auto; }
main { padding:1em; }
h1 { font-size:1.4em; margin:.2em 0 .6em; }
h2 { font-size:1.15em; margin:1.2em 0 .4em; }
table { border-collapse:collapse; margin:.5em 0; }
th, td { border:1px solid var(--line); padding:.25em .5em; text-align:left; vertical-align:top; }
th { background:var(--bg); }
.muted { color:var(--muted); }
code { background:var(--bg); padding:0 .2em; word-break:break-all; }
.swatch { display:inline-block; width:.9em; height:.9em; border-radius:50%; vertical-align:middle;
  margin-right:.3em; border:1px solid #0003; }
.legend { list-style:none; padding:0; margin:.3em 0; }
.legend li { display:inline-block; margin-right:1em; }
:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
pre { overflow-x:auto; white-space:pre-wrap; overflow-wrap:anywhere; }
@media (max-width: 700px) {  /* phones: a wide table scrolls inside its own box, never the page */
  table { display:block; max-width:100%; overflow-x:auto; }
  main { padding:.6em; }
  h1, h2, h3, p, li, a { overflow-wrap:anywhere; }
}
footer.site { padding:.5em 1em; border-top:1px solid var(--line); color:var(--muted); font-size:.9em; }
.i18n:not(.en) { display:none; }
body.fr .i18n:not(.fr), body.nl .i18n:not(.nl) { display:none; }
body.fr .i18n.fr, body.nl .i18n.nl { display:inline; }
"""


def escape(value):
    """``value`` as HTML text or attribute value: ``& < > " '`` escaped; ``None`` -> ``""``."""
    if value is None:
        return ""
    return replace_all(str(value), _HTML_UNSAFE)


def json_for_script(value):
    """JSON text of ``value`` that is safe inside a ``<script>`` element (no ``</script>``,
    no ``<!--``, no U+2028/U+2029 line breaks that old parsers treat as newlines)."""
    return script_safe(json_text(value))


def json_text(value):
    """JSON text of ``value`` as ``json_for_script`` writes it before making it script-safe:
    sorted keys, no spaces, characters as they are."""
    return _JSON.encode(value)


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def script_safe(text):
    """JSON ``text`` made safe inside a ``<script>`` element (see ``json_for_script``)."""
    return replace_all(text, _SCRIPT_UNSAFE)


def json_pieces(fixed, varying):
    """``json_text`` of a dict with the keys and values of ``fixed`` and the keys ``varying``,
    cut where the values of ``varying`` go: ``(text, key, text, key, ..., text)``, to be joined
    with those values (numbers, as ``repr`` writes them) many times over. Encoded at once, with
    a marker (a string holding NUL characters) in each place, then cut at the markers."""
    keys = sorted(varying)
    text, pieces = _JSON.encode({**fixed, **{key: _marker(key)[0] for key in keys}}), []
    for key in keys:
        cut = text.split(_marker(key)[1])
        if len(cut) != 2:
            raise ValueError(f"cannot mark the place of {key!r}: the text holds {_marker(key)[1]} already")
        pieces += [cut[0], key]
        text = cut[1]
    return (*pieces, text)


@cache
def _marker(key):
    """The marker put in the place of ``key``'s value, and its JSON text."""
    value = f"\0{key}\0"
    return value, _JSON.encode(value)


def replace_all(text, pairs):
    """``text`` with each ``(character, replacement)`` of ``pairs`` replaced, in that order."""
    for character, replacement in pairs:
        if character in text:
            text = text.replace(character, replacement)
    return text


def json_script(element_id, value):
    """A ``<script type="application/json">`` element holding ``value``; read it in JS with
    ``JSON.parse(document.getElementById(element_id).textContent)``."""
    return json_text_script(element_id, json_for_script(value))


def json_text_script(element_id, safe_json):
    """``json_script`` for a value written already: ``safe_json`` is ``json_for_script`` text."""
    return f'<script type="application/json" id="{escape(element_id)}">{safe_json}</script>'


def inline_script(code):
    """An inline ``<script>`` element for project code (not data); refuses a closing tag. It runs
    only on a page whose policy holds its hash: give ``code`` to ``page(scripts=...)``."""
    return f"<script>{script_text(code)}</script>"


def script_text(code):
    """The text of ``code``'s inline ``<script>`` element, as the browser reads and hashes it.
    Refuses what would end the element early or change how the HTML parser reads it."""
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError("inline script code must not contain '</script' or '<!--'")
    if "\r" in code or "\0" in code:  # the parser would change them, and the text would not match its hash
        raise ValueError("inline script code must not contain carriage returns or NUL characters")
    return f"\n{code}\n"


@cache  # the same few scripts on each of thousands of pages (vis-network: 0.5 MB)
def script_hash(code):
    """The CSP hash source (``'sha256-...'``) of ``inline_script(code)``."""
    digest = hashlib.sha256(script_text(code).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@lru_cache(maxsize=64)
def content_security_policy(scripts=()):
    """The policy of a page whose inline scripts are ``inline_script(code)`` for each ``code`` of
    ``scripts`` (a tuple): nothing from the network, scripts from the site's own files and these
    inline scripts only (by hash), no event-handler attributes.

    >>> "'unsafe-inline'" in content_security_policy(("var a = 1;",)).split(";")[1]
    False
    """
    return _POLICY.format(scripts="".join(" " + script_hash(code) for code in scripts))


CSP = content_security_policy()  # a page without inline scripts


def inline_style(css):
    """An inline ``<style>`` element; refuses a closing tag."""
    if "</style" in css.lower():
        raise ValueError("inline CSS must not contain '</style'")
    return f"<style>\n{css}\n</style>"


@lru_cache(maxsize=1)
def vis_network_assets():
    """``(javascript, css)`` of vis-network as shipped inside the pyvis package (newest copy).
    The package is found, not imported: importing it loads IPython and jsonpickle (0.2 s)."""
    package = importlib.util.find_spec("pyvis")
    if package is None or package.origin is None:
        raise FileNotFoundError("the pyvis package is not installed: pip install pyvis")
    root = Path(package.origin).resolve().parent
    candidates = sorted(root.glob("lib/vis-*/vis-network.min.js")) or sorted(
        root.glob("**/vis-network.min.js"))
    if not candidates:
        raise FileNotFoundError(f"vis-network.min.js not found under {root}")
    script = candidates[-1]
    css_path = script.with_name("vis-network.css")
    css = css_path.read_text(encoding="utf-8") if css_path.exists() else ""
    return script.read_text(encoding="utf-8"), css


VIS_JS, VIS_CSS = "assets/vis-network.min.js", "assets/vis-network.css"


def vis_network_head(root=""):
    """vis-network for a page's head: links to the copies ``asset_files()`` puts in the site,
    ``root`` being the relative path from the page to the site root (``""``, ``"../"``)."""
    return (f'<script src="{escape(root + VIS_JS)}"></script>\n'
            f'<link rel="stylesheet" href="{escape(root + VIS_CSS)}">')


def vis_network_inline():
    """vis-network for a page that stands alone: ``(head, script)``, its CSS as a ``<style>``
    for the page's head and its code for ``page(scripts=...)`` (before the scripts using it)."""
    script, css = vis_network_assets()
    return (inline_style(css) if css else ""), script


def asset_files():
    """``{relative path: text}`` of vis-network's script and CSS, to ship inside the site."""
    script, css = vis_network_assets()
    return {VIS_JS: script, VIS_CSS: css}


# the static site's pages, in the order of its navigation bar
SITE_NAV = (("index.html", "Network"), ("value-chain.html", "Value chain"), ("consortium.html", "Partnerships"),
            ("products.html", "Products and trials"), ("actors.html", "Actors"), ("gaps.html", "Gap report"))


def nav_link(href, text, current=False):
    """One navigation link; ``text`` in each language where the interface's table has it."""
    extra = ' aria-current="page"' if current else ""
    return f'<a href="{escape(href)}"{extra}>{tr(text) if i18n.known(text) else escape(text)}</a>'


def site_nav(nav):
    """``nav`` (``(href, text, current)``), or when it holds one page of the static site, that
    site's whole navigation bar (``SITE_NAV``) with its own entry current."""
    if len(nav) != 1 or nav[0][0] not in dict(SITE_NAV):
        return tuple(nav)
    return tuple((href, text, href == nav[0][0] and nav[0][2]) for href, text in SITE_NAV)


def page(title, body, *, head="", scripts=(), nav=(), root="", lang="en", language_switch=False, home=None,
         policy=True, footer=""):
    """A complete HTML document: the one page shell of the static site and of the server's pages.

    ``title`` is data (escaped here), or ``{language: title}`` that the language switch shows;
    ``body`` and ``head`` are HTML the caller built with ``escape``/``json_script`` and
    ``<script src>`` of the site's files. ``scripts``: the code of the page's own inline scripts,
    put at the end of the body in that order; the policy allows them by hash and no other inline
    script. ``nav`` is a sequence of ``(href, text, current)`` relative to the site root (one page
    of ``SITE_NAV`` stands for the site's whole bar, and brings the language switch); ``root`` is
    the relative path from this page to the site root (``""`` or ``"../"``; ``"/"`` on the
    server). ``language_switch`` adds a selector of English, French and Dutch
    (``LANGUAGE_SWITCH_JS``). ``home``: where the brand links to (``root`` + ``index.html`` by
    default). ``policy``: carry the Content-Security-Policy in a ``<meta>`` element (the static
    site); False where the server sends its own policy as a header. ``footer``: HTML of the page's footer
    (``release_footer``), none if empty.
    """
    nav = site_nav(nav)
    language_switch = language_switch or any(href in dict(SITE_NAV) for href, _, _ in nav)
    links = "".join(nav_link(root + href, text, current) for href, text, current in nav)
    switch = ""
    if language_switch:
        options = "".join(f'<option value="{lang}" lang="{lang}">{escape(name)}</option>'
                          for lang, name in i18n.LANGUAGE_NAMES.items())
        switch = f'<label class="lang">{tr("Language")} <select id="language">{options}</select></label>'
    scripts = (*scripts, LANGUAGE_SWITCH_JS) if language_switch else tuple(scripts)
    titles = title if isinstance(title, dict) else {"en": title}
    title, title_variants = titles["en"], variant_attributes("text", titles) if len(titles) > 1 else ""
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{escape(content_security_policy(scripts))}">\n'
            if policy else "")
    home = root + "index.html" if home is None else home
    footer_element = f'<footer class="site">{footer}</footer>\n' if footer else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n{meta}'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title{title_variants}>{escape(title)}</title>\n{inline_style(BASE_CSS)}\n{head}\n</head>\n<body>\n"
        f'<header class="site"><a class="brand" href="{escape(home)}">atmp-kg</a>'
        f"<nav>{links}</nav>{switch}</header>\n"
        f"<main>\n{body}\n</main>\n{footer_element}"
        f"{''.join(map(inline_script, scripts))}\n</body>\n</html>\n"
    )


def release_footer(release, as_of):
    """The footer saying which data a page shows: the ``release`` (a ``read.release.Release``,
    or None: unreleased), the release it revises, and the day the data is as of (an ISO text or
    a date; None: unknown)."""
    if release is None:
        text = "Data: unreleased (the graph folder has no release.csv)"
    else:
        text = f"Data: release {release.version}, issued {release.date}"
        if release.previous:
            text += f", revises release {release.previous}"
    return escape(text + (f"; as of {as_of}." if as_of else "."))


# The language switch: the chosen language (remembered across pages) becomes the class of the body
# (``fr``, ``nl``; none for English) that shows the variants of ``multilingual`` (BASE_CSS), and the
# elements with ``variant_attributes`` get its text; then the page's scripts hear "atmp-lang".
LANGUAGE_SWITCH_JS = """
(function () {
  var select = document.getElementById("language");
  if (!select) return;
  var stored = null;
  try { stored = window.localStorage.getItem("atmp-kg-lang"); } catch (e) {}
  function apply(lang) {
    ["fr", "nl"].forEach(function (other) { document.body.classList.toggle(other, lang === other); });
    document.documentElement.lang = lang;
    select.value = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (element) {
      ["text", "placeholder", "aria-label"].forEach(function (name) {
        var value = element.getAttribute("data-" + lang + "-" + name);
        if (value === null) return;
        if (name === "text") element.textContent = value; else element.setAttribute(name, value);
      });
    });
    document.dispatchEvent(new CustomEvent("atmp-lang", {detail: lang}));
  }
  select.addEventListener("change", function () {
    try { window.localStorage.setItem("atmp-kg-lang", select.value); } catch (e) {}
    apply(select.value);
  });
  apply(stored === "fr" || stored === "nl" ? stored : "en");
})();
"""


@cache  # the same few hundred headings and labels, on each of thousands of pages
def multilingual(en, fr=None, nl=None):
    """Escaped text in English, with its French and Dutch variants (English where one is
    missing) for the language switch: one ``<span class="i18n ...">`` per distinct text, whose
    classes name the languages it shows in and whose ``lang`` is its own language."""
    texts = {"en": en, "fr": fr or en, "nl": nl or en}
    if len(set(texts.values())) == 1:
        return escape(en)
    shown_in = {}
    for lang, text in texts.items():
        shown_in.setdefault(text, []).append(lang)
    return "".join(f'<span class="i18n {" ".join(langs)}" lang="{"en" if text == en else langs[0]}">'
                   f"{escape(text)}</span>" for text, langs in shown_in.items())


def bilingual(en, fr=None):
    """``multilingual`` of a name known in English and French only (Dutch shows the English)."""
    return multilingual(en, fr)


def tr(text, **values):
    """Escaped HTML of the English interface ``text`` (a key of ``i18n.STRINGS``) in each
    language, with ``values`` put in (escaped here); the language switch shows one."""
    return _tr(text, tuple(sorted(values.items())))


@cache
def _tr(text, values):
    return multilingual(*i18n.variants(text, **dict(values)).values())


def variant_attributes(name, texts):
    """The attributes that let the language switch rewrite ``name`` (``text``: the element's text;
    or an attribute such as ``placeholder``) with ``texts`` (``{language: text}``; English where
    one is missing)."""
    return " data-i18n" + "".join(f' data-{lang}-{name}="{escape(texts.get(lang) or texts["en"])}"'
                                  for lang in i18n.LANGUAGES)
