"""The explorer's interface in English, French and Dutch: ``STRINGS`` is the one table of its
words, keyed by the English text (as gettext keys messages); the labels of concepts come from
the ontology's SKOS labels instead (``labels.site_terms``).

``variants(text, **values)`` gives its three texts; ``markup.tr`` their HTML, which the language
switch shows one at a time; ``markup.variant_attributes`` what the switch rewrites (titles, menu
entries, attributes); ``script_strings`` the table that ``assets/network.js`` reads. A text
missing from the table is an error (KeyError), so that no English is left behind by accident.

>>> variants("{count} actors.", count=3)
{'en': '3 actors.', 'fr': '3 acteurs.', 'nl': '3 actoren.'}
"""

LANGUAGES = ("en", "fr", "nl")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "nl": "Nederlands"}

STRINGS = {  # English: (French, Dutch); {name} marks a value put in at run time
    # navigation and page titles
    "Network": ("Réseau", "Netwerk"),
    "Value chain": ("Chaîne de valeur", "Waardeketen"),
    "Partnerships": ("Partenariats", "Partnerschappen"),
    "Products and trials": ("Produits et essais", "Producten en studies"),
    "Actors": ("Acteurs", "Actoren"),
    "Gap report": ("Rapport des lacunes", "Lacunerapport"),
    "Language": ("Langue", "Taal"),
    "atmp-kg: ATMP ecosystem network": (
        "atmp-kg : réseau de l'écosystème ATMP", "atmp-kg: netwerk van het ATMP-ecosysteem"),
    "atmp-kg: value chain per therapy": (
        "atmp-kg : chaîne de valeur par thérapie", "atmp-kg: waardeketen per therapie"),
    "atmp-kg: partnerships": ("atmp-kg : partenariats", "atmp-kg: partnerschappen"),
    "atmp-kg: products and trials": ("atmp-kg : produits et essais", "atmp-kg: producten en studies"),
    "atmp-kg: actors": ("atmp-kg : acteurs", "atmp-kg: actoren"),
    "atmp-kg: {name}": ("atmp-kg : {name}", "atmp-kg: {name}"),
    # the network page
    "The ATMP ecosystem": ("L'écosystème ATMP", "Het ATMP-ecosysteem"),
    "Search an actor (name or alias)": ("Chercher un acteur (nom ou alias)", "Zoek een actor (naam of alias)"),
    "name, acronym, former name": ("nom, sigle, ancien nom", "naam, acroniem, vroegere naam"),
    "Therapy": ("Thérapie", "Therapie"),
    "Value-chain stage": ("Étape de la chaîne de valeur", "Schakel van de waardeketen"),
    "Actor type": ("Type d'acteur", "Soort actor"),
    "Region": ("Région", "Regio"),
    "show former actors": ("afficher les anciens acteurs", "vroegere actoren tonen"),
    "Legend": ("Légende", "Legende"),
    "Node size: degree centrality (number of connected actors). Click an actor for details, double-click "
    "to open its profile.": (
        "Taille des nœuds : centralité de degré (nombre d'acteurs liés). Cliquez sur un acteur pour ses détails, "
        "double-cliquez pour ouvrir sa fiche.",
        "Grootte van de knopen: graadcentraliteit (aantal verbonden actoren). Klik op een actor voor details, "
        "dubbelklik om zijn profiel te openen."),
    "{count} former actor(s), not active on {day} (closed, absorbed, merged, in liquidation or not yet "
    "founded): grey, hidden until \u201cshow former actors\u201d is ticked.": (
        "{count} ancien(s) acteur(s), inactif(s) le {day} (fermé, absorbé, fusionné, en liquidation ou pas "
        "encore fondé) : en gris, masqué(s) tant que « afficher les anciens acteurs » n'est pas coché.",
        "{count} vroegere actor(en), niet actief op {day} (gesloten, opgeslorpt, gefuseerd, in vereffening of "
        "nog niet opgericht): grijs, verborgen tot \u201cvroegere actoren tonen\u201d is aangevinkt."),
    "Downloads": ("Téléchargements", "Downloads"),
    "GEXF and GraphML open in Gephi; the .cyjs file in Cytoscape (File, Import, Network from file).": (
        "GEXF et GraphML s'ouvrent dans Gephi ; le fichier .cyjs dans Cytoscape (File, Import, Network from file).",
        "GEXF en GraphML openen in Gephi; het .cyjs-bestand in Cytoscape (File, Import, Network from file)."),
    "Drawn actors": ("Acteurs dessinés", "Getekende actoren"),
    "Network of the actors; the list of drawn actors below gives the same as text.": (
        "Réseau des acteurs ; la liste des acteurs dessinés ci-dessous en donne le texte.",
        "Netwerk van de actoren; de lijst van getekende actoren hieronder geeft hetzelfde als tekst."),
    # what network.js writes
    "Showing {shown} of {total}": ("Affichés : {shown} sur {total}", "Getoond: {shown} van {total}"),
    " ({count} former actors hidden)": (" ({count} anciens acteurs masqués)", " ({count} vroegere actoren verborgen)"),
    "all": ("tous", "alle"),
    "Open profile": ("Voir la fiche", "Profiel openen"),
    "former actor: {text}": ("ancien acteur : {text}", "vroegere actor: {text}"),
    "aka {names}": ("alias {names}", "ook {names}"),
    " (former)": (" (ancien)", " (vroeger)"),
    "no actor found": ("aucun acteur trouvé", "geen actor gevonden"),
    "Select": ("Sélectionner", "Selecteren"),
    # the value chain page
    "Value chain per therapy": ("Chaîne de valeur par thérapie", "Waardeketen per therapie"),
    "Stages run left to right in value-chain order; cross-cutting activities come last. Empty columns are "
    "stages no actor in the graph covers for that therapy.": (
        "Les étapes vont de gauche à droite dans l'ordre de la chaîne de valeur ; les activités transversales "
        "viennent en dernier. Une colonne vide est une étape qu'aucun acteur du graphe ne couvre pour cette thérapie.",
        "De schakels lopen van links naar rechts in de volgorde van de waardeketen; transversale activiteiten "
        "komen laatst. Een lege kolom is een schakel die geen actor in de graaf voor die therapie dekt."),
    "all therapies": ("toutes les thérapies", "alle therapieën"),
    "{covered} of {total} stages covered.": ("{covered} étapes couvertes sur {total}.",
                                             "{covered} van {total} schakels gedekt."),
    "no actor": ("aucun acteur", "geen actor"),
    # the partnerships page
    "Partnership, pillars, work packages and projects, and the partners of each with their role.": (
        "Partenariat, piliers, lots de travail et projets, et les partenaires de chacun avec leur rôle.",
        "Partnerschap, pijlers, werkpakketten en projecten, en de partners van elk met hun rol."),
    "No partnership in the graph.": ("Aucun partenariat dans le graphe.", "Geen partnerschap in de graaf."),
    "partnership": ("partenariat", "partnerschap"),
    "pillar": ("pilier", "pijler"),
    "work package": ("lot de travail", "werkpakket"),
    "project": ("projet", "project"),
    "part of": ("fait partie de", "deel van"),
    # the actor list
    "{count} actors.": ("{count} acteurs.", "{count} actoren."),
    "{count} former actor(s), not active on {day}, are hidden.": (
        "{count} ancien(s) acteur(s), inactif(s) le {day}, masqué(s).",
        "{count} vroegere actor(en), niet actief op {day}, verborgen."),
    # table headings
    "name": ("nom", "naam"), "also known as": ("aussi appelé", "ook bekend als"), "type": ("type", "soort"),
    "region": ("région", "regio"), "therapies": ("thérapies", "therapieën"), "property": ("propriété", "eigenschap"),
    "value": ("valeur", "waarde"), "sources": ("sources", "bronnen"), "stage": ("étape", "schakel"),
    "therapy": ("thérapie", "therapie"), "note": ("note", "opmerking"), "actor": ("acteur", "actor"),
    "relation": ("relation", "relatie"), "date": ("date", "datum"), "collaboration": ("collaboration", "samenwerking"),
    "role": ("rôle", "rol"), "dates": ("dates", "data"), "measure": ("mesure", "maat"), "unit": ("unité", "eenheid"),
    "period": ("période", "periode"), "event": ("événement", "gebeurtenis"), "details": ("détails", "details"),
    "product": ("produit", "product"), "phase": ("phase", "fase"), "trial": ("essai", "studie"),
    "developer": ("développeur", "ontwikkelaar"), "indication": ("indication", "indicatie"),
    "sponsor": ("promoteur", "opdrachtgever"), "sites": ("centres", "centra"), "start": ("début", "start"),
    # a profile
    "Facts": ("Faits", "Feiten"), "Capabilities": ("Capacités", "Capaciteiten"), "Relations": ("Relations", "Relaties"),
    "Partnerships and projects": ("Partenariats et projets", "Partnerschappen en projecten"),
    "Figures": ("Chiffres", "Cijfers"), "Timeline": ("Chronologie", "Tijdlijn"),
    "Neighbourhood": ("Voisinage", "Omgeving"), "Related actors": ("Acteurs liés", "Verwante actoren"),
    "Identifier and RDF": ("Identifiant et RDF", "Identificatie en RDF"),
    "French name": ("nom français", "Franse naam"), "former name": ("ancien nom", "vroegere naam"),
    "based in": ("établi à", "gevestigd in"),
    "website": ("site web", "website"),
    "same as": ("identique à", "dezelfde als"),
    "enterprise number": ("numéro d'entreprise", "ondernemingsnummer"), "LEI": ("LEI", "LEI"),
    "founded": ("fondé", "opgericht"), "description": ("description", "beschrijving"),
    "from the place": ("d'après le lieu", "volgens de plaats"), "no source": ("aucune source", "geen bron"),
    "none in the graph": ("aucun dans le graphe", "geen in de graaf"),
    "from {date}": ("depuis {date}", "vanaf {date}"), "until {date}": ("jusqu'au {date}", "tot {date}"),
    "planned": ("prévu", "gepland"), "now part of": ("désormais dans", "nu deel van"),
    "member of": ("membre de", "lid van"), "capability:": ("capacité :", "capaciteit:"), "site:": ("site :", "site:"),
    "last seen {date}": ("vu le {date}", "laatst gezien {date}"), "Former actor": ("Ancien acteur", "Vroegere actor"),
    "(as of {day})": ("(au {day})", "(op {day})"),
    "This actor as Turtle:": ("Cet acteur en Turtle :", "Deze actor in Turtle:"),
    "From the published IRI (content negotiation):": ("Depuis l'IRI publié (négociation de contenu) :",
                                                      "Via de gepubliceerde IRI (content negotiation):"),
    "From the SPARQL endpoint ({command}):": ("Depuis le point d'accès SPARQL ({command}) :",
                                             "Via het SPARQL-eindpunt ({command}):"),
    # products and trials
    "Products": ("Produits", "Producten"), "Clinical trials": ("Essais cliniques", "Klinische studies"),
    "therapy unknown": ("thérapie inconnue", "therapie onbekend"), "unknown": ("inconnue", "onbekend"),
    "since {date}": ("depuis {date}", "sinds {date}"), "trial site": ("centre d'essai", "studiecentrum"),
    "{products} products and {trials} clinical trials, by therapy; a product's phase is its phase on {day}, "
    "with the date it was reached where the sources give one.": (
        "{products} produits et {trials} essais cliniques, par thérapie ; la phase d'un produit est sa phase le "
        "{day}, avec la date où il l'a atteinte quand les sources la donnent.",
        "{products} producten en {trials} klinische studies, per therapie; de fase van een product is die op "
        "{day}, met de datum waarop het die bereikte als de bronnen die geven."),
    "No product or trial in the graph.": ("Aucun produit ni essai dans le graphe.",
                                          "Geen product of studie in de graaf."),
    # relation kinds (site/palette.py draws them)
    "same partnership or project": ("même partenariat ou projet", "zelfde partnerschap of project"),
    "acquisition": ("acquisition", "overname"), "spin-off": ("essaimage (spin-off)", "spin-off"),
    "subsidiary": ("filiale", "dochteronderneming"), "manufacturing for": ("fabrication pour", "productie voor"),
    "affiliation": ("affiliation", "affiliatie"),
    "research unit of": ("unité de recherche de", "onderzoekseenheid van"),
    "investment": ("investissement", "investering"), "funding": ("financement", "financiering"),
    "beyond Belgium or unknown": ("hors de Belgique ou inconnu", "buiten België of onbekend"),
    # downloads (site/downloads.py)
    "Network for Gephi (GEXF)": ("Réseau pour Gephi (GEXF)", "Netwerk voor Gephi (GEXF)"),
    "Network for Gephi and yEd (GraphML)": (
        "Réseau pour Gephi et yEd (GraphML)", "Netwerk voor Gephi en yEd (GraphML)"),
    "Network for Cytoscape (JSON, .cyjs)": (
        "Réseau pour Cytoscape (JSON, .cyjs)", "Netwerk voor Cytoscape (JSON, .cyjs)"),
}

# the texts that assets/network.js writes, by its own names for them
SCRIPT_TEXTS = {"showing": "Showing {shown} of {total}", "hidden": " ({count} former actors hidden)", "all": "all",
                "open": "Open profile", "former": "former actor: {text}", "aka": "aka {names}",
                "formerMark": " (former)", "notFound": "no actor found", "select": "Select"}


def variants(text, **values):
    """``{language: text}`` of the English ``text`` (a key of ``STRINGS``), with ``values`` put in."""
    french, dutch = STRINGS[text]
    return {lang: variant.format(**values) for lang, variant in zip(LANGUAGES, (text, french, dutch), strict=True)}


def known(text):
    """Whether the English ``text`` is in the table."""
    return text in STRINGS


def script_strings():
    """``{name: {language: text}}`` of the texts network.js writes (``{name}`` left for it to fill)."""
    return {name: dict(zip(LANGUAGES, (text, *STRINGS[text]), strict=True)) for name, text in SCRIPT_TEXTS.items()}
