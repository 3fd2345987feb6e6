"""ogpld's SHACL engine: shapes compiled to SPARQL and evaluated over a pyoxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ogpld.engine.evaluator import Evaluator
from ogpld.engine.results import RawResult
from ogpld.engine.shapes import ShapesGraph

__all__ = ["RawResult", "evaluate"]


def evaluate(store: ox.Store, shapes: Graph) -> list[RawResult]:
    """Every validation result of the store's data (all graphs, as one) against the shapes."""
    return Evaluator(store, ShapesGraph(shapes)).run()
