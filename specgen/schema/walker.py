"""One OpenAPI Schema Object, keyword by keyword, to JSON Schema 2020-12.

Keywords outside JSON Schema (``discriminator``, ``xml``, ``externalDocs``, ``x-*``...) and
mere annotations (``description``, ``deprecated``, ``readOnly``) are left out: every consumer
of the result (validators, WireMock, hypothesis) needs only assertions, and stubs embed these
schemas. ``example`` becomes ``examples``, which example synthesis prefers. A keyword with a
value of the wrong kind is a located ``SpecError``, except ``required: true`` on a property
(a draft-3 habit, common in real specs, that means nothing in OpenAPI), which is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from specgen.errors import SpecError
from specgen.schema.dialects import DialectRules, Direction, Raw, ref_target
from specgen.schema.discriminator import tighten
from specgen.schema.patterns import PatternError, parse
from specgen.spec import pointer as jp

_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})
_ONE = frozenset({"additionalProperties", "not", "contains", "propertyNames", "if", "then"})
_ONE |= {"else", "unevaluatedItems", "unevaluatedProperties", "contentSchema"}
_IN_PLACE = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else"})
_NUMBERS = frozenset({"multipleOf", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"})
_COUNTS = frozenset({"maxLength", "minLength", "maxItems", "minItems", "maxContains"})
_COUNTS |= {"maxProperties", "minProperties", "minContains"}
_STRINGS = frozenset({"format", "title", "contentMediaType", "contentEncoding"})
_NULL_UNSAFE = ("$ref", "allOf", "anyOf", "oneOf", "not", "const", "if")
_NONE: frozenset[str] = frozenset()
_LARGEST = 2**1023  # beyond what a float holds, bounds break every JSON Schema tool


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


class Walker:
    """Converts the schema nodes of one def or root, recording the refs it meets, the
    document pointer each converted node came from, and the nullable wrappers it made."""

    def __init__(
        self,
        document: Any,
        rules: DialectRules,
        direction: Direction,
        *,
        name_for: Callable[[str], str],
        error: Callable[[str, str], SpecError],
        origins: dict[int, str],
        wrappers: set[int],
    ) -> None:
        self.document = document
        self.rules = rules
        self.hide = "readOnly" if direction is Direction.REQUEST else "writeOnly"
        self.name_for = name_for
        self.error = error
        self.origins = origins
        self.wrappers = wrappers
        self.refs: dict[str, None] = {}  # targets met, in order
        self.in_place: dict[str, None] = {}  # targets met at the node's own instance

    def target(self, ref: object, ptr: str) -> str:
        """The pointer a ``$ref`` names, checked to resolve."""
        target = ref_target(ref)
        if target is None:
            raise self.error(f"$ref {ref!r} is not a local reference specgen can follow", ptr)
        try:
            jp.resolve(self.document, target)
        except (LookupError, ValueError) as err:
            raise self.error(f"$ref {ref!r} does not resolve ({err})", ptr) from None
        return target

    def schema(self, raw: Any, ptr: str, *, in_place: bool, hidden: frozenset[str] = _NONE) -> Any:
        """``raw`` (at ``ptr``) converted; ``hidden`` names properties an enclosing
        ``allOf`` hides in this direction, so they are not required here either."""
        if isinstance(raw, bool):
            return raw
        if not isinstance(raw, dict):
            raise self.error(f"a schema must be an object or a boolean, not {_kind(raw)}", ptr)
        if "$ref" in raw:
            target = self.target(raw["$ref"], jp.join(ptr, "$ref"))
            self.refs[target] = None
            if in_place:
                self.in_place[target] = None
            node, nullable = self.rules.normalise(self.rules.ref_siblings(raw))
            out = {"$ref": "#/$defs/" + self.name_for(target)}
            out.update(self._keywords(node, ptr, in_place, hidden))
        else:
            node, nullable = self.rules.normalise(raw)
            out = self._keywords(node, ptr, in_place, hidden)
        self.origins[id(out)] = ptr
        return self._nullable(out, ptr) if nullable else out

    def _nullable(self, out: Raw, ptr: str) -> Raw:
        """Let null through too: in ``type`` and ``enum`` when that is all it takes, else by
        wrapping, because ``$ref``, compositions, ``not`` and ``const`` would refuse it."""
        if any(k in out for k in _NULL_UNSAFE):
            wrapper = {"anyOf": [{"type": "null"}, out]}
            self.wrappers.add(id(wrapper))
            self.origins[id(wrapper)] = ptr
            return wrapper
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = types if "null" in types else [*types, "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out

    def flagged(self, raw: Any, flag: str, seen: frozenset[str] = _NONE) -> bool:
        """Whether ``raw`` (following refs and ``allOf``) says ``flag: true``."""
        if not isinstance(raw, dict):
            return False
        if raw.get(flag) is True:
            return True
        target = ref_target(raw.get("$ref"))
        if target is not None and target not in seen:
            return self.flagged(self._deref(target), flag, seen | {target})
        members = raw.get("allOf")
        return isinstance(members, list) and any(self.flagged(m, flag, seen) for m in members)

    def hidden_names(self, raw: Any, seen: frozenset[str] = _NONE) -> frozenset[str]:
        """Properties of ``raw`` and its ``allOf`` members (through refs) that carry the
        flag hiding them in this direction."""
        if not isinstance(raw, dict):
            return _NONE
        target = ref_target(raw.get("$ref"))
        if target is not None:
            return (
                _NONE if target in seen else self.hidden_names(self._deref(target), seen | {target})
            )
        names: set[str] = set()
        props = raw.get("properties")
        if isinstance(props, dict):
            names.update(n for n, s in props.items() if self.flagged(s, self.hide, seen))
        members = raw.get("allOf")
        for member in members if isinstance(members, list) else []:
            names |= self.hidden_names(member, seen)
        return frozenset(names)

    def _deref(self, target: str) -> Any:
        try:
            return jp.resolve(self.document, target)
        except (LookupError, ValueError):
            return None

    def _keywords(self, node: Raw, ptr: str, in_place: bool, hidden: frozenset[str]) -> Raw:
        hidden = hidden | self.hidden_names(node)
        out: Raw = {}
        for key, value in node.items():
            at = jp.join(ptr, key)
            if key == "type":
                out[key] = self._type(value, at)
            elif key in ("properties", "patternProperties", "dependentSchemas", "dependencies"):
                self._schema_map(out, key, value, at, hidden)
            elif key == "items" and isinstance(value, list):  # draft-4 tuple form
                out["prefixItems"] = self._schema_list(value, at, False, _NONE)
                if "additionalItems" in node:
                    extra = jp.join(ptr, "additionalItems")
                    out["items"] = self.schema(node["additionalItems"], extra, in_place=False)
            elif key == "items" or key in _ONE:
                out[key] = self.schema(value, at, in_place=in_place and key in _IN_PLACE)
            elif key in ("allOf", "anyOf", "oneOf", "prefixItems"):
                members = self._schema_list(
                    value, at, in_place and key in _IN_PLACE, hidden if key == "allOf" else _NONE
                )
                if key in ("anyOf", "oneOf"):
                    members = tighten(node, value, members, self._deref, self.origins)
                if members or key == "prefixItems":  # an empty list: as if not written
                    out[key] = members
            elif key == "required":
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    out[key] = [v for v in dict.fromkeys(value) if v not in hidden]
                elif not isinstance(value, bool):
                    raise self.error(f"'required' must list property names, not {value!r}", at)
            elif key == "dependentRequired":
                out[key] = self._name_lists(value, at)
            elif key in _NUMBERS:
                out[key] = self._number(key, value, at)
            elif key in _COUNTS:
                out[key] = self._count(key, value, at)
            elif key == "uniqueItems":
                if not isinstance(value, bool):
                    raise self.error(f"'uniqueItems' must be true or false, not {value!r}", at)
                out[key] = value
            elif key in ("enum", "examples"):
                if not isinstance(value, list):
                    raise self.error(f"'{key}' must be a list, not {_kind(value)}", at)
                out[key] = value
            elif key in ("const", "default"):
                out[key] = value
            elif key == "pattern":
                out[key] = self.pattern(value, at)
            elif key in _STRINGS:
                if not isinstance(value, str):
                    raise self.error(f"'{key}' must be a string, not {_kind(value)}", at)
                out[key] = value
        return out

    def _type(self, value: Any, at: str) -> Any:
        types = value if isinstance(value, list) else [value]
        for t in types:
            if t not in _TYPES:
                raise self.error(f"unknown type {t!r}", at)
        return value

    def _schema_list(
        self, value: Any, at: str, in_place: bool, hidden: frozenset[str]
    ) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(f"a list of schemas was expected, not {_kind(value)}", at)
        return [
            self.schema(v, jp.join(at, i), in_place=in_place, hidden=hidden)
            for i, v in enumerate(value)
        ]

    def _schema_map(self, out: Raw, key: str, value: Any, at: str, hidden: frozenset[str]) -> None:
        if not isinstance(value, dict):
            raise self.error(f"'{key}' must be an object, not {_kind(value)}", at)
        if key == "dependencies":  # draft 4-7: name lists and schemas in one keyword
            for name, dep in value.items():
                if isinstance(dep, list):
                    out.setdefault("dependentRequired", {})[name] = self._names(dep, at)
                else:
                    sub = self.schema(dep, jp.join(at, name), in_place=True)
                    out.setdefault("dependentSchemas", {})[name] = sub
            return
        converted: Raw = {}
        for name, sub in value.items():
            if key == "properties" and self.flagged(sub, self.hide):
                continue  # read-only in a request, write-only in a response: not there
            if key == "patternProperties":
                name = self.pattern(name, at)
            converted[name] = self.schema(
                sub, jp.join(at, name), in_place=key == "dependentSchemas"
            )
        out[key] = converted

    def _names(self, value: Any, at: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"a list of property names was expected, not {value!r}", at)
        return list(value)

    def _name_lists(self, value: Any, at: str) -> dict[str, list[str]]:
        if not isinstance(value, dict):
            raise self.error(f"'dependentRequired' must be an object, not {_kind(value)}", at)
        return {k: self._names(v, jp.join(at, k)) for k, v in value.items()}

    def _number(self, key: str, value: Any, at: str) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"'{key}' must be a number, not {value!r}", at)
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > _LARGEST:
            raise self.error(f"'{key}' must be a finite number of sensible size", at)
        if key == "multipleOf" and value <= 0:
            raise self.error(f"'multipleOf' must be greater than 0, not {value!r}", at)
        return value

    def _count(self, key: str, value: Any, at: str) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(f"'{key}' must be a non-negative integer, not {value!r}", at)
        return value

    def pattern(self, value: Any, at: str) -> str:
        """A pattern in its portable spelling (or Python's when it has none)."""
        if not isinstance(value, str):
            raise self.error(f"a pattern must be a string, not {_kind(value)}", at)
        try:
            return parse(value).usable
        except PatternError as err:
            raise self.error(str(err), at) from None
