"""Response objects with the OpenAI Python client's shape: attribute access, model_dump(), repr.

Each class names the fields the API documents, so a field the answer left out reads as None (as
in the real client), and nested objects get their own classes (`response.choices[0].message`).
"""

import json
from typing import Any, ClassVar, Dict, Tuple, Type, Union

Nested = Union[Type["BaseModel"], Tuple[Type["BaseModel"]]]


class BaseModel:
    #: Fields the API documents, in its order; missing ones read as None.
    _fields: ClassVar[Tuple[str, ...]] = ()
    #: Fields holding objects: a class, or a one-class tuple for a list of them.
    _nested: ClassVar[Dict[str, Any]] = {}

    def __init__(self, **data: Any) -> None:
        for name in self._fields:
            object.__setattr__(self, name, None)
        for name, value in data.items():
            object.__setattr__(self, name, _build(self._nested.get(name), value))

    @classmethod
    def construct(cls, data: Any) -> Any:
        return _build(cls, data)

    def model_dump(self, *, exclude_none: bool = False, **_: Any) -> "dict[str, Any]":
        out: "dict[str, Any]" = {}
        for name, value in vars(self).items():
            if name.startswith("_") or (exclude_none and value is None):
                continue
            out[name] = _dump(value, exclude_none)
        return out

    def to_dict(self, **kwargs: Any) -> "dict[str, Any]":
        return self.model_dump(exclude_none=True)

    def model_dump_json(self, *, indent: Any = None, **_: Any) -> str:
        return json.dumps(self.model_dump(), indent=indent, ensure_ascii=False)

    def to_json(self, *, indent: Any = 2, **_: Any) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}" for name, value in vars(self).items() if not name.startswith("_")
        )
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.model_dump() == other.model_dump()  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


class _Object(BaseModel):
    """An object the API sent that has no class of its own here."""


def _build(kind: Any, value: Any) -> Any:
    if isinstance(value, dict):
        cls = kind[0] if isinstance(kind, tuple) else kind
        return (cls or _Object)(**value)
    if isinstance(value, list):
        inner = kind if isinstance(kind, tuple) else None
        return [_build(inner, item) for item in value]
    return value


def _dump(value: Any, exclude_none: bool) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=exclude_none)
    if isinstance(value, list):
        return [_dump(item, exclude_none) for item in value]
    if isinstance(value, dict):
        return {key: _dump(item, exclude_none) for key, item in value.items()}
    return value


# Chat Completions
class PromptTokensDetails(BaseModel):
    _fields = ("audio_tokens", "cached_tokens")


class CompletionTokensDetails(BaseModel):
    _fields = ("accepted_prediction_tokens", "audio_tokens", "reasoning_tokens", "rejected_prediction_tokens")


class CompletionUsage(BaseModel):
    _fields = ("completion_tokens", "prompt_tokens", "total_tokens", "completion_tokens_details", "prompt_tokens_details")
    _nested = {"completion_tokens_details": CompletionTokensDetails, "prompt_tokens_details": PromptTokensDetails}


class ChatCompletionMessage(BaseModel):
    _fields = ("content", "refusal", "role", "annotations", "audio", "function_call", "tool_calls")


class Choice(BaseModel):
    _fields = ("finish_reason", "index", "logprobs", "message")
    _nested = {"message": ChatCompletionMessage}


class ChatCompletion(BaseModel):
    _fields = ("id", "choices", "created", "model", "object", "service_tier", "system_fingerprint", "usage")
    _nested = {"choices": (Choice,), "usage": CompletionUsage}


class ChoiceDelta(BaseModel):
    _fields = ("content", "function_call", "refusal", "role", "tool_calls")


class ChunkChoice(BaseModel):
    _fields = ("delta", "finish_reason", "index", "logprobs")
    _nested = {"delta": ChoiceDelta}


class ChatCompletionChunk(BaseModel):
    _fields = ("id", "choices", "created", "model", "object", "service_tier", "system_fingerprint", "usage")
    _nested = {"choices": (ChunkChoice,), "usage": CompletionUsage}


# Embeddings
class Embedding(BaseModel):
    _fields = ("embedding", "index", "object")


class EmbeddingUsage(BaseModel):
    _fields = ("prompt_tokens", "total_tokens")


class CreateEmbeddingResponse(BaseModel):
    _fields = ("data", "model", "object", "usage")
    _nested = {"data": (Embedding,), "usage": EmbeddingUsage}


# Responses
class ResponseUsage(BaseModel):
    _fields = ("input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details", "total_tokens")


class Response(BaseModel):
    _fields = (
        "id", "created_at", "error", "incomplete_details", "instructions", "metadata", "model",
        "object", "output", "parallel_tool_calls", "previous_response_id", "status", "usage",
    )
    _nested = {"usage": ResponseUsage}

    @property
    def output_text(self) -> str:
        """The text of every output message, joined (as the real client's property)."""
        texts = []
        for item in self.output or []:
            if getattr(item, "type", None) != "message":
                continue
            for part in getattr(item, "content", None) or []:
                if getattr(part, "type", None) == "output_text":
                    texts.append(part.text)
        return "".join(texts)


class ResponseStreamEvent(BaseModel):
    """One event of a streamed Response; `type` says which (e.g. "response.output_text.delta")."""

    _fields = ("type", "sequence_number")
    _nested = {"response": Response}
