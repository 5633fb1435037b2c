"""The OpenAI Python client's errors, raised for the sandbox provider's error answers."""

from typing import Any, Optional

__all__ = [
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


class OpenAIError(Exception):
    pass


class APIError(OpenAIError):
    message: str
    body: Any
    code: Optional[str]
    param: Optional[str]
    type: Optional[str]

    def __init__(self, message: str, request: Any = None, *, body: Any) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        details = body if isinstance(body, dict) else {}
        self.code = details.get("code")
        self.param = details.get("param")
        self.type = details.get("type")


class APIStatusError(APIError):
    """An answer with a 4xx or 5xx status."""

    status_code: int

    def __init__(self, message: str, *, response: Any, body: Any) -> None:
        super().__init__(message, None, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class APIConnectionError(APIError):
    def __init__(self, *, message: str = "Connection error.", request: Any = None) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    def __init__(self, request: Any = None) -> None:
        super().__init__(message="Request timed out.", request=request)


class BadRequestError(APIStatusError):
    status_code = 400


class AuthenticationError(APIStatusError):
    status_code = 401


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class RateLimitError(APIStatusError):
    status_code = 429


class InternalServerError(APIStatusError):
    pass


_BY_STATUS = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(response: Any, text: str) -> APIStatusError:
    """The error the real client raises for an error answer (`body` is the `error` object)."""
    try:
        data: Any = __import__("json").loads(text)
    except ValueError:
        data = text
    if isinstance(data, dict) and "xproxy_error" in data:
        # A Pay-i proxy refusal: the client keeps Pay-i's whole body. (The sandbox adds an
        # OpenAI-style "error" key for the JavaScript SDK, which keeps nothing else; it is not
        # part of what Pay-i sends, so it is taken off here.)
        body = {key: value for key, value in data.items() if key != "error"}
    elif isinstance(data, dict):
        body = data.get("error", data)
    else:
        body = data
    message = f"Error code: {response.status_code} - {data}"
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(message, response=response, body=body)
