"""`payi.lib.instrument`: payi_instrument, @ingest, track_context, @track and @proxy.

A teaching re-creation of Pay-i's Python SDK for the course's sandbox. Python keeps the scope
stack (a ContextVar, so scopes follow asyncio tasks as Python's own contexts do); every scope is
built by the sandbox runtime from its own options and its immediate parent, by the rules the
TypeScript API follows too. Options are read when the decorator is applied (decoration time), as
Python evaluates any decorator's arguments.
"""

import contextvars
import functools
import inspect
from typing import Any, Callable, Optional, TypeVar

from .. import _bridge

F = TypeVar("F", bound=Callable[..., Any])

#: The innermost open scope of the running flow (a runtime handle), or None outside every scope.
_current: "contextvars.ContextVar[Any]" = contextvars.ContextVar("payi_scope", default=None)

_OPTION_NAMES = {
    "user_id": "userId",
    "use_case_name": "useCaseName",
    "use_case_id": "useCaseId",
    "use_case_version": "useCaseVersion",
    "use_case_step": "useCaseStep",
    "limit_ids": "limitIds",
    "request_tags": "requestTags",
    "proxy": "proxy",
    "global_instrumentation": "globalInstrumentation",
}
_STRINGS = {"user_id", "use_case_name", "use_case_id", "use_case_step"}
_LISTS = {"limit_ids", "request_tags"}
_FLAGS = {"proxy", "global_instrumentation"}


def current_scope() -> Any:
    """The runtime handle of the innermost scope open here (None: the global context)."""
    return _current.get()


def _runtime_options(where: str, given: "dict[str, Any]") -> "dict[str, Any]":
    """Python's arguments in the runtime's names. None means "not given", as in Pay-i's SDK."""
    options: "dict[str, Any]" = {}
    for name, value in given.items():
        if value is None:
            continue
        if name in _STRINGS and not isinstance(value, str):
            raise TypeError(
                f"{where}: {name} must be a str, not {type(value).__name__}. "
                f"Pass str({value!r}) if your ids are numbers."
            )
        if name in _LISTS:
            if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
                raise TypeError(
                    f"{where}: {name} must be a list of str, not {type(value).__name__}. "
                    f"Write {name}=[{value!r}]."
                )
            if not all(isinstance(item, str) for item in value):
                raise TypeError(f"{where}: every item of {name} must be a str.")
            value = list(value)
        if name == "use_case_version" and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(
                f"{where}: use_case_version must be an int, not {type(value).__name__}."
            )
        if name in _FLAGS and not isinstance(value, bool):
            raise TypeError(f"{where}: {name} must be True or False, not {value!r}.")
        options[_OPTION_NAMES[name]] = value
    return options


def payi_instrument(
    payi: Any = None,
    instruments: Any = None,
    log_prompt_and_response: bool = True,
    prompt_and_response_logger: Any = None,
    config: Optional["dict[str, Any]"] = None,
) -> None:
    """Turns instrumentation on, once, at start-up: every OpenAI call after it is captured.

    `config` opens the global context (user_id, use_case_name, use_case_id, use_case_version,
    limit_ids, request_tags, proxy, global_instrumentation). Without a use_case_name the default
    use case is named after this file; use_case_name="" turns it off. A second call does nothing,
    and `config` is never changed.
    """
    if config is not None and not isinstance(config, dict):
        raise TypeError(
            f"payi_instrument: config must be a dict such as {{'user_id': 'user_123'}}, "
            f"not {type(config).__name__}."
        )
    given = dict(config or {})
    unknown = sorted(key for key in given if key not in _OPTION_NAMES or key == "use_case_step")
    if unknown and not _bridge.runtime.isInstrumented():
        _bridge.runtime.warn(
            f"payi_instrument: config keys the sandbox does not use were ignored: {', '.join(unknown)}."
        )
    known = {key: value for key, value in given.items() if key in _OPTION_NAMES and key != "use_case_step"}
    _bridge.runtime.instrument(_bridge.to_json(_runtime_options("payi_instrument", known)))


def _enter(kind: str, label: str, line: Optional[int], options: "dict[str, Any]") -> Any:
    return _bridge.runtime.enterScope(kind, label, line, _bridge.to_json(options), _current.get())


def _label(api: str, name: str, line: Optional[int]) -> str:
    # "ingest() on handle_request, line 8", or "ingest() at line 8" for a lambda.
    named = name and name != "<lambda>"
    at = "" if line is None else (f", line {line}" if named else f" at line {line}")
    return f"{api}(){f' on {name}' if named else ''}{at}"


def _wrap(func: Any, kind: str, api: str, line: Optional[int], options: "dict[str, Any]") -> Any:
    if not callable(func):
        raise TypeError(f"{api}(...) decorates a function, not {type(func).__name__}.")
    label = _label(api, getattr(func, "__name__", ""), line)

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def scoped_async(*args: Any, **kwargs: Any) -> Any:
            token = _current.set(_enter(kind, label, line, options))
            try:
                return await func(*args, **kwargs)
            finally:
                _current.reset(token)

        return scoped_async

    @functools.wraps(func)
    def scoped(*args: Any, **kwargs: Any) -> Any:
        token = _current.set(_enter(kind, label, line, options))
        try:
            return func(*args, **kwargs)
        finally:
            _current.reset(token)

    return scoped


def _ignored(api: str, **given: Any) -> None:
    names = [name for name, value in given.items() if value is not None]
    if names:
        _bridge.runtime.warn(
            f"{api}: {', '.join(names)} {'is' if len(names) == 1 else 'are'} not used by {api} "
            "in the course's rules and was ignored (track_context takes request_tags)."
        )


