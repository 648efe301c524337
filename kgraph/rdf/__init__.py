"""RDF stage: namespaces, IRI minting, assertions → rdflib dataset, reading and writing."""
