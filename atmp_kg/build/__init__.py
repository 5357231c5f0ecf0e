"""Build: validate (SHACL), reason (OWL 2 RL) and check the loaded graph; ``pipeline`` composes the steps."""
