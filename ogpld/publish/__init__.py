"""Publishing: a release of dumps, catalog, tables and docs, switched into place atomically."""

from ogpld.publish.release import publish

__all__ = ["publish"]
