"""Results of the Pay-i client and tracking results: attribute access over the JSON Pay-i sends."""

from typing import Any


class PayiObject:
    """An object read from Pay-i's JSON: `result.cost.total.base`, `result.limits[id].state`."""

    def __init__(self, name: str, data: "dict[str, Any]") -> None:
        object.__setattr__(self, "_name", name)
        for key, value in data.items():
            object.__setattr__(self, key, _wrap(key, value))

    @classmethod
    def build(cls, name: str, data: "dict[str, Any]") -> "PayiObject":
        return cls(name, data)

    def to_dict(self) -> "dict[str, Any]":
        return {key: _unwrap(value) for key, value in vars(self).items() if key != "_name"}

    model_dump = to_dict

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes that are missing: what Pay-i did not send is None.
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self.to_dict_items())
        return f"{self._name}({fields})"

    def to_dict_items(self) -> "list[tuple[str, Any]]":
        return [(key, value) for key, value in vars(self).items() if key != "_name"]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PayiObject) and self.to_dict() == other.to_dict()


def _wrap(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        if key == "limits":
            return {name: _wrap("", item) for name, item in value.items()}
        return PayiObject(_CLASS_NAMES.get(key, "PayiObject"), value)
    if isinstance(value, list):
        return [_wrap("", item) for item in value]
    return value


def _unwrap(value: Any) -> Any:
    if isinstance(value, PayiObject):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: _unwrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unwrap(item) for item in value]
    return value


_CLASS_NAMES = {
    "cost": "CostData",
    "input": "CostDetails",
    "output": "CostDetails",
    "total": "CostDetails",
    "limit": "Limit",
    "totals": "TotalCostData",
}


def tracking_result(raw: "dict[str, Any]") -> PayiObject:
    """A response's `xproxy_result` in the shape of Pay-i's Python SDK.

    Amounts sit under `base` (`result.cost.total.base`); a refused ingest is an error object with
    `code` and `message` instead of a result.
    """
    if "code" in raw:
        return PayiObject("XproxyError", raw)
    cost = raw.get("cost") or {}
    if "total" in cost:
        cost = {
            "currency": cost.get("currency", "usd"),
            "input": {"base": cost.get("input")},
            "output": {"base": cost.get("output")},
            "total": {"base": cost.get("total")},
        }
    return PayiObject("XproxyResult", {**raw, "cost": cost})
