"""Parameter values as the spec's ``style``/``explode`` say they travel, turned back into
JSON values: split into arrays and objects, then each piece typed by its schema.

PactFlow's comparator splits every array on commas and ignores ``style``; here
``pipeDelimited``, ``spaceDelimited``, ``deepObject``, exploded objects, ``label`` and
``matrix`` path values and cookie values are read the way a server reads them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from specgen.check.shapes import Shapes
from specgen.schema.convert import cache_key
from specgen.schema.dialects import Direction
from specgen.schema.validation import compiled
from specgen.spec.api import API
from specgen.spec.model import Parameter, Schema

_INTEGER = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_NUMBER = re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$")
_SEPARATORS = {"spaceDelimited": " ", "pipeDelimited": "|"}


@dataclass(frozen=True, slots=True)
class Typing:
    """What typing a parameter's text needs: the converted schema, its shape reader and a
    validator (``is_valid`` on a sub-schema picks between readings of ambiguous text)."""

    root: Any
    shapes: Shapes
    validator: Any

    def valid(self, node: Any, value: Any) -> bool:
        """Whether ``value`` satisfies the sub-schema ``node``."""
        return bool(self.validator.evolve(schema=node).is_valid(value))

    def kind(self, node: Any) -> str:
        """``array``, ``object`` or ``scalar``: how the text of a value of ``node`` splits."""
        types = self.shapes.types(node) - {"null"}
        if types == {"array"} or ("array" in types and self.shapes.first(node, "items")):
            return "array"
        if types == {"object"} or ("object" in types and self.shapes.properties(node)):
            return "object"
        return "scalar"


def typed(text: str, node: Any, typing: Typing) -> Any:
    """The value ``text`` stands for under ``node``: the first reading (number, boolean,
    null, string) that the schema accepts, else the most specific reading, so that a
    message says ``5000 is greater than the maximum`` rather than ``'5000' is not an
    integer``."""
    types = typing.shapes.types(node)
    readings: list[Any] = []
    if types & {"integer", "number"} and _NUMBER.match(text):
        number = float(text)
        if _INTEGER.match(text):
            readings.append(int(text))
        elif math.isfinite(number):
            readings.append(number)
    if "boolean" in types and text in ("true", "false"):
        readings.append(text == "true")
    if "null" in types and text in ("", "null"):
        readings.append(None)
    if "string" in types or not readings:
        readings.append(text)
    for reading in readings:
        if typing.valid(node, reading):
            return reading
    return readings[0]


def _pairs(parts: Sequence[str], typing: Typing, node: Any) -> Any:
    """``k1,v1,k2,v2`` pieces as an object; an odd count cannot be one (kept as text)."""
    if len(parts) % 2:
        return ",".join(parts)
    props = typing.shapes.properties(node)
    extra = typing.shapes.first(node, "additionalProperties")
    out: dict[str, Any] = {}
    for key, text in zip(parts[::2], parts[1::2], strict=True):
        out[key] = typed(text, props.get(key, True if extra is None else extra), typing)
    return out


def _assignments(parts: Sequence[str], typing: Typing, node: Any) -> Any:
    """``k1=v1`` pieces as an object."""
    flat: list[str] = []
    for part in parts:
        key, eq, value = part.partition("=")
        if not eq:
            return ",".join(parts)
        flat += [key, value]
    return _pairs(flat, typing, node)


def _split(text: str, sep: str, node: Any, typing: Typing, explode: bool) -> Any:
    """Array, object or scalar text of ``node`` read with separator ``sep``."""
    kind = typing.kind(node)
    if kind == "array":
        items = typing.shapes.items(node)
        return [typed(t, items, typing) for t in (text.split(sep) if text else [])]
    if kind == "object":
        parts = text.split(sep) if text else []
        return _assignments(parts, typing, node) if explode else _pairs(parts, typing, node)
    return typed(text, node, typing)


def path_value(param: Parameter, text: str, typing: Typing) -> Any:
    """A path parameter's value from its segment text (``simple``, ``label``, ``matrix``)."""
    node = typing.root
    if param.style == "label":
        if not text.startswith("."):
            return text  # fails the schema unless it is a plain string
        return _split(text[1:], "." if param.explode else ",", node, typing, param.explode)
    if param.style == "matrix":
        prefix = f";{param.name}="
        if param.explode and typing.kind(node) == "object":
            return _assignments(text[1:].split(";"), typing, node) if text[:1] == ";" else text
        if not text.startswith(prefix):
            return text
        if param.explode and typing.kind(node) == "array":
            values = [p.partition("=")[2] for p in text[1:].split(";")]
            return [typed(v, typing.shapes.items(node), typing) for v in values]
        return _split(text[len(prefix) :], ",", node, typing, False)
    return _split(text, ",", node, typing, param.explode)


