"""Scalar leaves of a draft with the schemas that constrain them, and a cheap check that a
new value still fits them.

The coverage-guided engine overrides leaves of valid templates with bytes from the fuzzer;
an override that breaks its leaf's schema is dropped, so nearly every request it sends is
valid and reaches the provider's business logic instead of its validation. Branch choices
(``oneOf``/``anyOf``) are made once per template, by validating the template's value.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import uuid
from collections.abc import Iterator
from typing import Any

from specgen.probe.messages import Draft
from specgen.spec.api import API
from specgen.spec.model import Operation, ParameterLocation
from specgen.spec.pointer import resolve

Trail = tuple[str | int, ...]
Leaf = tuple[tuple[str, Trail], Any, tuple[dict[str, Any], ...]]
PARTS = (
    ("path_parameters", "path"),
    ("query", "query"),
    ("headers", "header"),
    ("cookies", "cookie"),
)
_TYPES = {"string": str, "boolean": bool, "object": dict, "array": list}


@functools.lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _is_type(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and math.isfinite(value) and value.is_integer()
        )
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    kind = _TYPES.get(name)
    return kind is None or isinstance(value, kind)


def _format_ok(value: Any, name: str) -> bool:
    if not isinstance(value, str):
        return True
    try:
        if name == "date":
            datetime.date.fromisoformat(value)
        elif name == "date-time":
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif name == "uuid":
            uuid.UUID(value)
    except ValueError:
        return False
    return True


def fits(value: Any, node: dict[str, Any]) -> bool:
    """Whether a scalar ``value`` meets ``node``'s scalar keywords (type, enum, const,
    pattern, lengths, bounds, a few formats). Keywords it does not know are ignored."""
    types = node.get("type")
    names = [types] if isinstance(types, str) else list(types or [])
    if node.get("nullable") and names:
        names.append("null")
    if names and not any(_is_type(value, n) for n in names):
        return False
    if "enum" in node and value not in node["enum"]:
        return False
    if "const" in node and value != node["const"]:
        return False
    if isinstance(value, str):
        pattern = node.get("pattern")
        compiled = _regex(pattern) if isinstance(pattern, str) else None
        if compiled is not None and not compiled.search(value):
            return False
        if len(value) < node.get("minLength", 0) or len(value) > node.get("maxLength", 1 << 30):
            return False
        return _format_ok(value, str(node.get("format", "")))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _in_bounds(value, node)
    return True


def _in_bounds(value: float, node: dict[str, Any]) -> bool:
    low, high = node.get("minimum"), node.get("maximum")
    ex_low, ex_high = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    if ex_low is True:
        ex_low, low = low, None
    if ex_high is True:
        ex_high, high = high, None
    checks = [
        low is None or isinstance(low, bool) or value >= low,
        high is None or isinstance(high, bool) or value <= high,
        ex_low is None or isinstance(ex_low, bool) or value > ex_low,
        ex_high is None or isinstance(ex_high, bool) or value < ex_high,
    ]
    step = node.get("multipleOf")
    if isinstance(step, int | float) and step > 0:
        checks.append(math.isclose(value / step, round(value / step), abs_tol=1e-9))
    return all(checks)


class _Walker:
    def __init__(self, api: API) -> None:
        self.api = api

    def deref(self, node: Any) -> list[dict[str, Any]]:
        """``node`` with ``$ref`` followed and ``allOf`` flattened."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 50:
            ref = node["$ref"]
            if not ref.startswith("#"):
                return []
            try:
                node = resolve(self.api.document, ref[1:])
            except (KeyError, IndexError, TypeError, ValueError):
                return []
            seen += 1
        if not isinstance(node, dict):
            return []
        out = [node]
        for part in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
            out += self.deref(part)
        return out

    def matching(self, value: Any, nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``nodes`` plus, for each ``oneOf``/``anyOf``, the branches ``value`` fits."""
        out = list(nodes)
        for node in nodes:
            for key in ("oneOf", "anyOf"):
                branches = node.get(key)
                if not isinstance(branches, list):
                    continue
                fitting = [b for b in branches if self.shallow_fit(value, self.deref(b))]
                for branch in fitting[:1]:
                    out += self.matching(value, self.deref(branch))
        return out

    def shallow_fit(self, value: Any, nodes: list[dict[str, Any]]) -> bool:
        """A quick branch test: scalar keywords, and for objects required keys, ``const``
        properties and no unknown keys when ``additionalProperties`` is false."""
        for node in nodes:
            if not isinstance(value, dict):
                if not fits(value, node):
                    return False
                continue
            if node.get("type") not in (None, "object") and "object" not in (
                node.get("type") or []
            ):
                return False
            found = node.get("properties")
            props: dict[str, Any] = found if isinstance(found, dict) else {}
            if any(k not in value for k in node.get("required", [])):
                return False
            if node.get("additionalProperties") is False and any(k not in props for k in value):
                return False
            for key, sub in props.items():
                scalar = key in value and not isinstance(value[key], dict | list)
                if scalar and not all(fits(value[key], n) for n in self.deref(sub)):
                    return False
        return True

    def walk(
        self, value: Any, nodes: list[dict[str, Any]], trail: Trail
    ) -> Iterator[tuple[Trail, Any, tuple[dict[str, Any], ...]]]:
        nodes = self.matching(value, nodes)
        if isinstance(value, dict):
            for key, item in value.items():
                sub: list[dict[str, Any]] = []
                for node in nodes:
                    props = node.get("properties")
                    if isinstance(props, dict) and key in props:
                        sub += self.deref(props[key])
                    elif isinstance(node.get("additionalProperties"), dict):
                        sub += self.deref(node["additionalProperties"])
                yield from self.walk(item, sub, (*trail, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                sub = [
                    s
                    for n in nodes
                    if isinstance(n.get("items"), dict)
                    for s in self.deref(n["items"])
                ]
                yield from self.walk(item, sub, (*trail, index))
        elif value is not None:
            yield trail, value, tuple(n for n in nodes if not isinstance(value, dict | list))


def leaves(api: API, op: Operation, draft: Draft) -> list[Leaf]:
    """The scalar leaves of ``draft`` in a fixed order, each with its schema nodes."""
    walker = _Walker(api)
    found: list[Leaf] = []
    for part, location in PARTS:
        for name, value in dict(getattr(draft, part)).items():
            param = op.parameter(ParameterLocation(location), str(name))
            nodes = walker.deref(param.schema.raw) if param and param.schema else []
            scalar = [n for n in nodes if n.get("type") not in ("array", "object")]
            for trail, leaf, _ in walker.walk(value, [], (name,)):
                found.append(((part, trail), leaf, tuple(scalar if trail == (name,) else [])))
    if draft.has_body and op.request_body is not None:
        media = next((m for m in op.request_body.content if m.media_type == draft.media_type), None)
        nodes = walker.deref(media.schema.raw) if media and media.schema else []
        for trail, leaf, leaf_nodes in walker.walk(draft.body, nodes, ()):
            found.append((("body", trail), leaf, leaf_nodes))
    return found
