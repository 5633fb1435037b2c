"""`payi.lib.helpers`: create_headers, the per-call `xProxy-*` headers.

Pass them with one call: `client.chat.completions.create(..., extra_headers=create_headers(...))`.
The headers are built by the sandbox runtime, by the same rules as the TypeScript API.
"""

from typing import Any, Optional

from .. import _bridge


class PayiHeaderNames:
    """The header names, for code that sets a header by hand (e.g. to clear a value with "")."""

    limit_ids = "xProxy-Limit-IDs"
    request_tags = "xProxy-Request-Tags"
    user_id = "xProxy-User-ID"
    use_case_name = "xProxy-UseCase-Name"
    use_case_id = "xProxy-UseCase-ID"
    use_case_version = "xProxy-UseCase-Version"
    use_case_step = "xProxy-UseCase-Step"
    price_as_category = "xProxy-PriceAs-Category"
    price_as_resource = "xProxy-PriceAs-Resource"
    resource_scope = "xProxy-Resource-Scope"


_NAMES = {
    "user_id": "userId",
    "use_case_name": "useCaseName",
    "use_case_id": "useCaseId",
    "use_case_version": "useCaseVersion",
    "use_case_step": "useCaseStep",
    "limit_ids": "limitIds",
    "request_tags": "requestTags",
    "price_as_category": "priceAsCategory",
    "price_as_resource": "priceAsResource",
    "resource_scope": "resourceScope",
}


def create_headers(
    *,
    limit_ids: Optional["list[str]"] = None,
    request_tags: Optional["list[str]"] = None,
    user_id: Optional[str] = None,
    use_case_id: Optional[str] = None,
    use_case_name: Optional[str] = None,
    use_case_version: Optional[int] = None,
    use_case_step: Optional[str] = None,
    price_as_category: Optional[str] = None,
    price_as_resource: Optional[str] = None,
    resource_scope: Optional[str] = None,
) -> "dict[str, str]":
    """The `xProxy-*` headers for the options that are set.

    List items are trimmed and blanks dropped; an empty value ("", [], 0, None) gives no header at
    all, so clearing a context value for one call takes the raw header with "".
    """
    given = {
        "limit_ids": limit_ids,
        "request_tags": request_tags,
        "user_id": user_id,
        "use_case_id": use_case_id,
        "use_case_name": use_case_name,
        "use_case_version": use_case_version,
        "use_case_step": use_case_step,
        "price_as_category": price_as_category,
        "price_as_resource": price_as_resource,
        "resource_scope": resource_scope,
    }
    options: "dict[str, Any]" = {}
    for name, value in given.items():
        if value is None:
            continue
        if name in ("limit_ids", "request_tags"):
            if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
                raise TypeError(
                    f"create_headers: {name} must be a list of str, not {type(value).__name__}. "
                    f"Write {name}=[{value!r}]."
                )
            value = [str(item) for item in value]
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise TypeError(
                f"create_headers: {name} must be a str, not {type(value).__name__}."
            )
        options[_NAMES[name]] = value
    headers = _bridge.runtime.createHeaders(_bridge.to_json(options))
    import json

    return json.loads(headers)
