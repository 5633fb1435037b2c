"""The OpenAI Python client's shape, for the course's sandbox: `from openai import OpenAI`.

The sandbox's client needs no API key and no network: it talks to the sandbox's mock OpenAI
service through Pay-i's instrumentation (see payi.lib.instrument).
"""

from ._client import AsyncOpenAI, OpenAI
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._streaming import AsyncStream, Stream

__all__ = [
    "OpenAI",
    "AsyncOpenAI",
    "Stream",
    "AsyncStream",
    "OpenAIError",
    "APIError",
    "APIStatusError",
    "APIConnectionError",
    "APITimeoutError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
]
