"""The Pay-i client, as far as the course uses it: limits (budgets) to create and read back.

`Payi()` needs no API key in the sandbox: limits live in the sandbox runtime for one run, and the
calls that name them in limit_ids count against them there.
"""

import json
from typing import Any, Optional

from . import _bridge
from ._models import PayiObject

__all__ = ["Payi", "AsyncPayi", "PayiError", "NotFoundError", "ConflictError"]


class PayiError(Exception):
    """An error from the Pay-i client."""


class NotFoundError(PayiError):
    status_code = 404


class ConflictError(PayiError):
    status_code = 409


def _limit_response(limit: "dict[str, Any]", spent: float, request_id: str) -> PayiObject:
    return PayiObject.build(
        "LimitResponse",
        {
            "request_id": request_id,
            "limit": {
                "limit_id": limit["id"],
                "limit_name": limit["name"],
                "max": limit["max"],
                "limit_type": limit["type"],
                "threshold": limit["threshold"],
                "totals": {"cost": {"total": {"base": spent}}},
            },
        },
    )


class Limits:
    """`payi.limits`: create a budget, read its spend."""

    def __init__(self) -> None:
        self._requests = 0

    def _next_request_id(self) -> str:
        self._requests += 1
        return f"payi_limit_req_{self._requests}"

    def create(
        self,
        *,
        limit_name: str,
        max: float,
        limit_id: Optional[str] = None,
        limit_type: str = "allow",
        threshold: Optional[float] = None,
        limit_tags: Any = None,
        **ignored: Any,
    ) -> PayiObject:
        """Creates a limit of `max` US dollars; calls count against it through limit_ids."""
        if not isinstance(limit_name, str) or not limit_name.strip():
            raise ValueError("limits.create: give the limit a name, e.g. limit_name='budget-user_123'.")
        if isinstance(max, bool) or not isinstance(max, (int, float)) or not max > 0:
            raise ValueError(f"limits.create: max must be a positive number of USD, not {max!r}.")
        if limit_type not in ("allow", "block"):
            raise ValueError(f"limits.create: limit_type must be 'allow' or 'block', not {limit_type!r}.")
        if threshold is not None and threshold != 1 and not (0.75 <= threshold <= 0.99):
            raise ValueError(
                f"limits.create: threshold must be between 0.75 and 0.99 (or None for 1.0), not {threshold!r}."
            )
        if limit_id is not None and (not isinstance(limit_id, str) or not limit_id.strip()):
            raise ValueError("limits.create: limit_id must be a non-empty str.")
        if limit_id is not None and _bridge.runtime.limitStatus(limit_id) is not None:
            raise ConflictError(f"limits.create: a limit with id {limit_id!r} already exists.")
        options: "dict[str, Any]" = {"name": limit_name, "max": max, "type": limit_type}
        if threshold is not None:
            options["threshold"] = threshold
        limit = json.loads(_bridge.runtime.createLimit(_bridge.to_json(options), limit_id))
        return _limit_response(limit, 0.0, self._next_request_id())

    def retrieve(self, limit_id: str) -> PayiObject:
        """The limit and what has been spent against it in this run."""
        raw = _bridge.runtime.limitStatus(str(limit_id))
        if raw is None:
            raise NotFoundError(f"limits.retrieve: no limit with id {limit_id!r} exists in this run.")
        status = json.loads(raw)
        return _limit_response(status["limit"], status["spent"], self._next_request_id())


class AsyncLimits:
    """`payi.limits` of AsyncPayi: the same, awaitable."""

    def __init__(self) -> None:
        self._sync = Limits()

    async def create(self, **kwargs: Any) -> PayiObject:
        return self._sync.create(**kwargs)

    async def retrieve(self, limit_id: str) -> PayiObject:
        return self._sync.retrieve(limit_id)


class Payi:
    """The Pay-i client. No key is needed in the sandbox."""

    def __init__(self, api_key: Optional[str] = None, base_url: Optional[str] = None, **_: Any) -> None:
        self.limits = Limits()


class AsyncPayi:
    """The asynchronous Pay-i client."""

    def __init__(self, api_key: Optional[str] = None, base_url: Optional[str] = None, **_: Any) -> None:
        self.limits = AsyncLimits()
