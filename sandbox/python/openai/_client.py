"""`OpenAI()` and `AsyncOpenAI()`: the OpenAI Python client's shape over the sandbox provider.

A call goes to the sandbox runtime with the scope open here (Python's own context), the headers as
written and the learner's line; the runtime tags it, answers it with the mock provider, prices it,
applies limits, reports the call, and attaches Pay-i's tracking result to the answer. No API key
and no network are needed.
"""

import json
import os
from typing import Any, Optional, Type

from payi import _bridge
from payi._models import tracking_result
from payi.lib.instrument import current_scope

from ._exceptions import status_error
from ._models import (
    BaseModel,
    ChatCompletion,
    ChatCompletionChunk,
    CreateEmbeddingResponse,
    Response,
    ResponseStreamEvent,
)
from ._streaming import AsyncStream, Stream

_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")


class _HttpResponse:
    """What an error or a stream keeps of the HTTP answer."""

    def __init__(self, status_code: int, headers: "dict[str, str]") -> None:
        self.status_code = status_code
        self.headers = headers


class _BaseClient:
    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Any = None,
        max_retries: int = 2,
        default_headers: Optional["dict[str, str]"] = None,
        default_query: Any = None,
        http_client: Any = None,
        **_: Any,
    ) -> None:
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or "sk-sandbox-no-key-needed"
        self.organization = organization
        self.project = project
        self.base_url = base_url or "https://api.openai.com/v1"
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})
        if http_client is not None:
            _bridge.runtime.warn(
                "the sandbox has no network: the client always talks to the sandbox's mock "
                "OpenAI service, so http_client is not used."
            )
        self._provider = _bridge.runtime.createProvider()

    def _prepare(self, path: str, params: "dict[str, Any]") -> "tuple[Any, ...]":
        """The call's arguments for the runtime, read now (scope and line at the call, as in Pay-i)."""
        extra_headers = params.pop("extra_headers", None) or {}
        extra_body = params.pop("extra_body", None) or {}
        for option in _OPTIONS:
            params.pop(option, None)
        body = {name: value for name, value in params.items() if value is not None}
        body.update(extra_body)
        headers: "dict[str, str]" = {}
        for source in (self.default_headers, extra_headers):
            if not isinstance(source, dict):
                raise TypeError(f"extra_headers must be a dict of str, not {type(source).__name__}.")
            for name, value in source.items():
                if value is None:
                    headers.pop(name, None)
                    continue
                if not isinstance(value, str):
                    raise TypeError(
                        f"the header {name!r} must be a str, not {type(value).__name__}."
                    )
                headers[name] = value
        site = _bridge.learner_position(3)
        return (
            self._provider,
            current_scope(),
            path,
            _bridge.to_json(body),
            _bridge.to_json(headers),
            _bridge.to_json(site),
        )

    @staticmethod
    def _answer(answer: Any, cast: Type[BaseModel], stream_cls: Any, chunk: Type[BaseModel]) -> Any:
        response = _HttpResponse(int(answer.status), json.loads(answer.headers))
        text = getattr(answer, "text", None)
        if response.status_code >= 400:
            raise status_error(response, text or "")
        if text is None:
            return stream_cls(answer, chunk, response)
        data = json.loads(text)
        tracked = data.pop("xproxy_result", None) if isinstance(data, dict) else None
        result = cast.construct(data)
        if tracked is not None:
            object.__setattr__(result, "xproxy_result", tracking_result(tracked))
        return result


class OpenAI(_BaseClient):
    """The OpenAI client, sandbox edition: `client.chat.completions.create(...)`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chat = _Chat(self, asynchronous=False)
        self.embeddings = _Embeddings(self, asynchronous=False)
        self.responses = _Responses(self, asynchronous=False)

    def _send(self, path: str, params: "dict[str, Any]", cast: Any, chunk: Any) -> Any:
        args = self._prepare(path, params)
        answer = _bridge.wait(_bridge.runtime.call(*args))
        return self._answer(answer, cast, Stream, chunk)

    def with_options(self, **kwargs: Any) -> "OpenAI":
        return self


class AsyncOpenAI(_BaseClient):
    """The asynchronous client: `await client.chat.completions.create(...)`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chat = _Chat(self, asynchronous=True)
        self.embeddings = _Embeddings(self, asynchronous=True)
        self.responses = _Responses(self, asynchronous=True)

    def _send(self, path: str, params: "dict[str, Any]", cast: Any, chunk: Any) -> Any:
        # Read the scope and the line now, when create() is called, not when it is awaited.
        args = self._prepare(path, params)

        async def send() -> Any:
            answer = await _bridge.runtime.call(*args)
            return self._answer(answer, cast, AsyncStream, chunk)

        return send()

    def with_options(self, **kwargs: Any) -> "AsyncOpenAI":
        return self


class _Resource:
    def __init__(self, client: Any, *, asynchronous: bool) -> None:
        self._client = client
        self._asynchronous = asynchronous


class _Completions(_Resource):
    def create(self, *, model: str, messages: Any, **params: Any) -> Any:
        """A chat completion; with stream=True, a stream of ChatCompletionChunk."""
        return self._client._send(
            "/chat/completions",
            {"model": model, "messages": messages, **params},
            ChatCompletion,
            ChatCompletionChunk,
        )


class _Chat(_Resource):
    def __init__(self, client: Any, *, asynchronous: bool) -> None:
        super().__init__(client, asynchronous=asynchronous)
        self.completions = _Completions(client, asynchronous=asynchronous)


class _Embeddings(_Resource):
    def create(self, *, model: str, input: Any, **params: Any) -> Any:
        """Embeddings of `input` (a string or a list of strings)."""
        return self._client._send(
            "/embeddings", {"model": model, "input": input, **params}, CreateEmbeddingResponse, BaseModel
        )


class _Responses(_Resource):
    def create(self, *, model: str, **params: Any) -> Any:
        """A Response (`response.output_text`); with stream=True, a stream of events."""
        return self._client._send(
            "/responses", {"model": model, **params}, Response, ResponseStreamEvent
        )
