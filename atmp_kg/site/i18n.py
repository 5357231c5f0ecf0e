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
PART_SEPARATORS = {"en": "; ", "fr": " ; ", "nl": "; "}  # between the parts of a text: French spaces a semicolon

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
    "Stages run left to right in value-chain order; cross-cutting activities come last.": (
        "Les étapes vont de gauche à droite dans l'ordre de la chaîne de valeur ; les activités transversales "
        "viennent en dernier.",
        "De schakels lopen van links naar rechts in de volgorde van de waardeketen; transversale activiteiten "
        "komen laatst."),
    "As of {day}: only the actors active on that day and their capabilities valid on it count; the others are "
    "shown grey.": (
        "Au {day} : seuls comptent les acteurs actifs ce jour-là et leurs capacités valables ce jour-là ; les "
        "autres sont affichés en gris.",
        "Op {day}: alleen de actoren die die dag actief zijn en hun vermogens die dan gelden tellen mee; de "
        "andere staan in het grijs."),
    "gap: no actor active on the day covers the stage for that therapy": (
        "lacune : aucun acteur actif ce jour-là ne couvre l'étape pour cette thérapie",
        "lacune: geen actor die dag actief dekt de schakel voor die therapie"),
    "not covered by the data: no capability claim for the stage (or the therapy) at all, on any day; nobody "
    "collected it, which says nothing of a gap": (
        "non couvert par les données : aucune affirmation de capacité pour l'étape (ou la thérapie), à aucune "
        "date ; personne ne l'a relevée, ce qui ne dit rien d'une lacune",
        "niet gedekt door de gegevens: geen enkele vermogensbewering voor de schakel (of de therapie), op geen "
        "enkele dag; niemand heeft ze verzameld, wat niets zegt over een lacune"),
    "grey: a former actor, or a capability that is not valid on the day (ended, not yet started or planned)": (
        "en gris : un ancien acteur, ou une capacité qui n'est pas valable ce jour-là (terminée, pas encore "
        "commencée ou prévue)",
        "grijs: een vroegere actor, of een vermogen dat die dag niet geldt (beëindigd, nog niet begonnen of "
        "gepland)"),
    "{count} not covered by the data.": ("{count} non couvertes par les données.",
                                         "{count} niet gedekt door de gegevens."),
    "former actor:": ("ancien acteur :", "vroegere actor:"),
    # what became of a former actor (history.ending_text), why a claim does not hold on the day
    "absorbed {date}": ("absorbé {date}", "opgeslorpt {date}"),
    "merged {date}": ("fusionné {date}", "gefuseerd {date}"),
    "liquidation {date}": ("en liquidation {date}", "in vereffening {date}"),
    "closed {date}": ("fermé {date}", "gesloten {date}"),
    "founded {date}": ("fondé {date}", "opgericht {date}"),
    "ended {date}": ("terminé {date}", "beëindigd {date}"),
    "not valid on {day}": ("non valable le {day}", "niet geldig op {day}"),
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
    "past membership": ("participation passée", "vroegere deelname"),
    "Grey: a former actor (not active on {day}), or a membership that is not current on that day (past, not yet "
    "started or planned), with its dates.": (
        "En gris : un ancien acteur (inactif le {day}), ou une participation qui n'est pas en cours ce jour-là "
        "(passée, pas encore commencée ou prévue), avec ses dates.",
        "Grijs: een vroegere actor (niet actief op {day}), of een deelname die die dag niet loopt (voorbij, nog "
        "niet begonnen of gepland), met haar data."),
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
    "as of {date}": ("au {date}", "op {date}"),
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
    # the gap report (site/gapview.py)
    "atmp-kg gap report ({count} actors)": ("atmp-kg : rapport des lacunes ({count} acteurs)",
                                            "atmp-kg: lacunerapport ({count} actoren)"),
    "Brief: the ATMP value chain as of {day}": ("Synthèse : la chaîne de valeur des ATMP au {day}",
                                                "Samenvatting: de ATMP-waardeketen op {day}"),
    "Data: as of {day}.": ("Données : au {day}.", "Gegevens: op {day}."),
    "Data: release {version}, as of {day}.": ("Données : version {version}, au {day}.",
                                              "Gegevens: release {version}, op {day}."),
    "Printing this page prints this brief only; the tables below have the details.": (
        "Imprimer cette page n'imprime que cette synthèse ; les tableaux ci-dessous donnent le détail.",
        "Deze pagina afdrukken drukt alleen deze samenvatting af; de tabellen hieronder geven de details."),
    "active actors": ("acteurs actifs", "actieve actoren"), "gaps": ("lacunes", "lacunes"),
    "single points of failure": ("points uniques de défaillance", "kwetsbare punten"),
    "cells not covered by the data": ("cases non couvertes par les données", "cellen niet gedekt door de gegevens"),
    "chain stages without a regional actor": ("étapes de la chaîne sans acteur régional",
                                              "schakels zonder regionale actor"),
    "Headline gaps: value-chain stages no Walloon or Brussels actor covers": (
        "Lacunes principales : étapes de la chaîne de valeur qu'aucun acteur wallon ou bruxellois ne couvre",
        "Belangrijkste lacunes: schakels van de waardeketen die geen Waalse of Brusselse actor dekt"),
    "Single points of failure (one actor)": ("Points uniques de défaillance (un seul acteur)",
                                             "Kwetsbare punten (één actor)"),
    "Top brokers (betweenness)": ("Principaux intermédiaires (intermédiarité)",
                                  "Belangrijkste bemiddelaars (betweenness)"),
    "The {count} best partner suggestions": ("Les {count} meilleures suggestions de partenaires",
                                             "De {count} beste partnersuggesties"),
    "none": ("aucun", "geen"),
    "and {count} more (coverage table)": ("et {count} de plus (tableau de couverture)",
                                          "en nog {count} (dekkingstabel)"),
    "{count} hop(s) apart": ("à {count} saut(s)", "{count} stap(pen) verwijderd"),
    "adjacent stage": ("étape adjacente", "aangrenzende schakel"),
    "complementary therapy": ("thérapie complémentaire", "complementaire therapie"),
    "same pillar": ("même pilier", "zelfde pijler"),
    # why a partner is suggested (analyse/suggestions.py: STAGE_VERBS, reason_parts); {therapy}, {stage}: labels
    "{name} does discovery research on {therapy}": ("{name} fait de la recherche fondamentale en {therapy}",
                                                    "{name} doet fundamenteel onderzoek naar {therapy}"),
    "{name} does preclinical {therapy}": ("{name} fait du développement préclinique en {therapy}",
                                          "{name} doet preklinische ontwikkeling van {therapy}"),
    "{name} supplies starting materials for {therapy}": ("{name} fournit des matières de départ en {therapy}",
                                                         "{name} levert uitgangsmaterialen voor {therapy}"),
    "{name} develops processes for {therapy}": ("{name} développe des procédés en {therapy}",
                                                "{name} ontwikkelt processen voor {therapy}"),
    "{name} manufactures {therapy} under GMP": ("{name} fait de la production BPF en {therapy}",
                                                "{name} doet GMP-productie van {therapy}"),
    "{name} does quality control and release of {therapy}": (
        "{name} fait le contrôle qualité et la libération en {therapy}",
        "{name} doet kwaliteitscontrole en vrijgave van {therapy}"),
    "{name} runs clinical trials of {therapy}": ("{name} mène des essais cliniques en {therapy}",
                                                 "{name} voert klinische studies uit met {therapy}"),
    "{name} handles regulatory affairs for {therapy}": ("{name} gère les affaires réglementaires en {therapy}",
                                                        "{name} behandelt regelgevingszaken voor {therapy}"),
    "{name} works on HTA and reimbursement of {therapy}": (
        "{name} travaille à l'évaluation des technologies de santé et au remboursement en {therapy}",
        "{name} werkt aan HTA en terugbetaling van {therapy}"),
    "{name} handles supply chain and delivery of {therapy}": (
        "{name} gère la chaîne d'approvisionnement et l'administration en {therapy}",
        "{name} verzorgt toeleveringsketen en toediening van {therapy}"),
    "{name} does post-approval follow-up of {therapy}": ("{name} assure le suivi post-autorisation en {therapy}",
                                                         "{name} doet opvolging na goedkeuring van {therapy}"),
    "{name} works on {stage} for {therapy}": ("{name} travaille à l'étape « {stage} » en {therapy}",
                                              "{name} werkt aan \u201c{stage}\u201d voor {therapy}"),
    "no shared project": ("aucun projet commun", "geen gemeenschappelijk project"),
    "both in {collaborations}": ("tous deux dans {collaborations}", "beide in {collaborations}"),
    "{count} common partner ({names})": ("{count} partenaire commun ({names})",
                                         "{count} gemeenschappelijke partner ({names})"),
    "{count} common partners ({names})": ("{count} partenaires communs ({names})",
                                          "{count} gemeenschappelijke partners ({names})"),
    "not connected within {count} hops": ("non relié en {count} sauts ou moins",
                                          "niet verbonden binnen {count} stappen"),
    "{count} hops apart": ("à {count} sauts", "{count} stappen verwijderd"),
    "suggested: {reason}": ("suggéré : {reason}", "voorgesteld: {reason}"),
    "Full report: gaps.html and the CSV files in gaps/.": ("Rapport complet : gaps.html et les fichiers CSV de gaps/.",
                                                           "Volledig rapport: gaps.html en de CSV-bestanden in gaps/."),
    "Collaboration gaps in the ATMP value chain": ("Lacunes de collaboration dans la chaîne de valeur des ATMP",
                                                   "Samenwerkingslacunes in de ATMP-waardeketen"),
    "As of {day}: only the actors active on that day and the claims valid on it count (default: the date of "
    "the newest source).": (
        "Au {day} : seuls comptent les acteurs actifs ce jour-là et les affirmations valables ce jour-là (par "
        "défaut : la date de la source la plus récente).",
        "Op {day}: alleen de actoren die die dag actief zijn en de beweringen die dan gelden tellen mee "
        "(standaard: de datum van de nieuwste bron)."),
    "{count} actor(s) no longer active (or not yet founded) are left out:": (
        "{count} acteur(s) qui ne sont plus actifs (ou pas encore fondés) sont écartés :",
        "{count} actor(en) die niet meer actief zijn (of nog niet opgericht) blijven buiten beschouwing:"),
    "former actors": ("anciens acteurs", "vroegere actoren"),
    "{count} actor(s) have an unknown seat (counted as unknown, never as a region).": (
        "{count} acteur(s) ont un siège inconnu (comptés comme inconnus, jamais dans une région).",
        "{count} actor(en) hebben een onbekende zetel (geteld als onbekend, nooit bij een gewest)."),
    "{actors} actors, {links} links between them.": ("{actors} acteurs, {links} liens entre eux.",
                                                     "{actors} actoren, {links} verbanden ertussen."),
    "Regional means based in {regions}.": ("Régional signifie établi en {regions}.",
                                           "Regionaal betekent gevestigd in {regions}."),
    "A gap is a stage x therapy cell without any actor; a single point of failure has exactly one.": (
        "Une lacune est une case étape x thérapie sans aucun acteur ; un point unique de défaillance en a "
        "exactement un.",
        "Een lacune is een cel schakel x therapie zonder enige actor; een kwetsbaar punt heeft er precies één."),
    "A cell whose stage or therapy has no capability claim at all is not covered by the data: nobody collected "
    "it, which says nothing of a gap ({count} cells).": (
        "Une case dont l'étape ou la thérapie n'a aucune affirmation de capacité n'est pas couverte par les "
        "données : personne ne l'a relevée, ce qui ne dit rien d'une lacune ({count} cases).",
        "Een cel waarvan de schakel of therapie geen enkele vermogensbewering heeft, is niet gedekt door de "
        "gegevens: niemand heeft ze verzameld, wat niets zegt over een lacune ({count} cellen)."),
    "{count} active actor(s) have no capability recorded yet:": (
        "{count} acteur(s) actif(s) n'ont encore aucune capacité enregistrée :",
        "{count} actieve actor(en) hebben nog geen vermogen geregistreerd:"),
    "capabilities unknown": ("capacités inconnues", "vermogens onbekend"),
    "Every table as a spreadsheet (CSV):": ("Chaque tableau en tableur (CSV) :", "Elke tabel als spreadsheet (CSV):"),
    "How each was made:": ("Comment chacun est fait :", "Hoe elke tabel gemaakt is:"),
    "reproduce": ("reproduire", "reproduceren"),
    "1. Coverage": ("1. Couverture", "1. Dekking"), "2. Continuity": ("2. Continuité", "2. Continuïteit"),
    "3. Network structure": ("3. Structure du réseau", "3. Netwerkstructuur"),
    "4. Partner suggestions": ("4. Suggestions de partenaires", "4. Partnersuggesties"),
    "Former actors": ("Anciens acteurs", "Vroegere actoren"),
    "Capabilities unknown": ("Capacités inconnues", "Vermogens onbekend"),
    "5. Gap network view": ("5. Vue du réseau et des lacunes", "5. Netwerkweergave van de lacunes"),
    "Filter the report": ("Filtrer le rapport", "Het rapport filteren"), "Stage": ("Étape", "Schakel"),
    "Pillar": ("Pilier", "Pijler"), "Show all": ("Tout afficher", "Alles tonen"),
    "1. Coverage: value-chain stage x therapy type": (
        "1. Couverture : étape de la chaîne de valeur x type de thérapie",
        "1. Dekking: schakel van de waardeketen x soort therapie"),
    "gap (no actor)": ("lacune (aucun acteur)", "lacune (geen actor)"),
    "not covered by the data (no claim for the stage or the therapy)": (
        "non couvert par les données (aucune affirmation pour l'étape ou la thérapie)",
        "niet gedekt door de gegevens (geen bewering voor de schakel of de therapie)"),
    "single point of failure (one actor)": ("point unique de défaillance (un seul acteur)",
                                            "kwetsbaar punt (één actor)"),
    "dashed outline: no regional actor": ("contour en tirets : aucun acteur régional",
                                          "gestippelde rand: geen regionale actor"),
    "counts: W Wallonia · B Brussels · F Flanders · other beyond · ? unknown seat": (
        "comptes : W Wallonie · B Bruxelles · F Flandre · other ailleurs · ? siège inconnu",
        "aantallen: W Wallonië · B Brussel · F Vlaanderen · other elders · ? onbekende zetel"),
    "stage \\ therapy": ("étape \\ thérapie", "schakel \\ therapie"),
    "no data": ("pas de données", "geen gegevens"), "0 · gap": ("0 · lacune", "0 · lacune"),
    "2. Value-chain continuity per therapy": ("2. Continuité de la chaîne de valeur par thérapie",
                                              "2. Continuïteit van de waardeketen per therapie"),
    "Stages 01-11 that no actor based in Wallonia or Brussels covers. Nearest: in Flanders if anyone there "
    "covers it, else beyond. Network-nearest: the covering actor with fewest hops from any regional actor. "
    "Status not covered by the data: no capability claim at all for the stage or the therapy.": (
        "Étapes 01-11 qu'aucun acteur établi en Wallonie ou à Bruxelles ne couvre. Le plus proche : en Flandre si "
        "quelqu'un la couvre, sinon ailleurs. Le plus proche dans le réseau : l'acteur qui la couvre à le moins "
        "de sauts d'un acteur régional. Statut non couvert par les données : aucune affirmation de capacité "
        "pour l'étape ou la thérapie.",
        "Schakels 01-11 die geen actor in Wallonië of Brussel dekt. Dichtstbij: in Vlaanderen als iemand daar "
        "ze dekt, anders elders. Dichtstbij in het netwerk: de actor die ze dekt met de minste stappen van een "
        "regionale actor. Status niet gedekt door de gegevens: geen enkele vermogensbewering voor de schakel of "
        "de therapie."),
    "stage without regional actor": ("étape sans acteur régional", "schakel zonder regionale actor"),
    "nearest region": ("région la plus proche", "dichtstbijzijnde regio"),
    "actors there": ("acteurs là-bas", "actoren daar"),
    "network-nearest actor": ("acteur le plus proche dans le réseau", "dichtstbijzijnde actor in het netwerk"),
    "status": ("statut", "status"), "no regional actor": ("aucun acteur régional", "geen regionale actor"),
    "not covered by the data": ("non couvert par les données", "niet gedekt door de gegevens"),
    "nobody": ("personne", "niemand"), "({count} hops)": ("({count} sauts)", "({count} stappen)"),
    "(not connected)": ("(non relié)", "(niet verbonden)"),
    "Brokers (top {count} by betweenness)": ("Intermédiaires (les {count} premiers par intermédiarité)",
                                             "Bemiddelaars (top {count} volgens betweenness)"),
    "High betweenness: on many shortest paths between others. Low constraint and high effective size: contacts "
    "that are not connected to each other (structural holes the actor spans).": (
        "Intermédiarité élevée : sur de nombreux plus courts chemins entre d'autres. Faible contrainte et grande "
        "taille effective : des contacts qui ne sont pas reliés entre eux (trous structuraux que l'acteur comble).",
        "Hoge betweenness: op veel kortste paden tussen anderen. Lage constraint en grote effectieve omvang: "
        "contacten die onderling niet verbonden zijn (structurele gaten die de actor overbrugt)."),
    "rank": ("rang", "rang"),
    "degree": ("degré", "graad"), "betweenness": ("intermédiarité", "betweenness"),
    "constraint": ("contrainte", "constraint"), "effective size": ("taille effective", "effectieve omvang"),
    "community": ("communauté", "gemeenschap"), "pillars": ("piliers", "pijlers"),
    "Communities and pillars": ("Communautés et piliers", "Gemeenschappen en pijlers"),
    "size": ("taille", "omvang"), "main pillar": ("pilier principal", "belangrijkste pijler"),
    "share": ("part", "aandeel"), "pillar members": ("membres des piliers", "leden van de pijlers"),
    "members": ("membres", "leden"),
    "main community": ("communauté principale", "belangrijkste gemeenschap"),
    "communities": ("communautés", "gemeenschappen"),
    "Isolated actors": ("Acteurs isolés", "Geïsoleerde actoren"),
    "no capability recorded": ("aucune capacité enregistrée", "geen vermogen geregistreerd"),
    "For each actor, up to {shown} actors here (up to {top} in suggestions.csv) that cover an adjacent stage for "
    "the same therapy, or the same stage for a complementary therapy, and do not collaborate yet (no relation, "
    "no trial together, no shared work package or project), are active on the report's day and not part of the "
    "same group (subsidiary, acquisition, unit). Ranked by fewest hops in the network (searched up to {hops}), "
    "then common partners, then matching capabilities; a partner matched only through a pillar comes last.": (
        "Pour chaque acteur, jusqu'à {shown} acteurs ici (jusqu'à {top} dans suggestions.csv) qui couvrent une "
        "étape adjacente pour la même thérapie, ou la même étape pour une thérapie complémentaire, ne collaborent "
        "pas encore (aucune relation, aucun essai commun, aucun lot de travail ou projet partagé), sont actifs le "
        "jour du rapport et ne font pas partie du même groupe (filiale, acquisition, unité). Classés par le moins "
        "de sauts dans le réseau (cherchés jusqu'à {hops}), puis les partenaires communs, puis les capacités "
        "concordantes ; un partenaire trouvé seulement par un pilier vient en dernier.",
        "Voor elke actor tot {shown} actoren hier (tot {top} in suggestions.csv) die een aangrenzende schakel "
        "voor dezelfde therapie dekken, of dezelfde schakel voor een complementaire therapie, nog niet "
        "samenwerken (geen relatie, geen gezamenlijke studie, geen gedeeld werkpakket of project), actief zijn op "
        "de dag van het rapport en niet tot dezelfde groep behoren (dochter, overname, eenheid). Gerangschikt "
        "naar de minste stappen in het netwerk (gezocht tot {hops}), dan gemeenschappelijke partners, dan "
        "overeenkomende vermogens; een partner die alleen via een pijler gevonden wordt, komt laatst."),
    "Public bodies, clusters and investors are suggested too.": (
        "Les organismes publics, pôles et investisseurs sont aussi suggérés.",
        "Overheidsinstanties, clusters en investeerders worden ook voorgesteld."),
    "Public bodies, clusters and investors are not suggested.": (
        "Les organismes publics, pôles et investisseurs ne sont pas suggérés.",
        "Overheidsinstanties, clusters en investeerders worden niet voorgesteld."),
    "The first {shown} of {count} rows, by actor name; every row is in suggestions.csv.": (
        "Les {shown} premières des {count} lignes, par nom d'acteur ; toutes sont dans suggestions.csv.",
        "De eerste {shown} van {count} rijen, op naam van de actor; alle rijen staan in suggestions.csv."),
    "suggested partner": ("partenaire suggéré", "voorgestelde partner"), "match": ("concordance", "overeenkomst"),
    "hops": ("sauts", "stappen"), "common partners": ("partenaires communs", "gemeenschappelijke partners"),
    "reason": ("raison", "reden"), "evidence": ("preuves", "bewijs"), "2 claims": ("2 affirmations", "2 beweringen"),
    "Actors in the data that are not active on {day}: they count nowhere in this report and are never suggested; "
    "where one has a successor, it is named.": (
        "Acteurs des données qui ne sont pas actifs le {day} : ils ne comptent nulle part dans ce rapport et ne sont "
        "jamais suggérés ; leur successeur est nommé s'ils en ont un.",
        "Actoren in de gegevens die op {day} niet actief zijn: ze tellen nergens mee in dit rapport en worden nooit "
        "voorgesteld; een eventuele opvolger wordt genoemd."),
    "change": ("changement", "verandering"), "now": ("aujourd'hui", "nu"),
    "Active actors without any capability claim in the data: they count in no coverage cell and in no "
    "suggestion until a source for what they do is recorded.": (
        "Acteurs actifs sans aucune affirmation de capacité dans les données : ils ne comptent dans aucune case "
        "ni aucune suggestion tant qu'une source sur ce qu'ils font n'est pas enregistrée.",
        "Actieve actoren zonder enige vermogensbewering in de gegevens: ze tellen in geen enkele cel of suggestie "
        "mee zolang geen bron over wat ze doen is vastgelegd."),
    "type unknown": ("type inconnu", "soort onbekend"),
    "documented link": ("lien documenté", "gedocumenteerd verband"),
    "suggested link (top {count} per actor)": ("lien suggéré (les {count} premiers par acteur)",
                                               "voorgesteld verband (top {count} per actor)"),
    "Node size: betweenness. Hover for details; double-click an actor for its entry.": (
        "Taille des nœuds : intermédiarité. Survolez pour les détails ; double-cliquez sur un acteur pour sa fiche.",
        "Grootte van de knopen: betweenness. Beweeg erover voor details; dubbelklik op een actor voor zijn item."),
    "The {shown} most central of {count} actors (highest betweenness, then name) and the links among them.": (
        "Les {shown} plus centraux des {count} acteurs (plus grande intermédiarité, puis nom) et leurs liens.",
        "De {shown} meest centrale van {count} actoren (hoogste betweenness, dan naam) en hun verbanden."),
    "Network of actors with suggested links dashed": ("Réseau des acteurs, liens suggérés en tirets",
                                                      "Netwerk van actoren, voorgestelde verbanden gestippeld"),
    "How each table is made": ("Comment chaque tableau est fait", "Hoe elke tabel gemaakt is"),
    "file": ("fichier", "bestand"), "table": ("tableau", "tabel"), "made by": ("fait par", "gemaakt door"),
    "{count} link(s); community {community}": ("{count} lien(s) ; communauté {community}",
                                               "{count} verband(en); gemeenschap {community}"),
    "Wallonia": ("Wallonie", "Wallonië"), "Brussels-Capital Region": ("Région de Bruxelles-Capitale",
                                                                      "Brussels Hoofdstedelijk Gewest"),
    "Flanders": ("Flandre", "Vlaanderen"), "beyond (elsewhere)": ("ailleurs", "elders"),
    "unknown seat": ("siège inconnu", "onbekende zetel"), "or": ("ou", "of"),
    "All {count} actors.": ("Les {count} acteurs.", "Alle {count} actoren."),
    "{shown} of {count} actors match the filters.": ("{shown} acteurs sur {count} répondent aux filtres.",
                                                     "{shown} van {count} actoren voldoen aan de filters."),
}

# the texts that assets/network.js writes, by its own names for them
SCRIPT_TEXTS = {"showing": "Showing {shown} of {total}", "hidden": " ({count} former actors hidden)", "all": "all",
                "open": "Open profile", "former": "former actor: {text}", "aka": "aka {names}",
                "formerMark": " (former)", "notFound": "no actor found", "select": "Select"}


def variants(text, **values):
    """``{language: text}`` of the English ``text`` (a key of ``STRINGS``), with ``values`` put in."""
    french, dutch = STRINGS[text]
    return {lang: variant.format(**values) for lang, variant in zip(LANGUAGES, (text, french, dutch), strict=True)}


def template(text, lang):
    """The English ``text`` (a key of ``STRINGS``) in ``lang``, its ``{name}`` places left to fill."""
    return text if lang == "en" else STRINGS[text][LANGUAGES.index(lang) - 1]


def known(text):
    """Whether the English ``text`` is in the table."""
    return text in STRINGS


def script_strings():
    """``{name: {language: text}}`` of the texts network.js writes (``{name}`` left for it to fill)."""
    return {name: dict(zip(LANGUAGES, (text, *STRINGS[text]), strict=True)) for name, text in SCRIPT_TEXTS.items()}
