"""`stream=True`: the events of one answer, read as they arrive (`for chunk in stream`)."""

import json
from typing import Any, Type

from payi import _bridge

from ._models import BaseModel


class Stream:
    """A synchronous stream: iterate it, or use it in a `with` block; close() stops it early."""

    def __init__(self, answer: Any, cls: Type[BaseModel], response: Any) -> None:
        self._answer = answer
        self._cls = cls
        self._done = False
        self.response = response

    def __iter__(self) -> "Stream":
        return self

    def __next__(self) -> Any:
        if self._done:
            raise StopIteration
        data = _bridge.wait(self._answer.next())
        if data is None:
            self._done = True
            raise StopIteration
        return self._cls.construct(json.loads(data))

    def close(self) -> None:
        if not self._done:
            self._done = True
            _bridge.wait(self._answer.close())

    def __enter__(self) -> "Stream":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncStream:
    """An asynchronous stream: `async for chunk in stream`, or `async with`."""

    def __init__(self, answer: Any, cls: Type[BaseModel], response: Any) -> None:
        self._answer = answer
        self._cls = cls
        self._done = False
        self.response = response

    def __aiter__(self) -> "AsyncStream":
        return self

    async def __anext__(self) -> Any:
        if self._done:
            raise StopAsyncIteration
        data = await self._answer.next()
        if data is None:
            self._done = True
            raise StopAsyncIteration
        return self._cls.construct(json.loads(data))

    async def close(self) -> None:
        if not self._done:
            self._done = True
            await self._answer.close()

    async def __aenter__(self) -> "AsyncStream":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()