def _decorator(api: str, kind: str, given: "dict[str, Any]", **ignored: Any) -> Callable[[F], F]:
    """The @ingest-era decorators (@ingest, @proxy): options read now, a scope per call."""
    line = _bridge.learner_line(3)  # the line that applied @ingest / @proxy
    options = _runtime_options(api, given)
    _ignored(api, **ignored)

    def decorate(func: F) -> F:
        return _wrap(func, kind, api, line, options)

    return decorate


def ingest(
    limit_ids: Optional["list[str]"] = None,
    request_tags: Optional["list[str]"] = None,
    experience_name: Optional[str] = None,
    experience_id: Optional[str] = None,
    use_case_name: Optional[str] = None,
    use_case_id: Optional[str] = None,
    use_case_version: Optional[int] = None,
    user_id: Optional[str] = None,
) -> Callable[[F], F]:
    """A decorator: every call of the function opens a scope with these options.

    The options are read here, once, when the decorator is applied: to tag each request with its
    own user, apply it per request (ingest(user_id=...)(handler)(...)) or use track_context.
    """
    return _decorator(
        "ingest",
        "ingest",
        {
            "user_id": user_id,
            "use_case_name": use_case_name,
            "use_case_id": use_case_id,
            "use_case_version": use_case_version,
            "limit_ids": limit_ids,
        },
        request_tags=request_tags,
        experience_name=experience_name,
        experience_id=experience_id,
    )


def proxy(
    limit_ids: Optional["list[str]"] = None,
    request_tags: Optional["list[str]"] = None,
    experience_name: Optional[str] = None,
    experience_id: Optional[str] = None,
    use_case_id: Optional[str] = None,
    use_case_name: Optional[str] = None,
    use_case_version: Optional[int] = None,
    user_id: Optional[str] = None,
) -> Callable[[F], F]:
    """Like @ingest, in proxy mode: calls inside go through Pay-i, which can enforce block limits."""
    return _decorator(
        "proxy",
        "trackContext",
        {
            "user_id": user_id,
            "use_case_name": use_case_name,
            "use_case_id": use_case_id,
            "use_case_version": use_case_version,
            "limit_ids": limit_ids,
            "proxy": True,
        },
        request_tags=request_tags,
        experience_name=experience_name,
        experience_id=experience_id,
    )


class _TrackContext:
    """`with track_context(...)`, `async with`, or as a decorator: a scope per entry."""

    def __init__(self, api: str, line: Optional[int], options: "dict[str, Any]") -> None:
        self._api = api
        self._line = line
        self._options = options
        self._tokens: "list[contextvars.Token[Any]]" = []

    def __enter__(self) -> None:
        label = _label(self._api, "", self._line)
        self._tokens.append(_current.set(_enter("trackContext", label, self._line, self._options)))

    def __exit__(self, *exc: Any) -> None:
        _current.reset(self._tokens.pop())

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(self, *exc: Any) -> None:
        self.__exit__(*exc)

    def __call__(self, func: F) -> F:
        return _wrap(func, "trackContext", self._api, self._line, self._options)


def _track_options(
    where: str,
    limit_ids: Any,
    use_case_name: Any,
    use_case_id: Any,
    use_case_version: Any,
    use_case_step: Any,
    user_id: Any,
    request_tags: Any,
    proxy: Any,
) -> "dict[str, Any]":
    return _runtime_options(
        where,
        {
            "user_id": user_id,
            "use_case_name": use_case_name,
            "use_case_id": use_case_id,
            "use_case_version": use_case_version,
            "use_case_step": use_case_step,
            "limit_ids": limit_ids,
            "request_tags": request_tags,
            "proxy": proxy,
        },
    )


def track_context(
    limit_ids: Optional["list[str]"] = None,
    use_case_name: Optional[str] = None,
    use_case_id: Optional[str] = None,
    use_case_version: Optional[int] = None,
    use_case_step: Optional[str] = None,
    user_id: Optional[str] = None,
    request_tags: Optional["list[str]"] = None,
    proxy: Optional[bool] = None,
    **ignored: Any,
) -> _TrackContext:
    """A scope for the calls inside `with track_context(...):` (or `async with`).

    It inherits from the scope around it and overrides, field by field, what it names.
    """
    if ignored:
        _bridge.runtime.warn(
            f"track_context: {', '.join(sorted(ignored))} not used by the sandbox and ignored."
        )
    options = _track_options(
        "track_context",
        limit_ids,
        use_case_name,
        use_case_id,
        use_case_version,
        use_case_step,
        user_id,
        request_tags,
        proxy,
    )
    return _TrackContext("track_context", _bridge.learner_line(2), options)


def track(
    limit_ids: Optional["list[str]"] = None,
    use_case_name: Optional[str] = None,
    use_case_id: Optional[str] = None,
    use_case_version: Optional[int] = None,
    use_case_step: Optional[str] = None,
    user_id: Optional[str] = None,
    request_tags: Optional["list[str]"] = None,
    proxy: Optional[bool] = None,
    **ignored: Any,
) -> Callable[[F], F]:
    """Today's decorator: like track_context around every call of the function."""
    if ignored:
        _bridge.runtime.warn(f"track: {', '.join(sorted(ignored))} not used by the sandbox and ignored.")
    options = _track_options(
        "track",
        limit_ids,
        use_case_name,
        use_case_id,
        use_case_version,
        use_case_step,
        user_id,
        request_tags,
        proxy,
    )
    line = _bridge.learner_line(2)

    def decorate(func: F) -> F:
        return _wrap(func, "trackContext", "track", line, options)

    return decorate
