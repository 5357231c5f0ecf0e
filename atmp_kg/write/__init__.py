"""Write: the build's RDF dumps, its VoID/DCAT description and the staging of ``dist/``."""
