"""Response schemas read as shapes (``specgen.pact.shape``): what Pact matchers can say.

A shape over-approximates the values a converted schema (``to_json_schema``) allows: every
value the schema accepts fits its shape, so the matching rules written from a shape
(``specgen.pact.body_rules``) never fail a response the spec allows. What a shape cannot
hold is dropped, which only makes the rules accept more: ``not``, ``if``/``then``,
``uniqueItems``, ``minProperties``, ``multipleOf`` on numbers, property name patterns,
extra properties.

- ``allOf`` meets its members (kinds intersect, properties and regexes add up);
- ``oneOf``/``anyOf`` join theirs (kinds unite; an object keeps the properties *every* branch
  requires, with joined shapes; regexes of one kind become an alternation). A discriminator
  survives as the enum the conversion pins each branch's property to;
- ``nullable`` / ``type: [..., "null"]`` is the ``null`` kind next to the others;
- a schema without ``type`` is read by its keywords, as its author meant it (``properties``:
  an object, ``items``: an array, ``pattern``/``format``: a string; JSON Schema would let
  other types through there);
- a ``$ref`` that comes back into itself along a path of required properties is cut: any value.

Properties and items stay unexpanded (``Part``) until asked for, so optional parts of a
recursive schema cost nothing.
"""

from __future__ import annotations

from typing import Any

from specgen.pact.keyword_regex import (
    count,
    enum_regex,
    fits_rust,
    integer_regexes,
    string_regexes,
)
from specgen.pact.shape import (
    ALL,
    ANY,
    KIND_NAMES,
    REGEX_KINDS,
    Kind,
    Part,
    Shape,
    join,
    kind_of,
    kinds_of,
    meet,
    single_kind,
)
from specgen.schema.convert import Converted
from specgen.spec import pointer as jp
from specgen.spec.api import API

_DEFS = "#/$defs/"
_MAX_DEPTH = 32
_OBJECT_WORDS = ("properties", "required", "additionalProperties", "patternProperties")
_STRING_WORDS = ("pattern", "format", "minLength", "maxLength")
_NUMBER_WORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


class Shaper:
    """Shapes the nodes of one converted schema (its ``$defs`` shared by all of them)."""

    def __init__(self, api: API, conv: Converted) -> None:
        self.api = api
        self.conv = conv
        self.defs: dict[str, Any] = conv.schema.get("$defs", {})

    def root(self) -> Shape:
        """The shape of the whole schema."""
        return self.of(self.conv.schema, ())

    def part(self, part: Part) -> Shape:
        """The shape of a property or of array items."""
        if len(part.stack) > _MAX_DEPTH:
            return ANY
        return meet([self.of(node, part.stack) for node in part.nodes])

    def of(self, node: Any, stack: tuple[str, ...]) -> Shape:
        """The shape of one node reached through ``stack``."""
        if not isinstance(node, dict):
            return ANY  # true: anything; false: nothing, so any rule is right
        parts = [self._own(node, stack)]
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_DEFS):
            name = jp.unescape(ref[len(_DEFS) :])
            if name in self.defs and name not in stack and len(stack) < _MAX_DEPTH:
                parts.append(self.of(self.defs[name], (*stack, name)))
        for member in _list(node.get("allOf")):
            parts.append(self.of(member, stack))
        for key in ("anyOf", "oneOf"):
            branches = _list(node.get(key))
            if branches:
                parts.append(join([self.of(branch, stack) for branch in branches]))
        return meet(parts)

    def _own(self, node: dict[str, Any], stack: tuple[str, ...]) -> Shape:
        kinds, regexes = self._node_kinds(node)
        origin = self.conv.origins.get(id(node))
        one = single_kind(kinds)
        if not regexes and one is Kind.STRING:
            regexes = string_regexes(node)
        elif not regexes and one is Kind.INTEGER:
            regexes = integer_regexes(node)
        props = self._props(node, stack)
        items = node.get("items")
        if (kinds, regexes, props, items) == (ALL, (), (), None) and origin is None:
            return ANY
        return Shape(
            kinds,
            regexes,
            props,
            Part((items,), stack) if isinstance(items, dict | bool) else None,
            count(node.get("minItems")) or 0,
            count(node.get("maxItems")),
            (origin,) if origin else (),
        )

    def _node_kinds(self, node: dict[str, Any]) -> tuple[frozenset[Kind], tuple[str, ...]]:
        declared = node.get("type")
        names = declared if isinstance(declared, list) else [declared] if declared else []
        kinds = kinds_of(Kind(n) for n in names if n in KIND_NAMES)
        values = [node["const"]] if "const" in node else _list(node.get("enum"))
        if "const" in node or "enum" in node:
            found = kinds_of(kind_of(v) for v in values)
            kinds = kinds & found if kinds else found
            one = single_kind(kinds)
            regex = enum_regex(values) if one in REGEX_KINDS else None
            return kinds, (regex,) if regex and fits_rust(regex) else ()
        if kinds:
            return kinds, ()
        if any(w in node for w in _OBJECT_WORDS):
            return kinds_of([Kind.OBJECT]), ()
        if "items" in node or "prefixItems" in node:
            return kinds_of([Kind.ARRAY]), ()
        if any(w in node for w in _STRING_WORDS):
            return kinds_of([Kind.STRING]), ()
        if any(w in node for w in _NUMBER_WORDS):
            return kinds_of([Kind.NUMBER]), ()
        return ALL, ()

    def _props(self, node: dict[str, Any], stack: tuple[str, ...]) -> tuple[tuple[str, Part], ...]:
        properties = node.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        required = [r for r in _list(node.get("required")) if isinstance(r, str)]
        # a required name not in `properties` follows `patternProperties` when one matches
        # (not checked here: any value), else `additionalProperties`
        extra = True if "patternProperties" in node else node.get("additionalProperties", True)
        out = [(name, Part((sub,), stack, name in required)) for name, sub in properties.items()]
        out += [(name, Part((extra,), stack)) for name in required if name not in properties]
        return tuple(out)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
