"""The web layer: the FastAPI app over a store and a release (SPARQL protocol, pages, files)."""
