"""Analyse: the actor network (networkx), its measures, and the collaboration-gap report."""
