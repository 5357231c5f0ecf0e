"""RDF vocabulary: the namespaces and terms the other stages write with."""
