"""Shared pieces of the pact model: JSON values, frozen JSON blobs, the pact input error."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeAlias

from specgen.errors import SpecgenError

#: A JSON value as ``json.loads`` returns it.
JSON: TypeAlias = bool | int | float | str | list["JSON"] | dict[str, "JSON"] | None


class PactError(SpecgenError):
    """A pact file specgen cannot model (wrong shape, unknown version, bad matcher...)."""

    code = "input.pact"


def canonical(value: Any) -> str:
    """``value`` as compact JSON with sorted keys: equal text means equal JSON.

    Unlike ``==`` on Python values it tells ``true`` from ``1`` and ``1`` from ``1.0``.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class JsonBlob:
    """An immutable, hashable JSON value kept as canonical text (``.value`` parses a copy).

    Used for the parts of a pact specgen carries but does not interpret: metadata, provider
    state parameters, generators, comments, message contents.
    """

    text: str

    @classmethod
    def of(cls, value: Any) -> JsonBlob:
        """The blob of a JSON value."""
        return cls(canonical(value))

    @property
    def value(self) -> JSON:
        """A fresh copy of the JSON value."""
        result: JSON = json.loads(self.text)
        return result


#: The blob of ``{}``.
EMPTY_OBJECT = JsonBlob("{}")


def type_name(value: object) -> str:
    """The JSON type name of a parsed value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def expect_object(value: object, pointer: str, what: str) -> dict[str, Any]:
    """``value`` if it is a JSON object, else :class:`PactError` at ``pointer``."""
    if not isinstance(value, dict):
        raise PactError(f"{what} must be an object, not {type_name(value)}", pointer=pointer)
    return value


def expect_list(value: object, pointer: str, what: str) -> list[Any]:
    """``value`` if it is a JSON array, else :class:`PactError` at ``pointer``."""
    if not isinstance(value, list):
        raise PactError(f"{what} must be an array, not {type_name(value)}", pointer=pointer)
    return value


def expect_str(value: object, pointer: str, what: str) -> str:
    """``value`` if it is a JSON string, else :class:`PactError` at ``pointer``."""
    if not isinstance(value, str):
        raise PactError(f"{what} must be a string, not {type_name(value)}", pointer=pointer)
    return value


def expect_count(value: object, pointer: str, what: str) -> int:
    """A non-negative whole number (also from ``"3"`` or ``3.0``), else :class:`PactError`."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise PactError(f"{what} must be a non-negative whole number, not {value!r}", pointer=pointer)
