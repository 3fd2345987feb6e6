"""Answers kept in memory: a release never changes while it is served, so an answer stays right.

Portals send the same queries over and over (their dashboards, the example queries); a repeated
query is answered from memory instead of by a query worker. Used for the embedded store only: a
SPARQL server's graphs can be switched under a running `serve --store`.
"""

from __future__ import annotations

from collections import OrderedDict

from ogpld.store.base import Answer, QueryRequest, Store


class CachedStore:
    """A store whose answers are kept, least recently used first out, within a byte budget."""

    def __init__(self, store: Store, max_bytes: int, max_answer_bytes: int | None = None) -> None:
        self.store, self.max_bytes = store, max_bytes
        self.max_answer_bytes = max_answer_bytes or max(1, max_bytes // 16)
        self.answers: OrderedDict[QueryRequest, Answer] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    async def start(self) -> None:
        start = getattr(self.store, "start", None)
        if start is not None:
            await start()

    async def execute(self, request: QueryRequest) -> Answer:
        answer = self.answers.get(request)
        if answer is not None:
            self.answers.move_to_end(request)
            self.hits += 1
            return answer
        self.misses += 1
        answer = await self.store.execute(request)
        self._keep(request, answer)
        return answer

    def _keep(self, request: QueryRequest, answer: Answer) -> None:
        size = len(answer.body) + len(request.query)
        if size > self.max_answer_bytes or request in self.answers:
            return
        self.answers[request] = answer
        self.size += size
        while self.size > self.max_bytes:
            old, dropped = self.answers.popitem(last=False)
            self.size -= len(dropped.body) + len(old.query)

    async def close(self) -> None:
        await self.store.close()
