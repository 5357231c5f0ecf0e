"""Infer: check the loaded graph against the shapes (SHACL) and entail what OWL 2 RL adds; the
engines are chosen once here (``engines``); ``atmp_kg.pipeline`` composes the steps."""
