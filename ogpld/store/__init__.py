"""Stores behind one small interface: the embedded pyoxigraph store (default) and, later, others."""

from ogpld.store.base import Answer, QueryRequest, Store
from ogpld.store.embedded import EmbeddedStore

__all__ = ["Answer", "EmbeddedStore", "QueryRequest", "Store"]
