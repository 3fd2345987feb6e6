"""Publishing: a release of dumps, catalog, tables and docs, switched into place atomically."""
