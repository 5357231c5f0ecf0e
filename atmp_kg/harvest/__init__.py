"""``atmp-kg harvest``: proposals from the public registries, for a person to review.

One module per registry reads its records (``clinicaltrials``, ``cordis``, ``ema``) into
``Record``s (``model``), keeping only ATMP records (``atmp``); ``matching`` finds what the graph
holds already; ``proposals`` writes ``review/<source>/`` in the columns of ``graph/``; ``run``
composes them.
"""