def header_value(param: Parameter, values: Sequence[str], typing: Typing) -> Any:
    """A header parameter's value (``simple`` style; several values are one list)."""
    return _split(",".join(values), ",", typing.root, typing, param.explode)


def cookie_value(param: Parameter, values: Sequence[str], typing: Typing) -> Any:
    """A cookie parameter's value (``form`` style)."""
    node = typing.root
    if typing.kind(node) == "array" and param.explode:
        return [typed(v, typing.shapes.items(node), typing) for v in values]
    return _split(values[0] if values else "", ",", node, typing, False)


@dataclass(frozen=True, slots=True)
class QueryValue:
    """A query parameter's value and the query keys that carried it."""

    value: Any
    keys: tuple[str, ...]
    unread: tuple[str, ...] = ()  # properties sent in a form OpenAPI does not define


def values_value(
    values: Sequence[str], node: Any, typing: Typing, style: str = "form", explode: bool = True
) -> Any:
    """The value the query values of one key stand for under ``node``: an array from
    repeated keys or one delimited value, an object from ``k,v`` pairs, else a scalar.
    ``key=`` alone is the empty array or object (OpenAPI's style tables)."""
    kind = typing.kind(node)
    if kind == "array":
        items = typing.shapes.items(node)
        if tuple(values) == ("",):
            return []
        if explode and style in ("form", "spaceDelimited", "pipeDelimited") and len(values) > 1:
            pieces = list(values)
        else:
            sep = _SEPARATORS.get(style, ",")
            pieces = [p for v in values for p in (v.split(sep) if v else [])]
        return [typed(p, items, typing) for p in pieces]
    if len(values) > 1:
        return list(values)  # a scalar sent several times is not one
    return _split(values[0], ",", node, typing, False)


def _flat(node: Any, typing: Typing) -> bool:
    """Whether values of ``node`` have a form serialisation (scalars, arrays of scalars)."""
    kind = typing.kind(node)
    return kind == "scalar" or (
        kind == "array" and typing.kind(typing.shapes.items(node)) == "scalar"
    )


def query_value(
    param: Parameter, query: dict[str, tuple[str, ...]], typing: Typing
) -> QueryValue | None:
    """A query parameter's value, or None when the pact does not send it."""
    node, name = typing.root, param.name
    kind = typing.kind(node)
    props = typing.shapes.properties(node) if kind == "object" else {}
    if kind == "object" and param.style == "deepObject":
        keys = tuple(k for k in query if k.startswith(name + "[") and k.endswith("]"))
        if not keys:
            return None
        names = {k: k[len(name) + 1 : -1] for k in keys}
        value = {names[k]: values_value(query[k], props.get(names[k], True), typing) for k in keys}
        return QueryValue(value, keys)
    if kind == "object" and param.explode and name not in query:
        # An exploded object is its properties as keys; none of them is the empty object
        # when the parameter is required, else the parameter is not sent.
        # OpenAPI defines no form for objects nested in it: those are not read.
        keys = tuple(k for k in query if k in props)
        if not keys and not param.required:
            return None
        flat = [k for k in keys if _flat(props[k], typing)]
        value = {k: values_value(query[k], props[k], typing) for k in flat}
        return QueryValue(value, keys, tuple(k for k in keys if k not in flat))
    if name not in query:
        return None
    if kind == "array" and not _flat(node, typing):
        return QueryValue(None, (name,), (name,))  # no form for arrays of objects: not read
    return QueryValue(values_value(query[name], node, typing, param.style, param.explode), (name,))


def parse_cookies(values: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``Cookie`` header values (``a=1; b=2``) as name -> values."""
    out: dict[str, list[str]] = {}
    for header in values:
        for part in header.split(";"):
            name, eq, value = part.strip().partition("=")
            if name and eq:
                out.setdefault(name, []).append(value.strip())
    return {k: tuple(v) for k, v in out.items()}


def typing_for(api: API, schema: Schema) -> Typing:
    """The ``Typing`` of a parameter schema, built once per API; ``SpecError`` if the schema
    cannot be converted."""

    def build() -> Typing:
        found = compiled(api, schema, Direction.REQUEST)
        root = found.converted.schema
        return Typing(root, Shapes(root), found.validator)

    return api.cached(f"specgen.check.typing:{cache_key(api, schema)}", build)
