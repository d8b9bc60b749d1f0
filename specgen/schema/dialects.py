"""Where OpenAPI 3.0 and 3.1 schemas differ, a table keyed by ``API.dialect`` picks the rule.

Nothing else in ``specgen.schema`` asks which version a spec is: the walker calls the rules of
``DIALECTS[api.dialect]`` and is otherwise the same for both.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from specgen.spec.model import Dialect

Raw = dict[str, Any]


class Direction(StrEnum):
    """Which way a payload travels: read-only properties exist only in responses,
    write-only ones only in requests."""

    REQUEST = "request"
    RESPONSE = "response"


def _exclusive_bounds(node: Raw) -> Raw:
    """Draft-4 boolean ``exclusiveMinimum``/``Maximum`` to 2020-12's numeric form."""
    out = node
    for bound, flag in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if isinstance(out.get(flag), bool):
            out = dict(out)
            if out.pop(flag) and bound in out:
                out[flag] = out.pop(bound)
    return out


def _with_examples(node: Raw) -> Raw:
    """``example`` (OpenAPI's) joins ``examples`` (JSON Schema's), first."""
    if "example" not in node:
        return node
    out = dict(node)
    example = out.pop("example")
    listed = out.get("examples")
    out["examples"] = [example, *(listed if isinstance(listed, list) else [])]
    return out


def _oas30(node: Raw) -> tuple[Raw, bool]:
    nullable = node.get("nullable") is True
    out = _with_examples(_exclusive_bounds(node))
    if "nullable" in out or isinstance(out.get("examples"), dict):
        # `examples` is no 3.0 schema keyword; some write a map of Example Objects there
        out = {k: v for k, v in out.items() if k != "nullable"}
        if isinstance(out.get("examples"), dict):
            del out["examples"]
    return out, nullable


def _oas31(node: Raw) -> tuple[Raw, bool]:
    # 3.1 is JSON Schema already; boolean exclusive bounds are a 3.0 habit worth forgiving.
    return _with_examples(_exclusive_bounds(node)), False


def _oas30_ref_siblings(node: Raw) -> Raw:
    # 3.0: siblings of $ref "SHALL be ignored", but `nullable` and the read/write flags are
    # written there so often, meaning exactly what they say, that ignoring them misleads.
    return {k: v for k, v in node.items() if k in ("nullable", "readOnly", "writeOnly")}


def _oas31_ref_siblings(node: Raw) -> Raw:
    return {k: v for k, v in node.items() if k != "$ref"}  # 2020-12: $ref is an applicator


@dataclass(frozen=True, slots=True)
class DialectRules:
    """What differs between dialects: keyword fixes for one node (returning the node and
    whether null is allowed on top of it) and which siblings of a ``$ref`` apply."""

    normalise: Callable[[Raw], tuple[Raw, bool]]
    ref_siblings: Callable[[Raw], Raw]


DIALECTS: Mapping[Dialect, DialectRules] = {
    Dialect.OAS30: DialectRules(_oas30, _oas30_ref_siblings),
    Dialect.OAS31: DialectRules(_oas31, _oas31_ref_siblings),
}


def ref_target(ref: object) -> str | None:
    """The document pointer a local ``$ref`` names (``None`` if it is not one)."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    fragment = urllib.parse.unquote(ref[1:])
    return fragment if fragment == "" or fragment.startswith("/") else None
