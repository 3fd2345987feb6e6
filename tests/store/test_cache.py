"""The answer cache: repeated queries are not run again, within a byte budget."""

from __future__ import annotations

import asyncio

import pytest

from ogpld.errors import QueryError
from ogpld.store.base import Answer, QueryRequest
from ogpld.store.cache import CachedStore


class CountingStore:
    """A store that answers every query with a body of the asked size and counts its runs."""

    def __init__(self) -> None:
        self.runs: list[str] = []

    async def execute(self, request: QueryRequest) -> Answer:
        self.runs.append(request.query)
        if request.query == "bad":
            raise QueryError("bad query", 400)
        return Answer("solutions", b"x" * int(request.query.split()[-1]))

    async def close(self) -> None:
        self.runs.append("closed")


def ask(store: CachedStore, query: str, fmt: str = "json", graphs: tuple = ()) -> Answer:
    request = QueryRequest(query, result_format=fmt, graph_format="turtle", default_graphs=graphs)
    return asyncio.run(store.execute(request))


def test_a_repeated_query_is_answered_without_running_it_again():
    inner = CountingStore()
    cached = CachedStore(inner, max_bytes=10_000)
    first, second = ask(cached, "q 100"), ask(cached, "q 100")
    assert first.body == second.body == b"x" * 100
    assert inner.runs == ["q 100"] and (cached.hits, cached.misses) == (1, 1)


def test_the_format_and_the_dataset_are_part_of_the_question():
    inner = CountingStore()
    cached = CachedStore(inner, max_bytes=10_000)
    ask(cached, "q 10")
    ask(cached, "q 10", fmt="csv")
    ask(cached, "q 10", graphs=("urn:g",))
    assert len(inner.runs) == 3


def test_errors_are_never_kept():
    inner = CountingStore()
    cached = CachedStore(inner, max_bytes=10_000)
    for _ in range(2):
        with pytest.raises(QueryError):
            ask(cached, "bad")
    assert inner.runs == ["bad", "bad"]


def test_the_least_recently_used_answer_goes_first_when_the_budget_is_spent():
    inner = CountingStore()
    cached = CachedStore(inner, max_bytes=1_000, max_answer_bytes=1_000)
    ask(cached, "a 400")
    ask(cached, "b 400")
    ask(cached, "a 400")  # a is now the most recently used
    ask(cached, "c 400")  # over budget: b goes
    assert cached.size <= 1_000
    ask(cached, "a 400")
    ask(cached, "b 400")
    assert inner.runs == ["a 400", "b 400", "c 400", "b 400"]


def test_large_answers_are_passed_on_but_not_kept():
    inner = CountingStore()
    cached = CachedStore(inner, max_bytes=16_000)
    assert len(ask(cached, "big 5000").body) == 5000
    ask(cached, "big 5000")
    assert inner.runs == ["big 5000", "big 5000"] and cached.size == 0


def test_closing_the_cache_closes_the_store():
    inner = CountingStore()
    asyncio.run(CachedStore(inner, max_bytes=10).close())
    assert inner.runs == ["closed"]
