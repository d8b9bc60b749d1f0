"""What a response schema promises a consumer, and what a pact's response body relies on.

A consumer may rely on *less* than the provider promises (a subset of the fields), never on
more. So a response body is validated against the schema *relaxed*: ``required`` (and
``minProperties``, ``dependentRequired``) dropped, ``oneOf`` read as ``anyOf`` (a subset of
a payload may fit several members). Then a walk over the body, beside the schema, finds the
fields the body relies on that no applicable schema declares (an error: the provider never
promised them, including ``writeOnly`` ones, which never come back) and the declared but
optional ones (a warning: the provider may leave them out). An object schema is closed
unless it says how undeclared fields look (a schema-valued ``additionalProperties``,
``patternProperties``); ``additionalProperties: true`` promises nothing about any one field.

The relaxed schema and its validator are built once per API and schema; the walk records,
for every place in the body, the schema nodes that apply there (matcher rules use them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator

from specgen.check.shapes import Shapes, json_type
from specgen.schema.convert import Converted, cache_key
from specgen.schema.dialects import Direction
from specgen.schema.formats import FORMAT_CHECKER
from specgen.schema.validation import Violation, _unwrapped, _violation, compiled
from specgen.spec import pointer as jp
from specgen.spec.api import API
from specgen.spec.model import Schema

Raw = dict[str, Any]
_SCHEMA_LISTS = ("allOf", "anyOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs")
_SCHEMA_ONE = ("items", "contains", "propertyNames", "then", "else", "unevaluatedItems")
_DROPPED = frozenset({"required", "minProperties", "dependentRequired"})
_VERBATIM = ("not", "if")  # conditions: relaxing them would invert their meaning


@dataclass(slots=True)
class Relaxed:
    """A response schema relaxed for what a consumer may rely on (see the module doc)."""

    api: API
    conv: Converted = field(repr=False)
    validator: Any = field(repr=False)
    required: dict[int, frozenset[str]] = field(repr=False)
    shapes: Shapes = field(repr=False)

    @property
    def root(self) -> Any:
        """The relaxed schema."""
        return self.conv.schema

    def origin(self, node: Any) -> str | None:
        """The document pointer of a relaxed node."""
        return self.conv.origins.get(id(node))

    def valid(self, node: Any, value: Any) -> bool:
        """Whether ``value`` fits the relaxed sub-schema ``node``."""
        return bool(self.validator.evolve(schema=node).is_valid(value))

    def violations(self, value: Any) -> list[Violation]:
        """Every violation of the relaxed schema by ``value``, located in the document."""
        out = {
            _violation(self.api, self.conv, error)
            for top in self.validator.iter_errors(value)
            for error in _unwrapped(self.conv, top)
        }
        return sorted(out, key=lambda v: (v.instance_pointer, v.schema_pointer, v.keyword))


class _Relaxer:
    """Relaxes converted schema nodes, once per node and API: converted roots share their
    ``$defs`` objects, so the relaxed roots share the relaxed defs."""

    def __init__(self, base: Converted) -> None:
        self.source_origins = base.origins  # shared by every root of the direction
        self.source_wrappers = base.wrappers
        self.origins: dict[int, str] = {}
        self.wrappers: set[int] = set()
        self.required: dict[int, frozenset[str]] = {}
        self.memo: dict[int, Raw] = {}

    def node(self, node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        done = self.memo.get(id(node))
        if done is not None:
            return done
        out: Raw = {}
        self.memo[id(node)] = out  # the source lives in the API's cache, so ids stay unique
        for key, value in node.items():
            if key in _DROPPED:
                if key == "required" and isinstance(value, list):
                    self.required[id(out)] = frozenset(value)
                continue
            if key in ("additionalProperties", "unevaluatedProperties"):
                if isinstance(value, dict):
                    out[key] = self.node(value)
            elif key == "oneOf":
                members = [self.node(m) for m in value]
                if "anyOf" in node:
                    out.setdefault("allOf", []).append({"anyOf": members})
                else:
                    out["anyOf"] = members
            elif key in _SCHEMA_LISTS:
                out.setdefault(key, []).extend(self.node(m) for m in value)
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {name: self.node(sub) for name, sub in value.items()}
            elif key in _SCHEMA_ONE:
                out[key] = self.node(value)
            else:
                out[key] = value  # data (enum, const...) and the verbatim conditions
        origin = self.source_origins.get(id(node))
        if origin is not None:
            self.origins[id(out)] = origin
        if id(node) in self.source_wrappers:
            self.wrappers.add(id(out))
        return out


def relaxed_for(api: API, schema: Schema) -> Relaxed:
    """The relaxed form of the response ``schema``, built once per API (``SpecError`` if
    the schema cannot be converted)."""

    def build() -> Relaxed:
        base = compiled(api, schema, Direction.RESPONSE).converted
        relaxer = api.cached("specgen.check.relaxer", lambda: _Relaxer(base))
        root = relaxer.node(base.schema)
        conv = Converted(root, base.pointer, relaxer.origins, relaxer.wrappers)
        validator = Draft202012Validator(root, format_checker=FORMAT_CHECKER)
        return Relaxed(api, conv, validator, relaxer.required, Shapes(root))

    return api.cached(f"specgen.check.relaxed:{cache_key(api, schema)}", build)


@dataclass(frozen=True, slots=True)
class Reliance:
    """A field the body relies on that the schema does not promise (or only optionally)."""

    instance_pointer: str
    name: str
    value: Any
    spec_pointer: str | None
    declared: tuple[str, ...] = ()


@dataclass(slots=True)
class Walk:
    """What a walk over a response body found."""

    undeclared: list[Reliance] = field(default_factory=list)
    optional: list[Reliance] = field(default_factory=list)
    nodes: dict[str, list[Raw]] = field(default_factory=dict)  # instance pointer -> nodes


class Walker:
    """Walks a body beside a relaxed schema (see the module docstring)."""

    def __init__(self, relaxed: Relaxed) -> None:
        self.relaxed = relaxed
        self.defs: Raw = relaxed.root.get("$defs", {}) if isinstance(relaxed.root, dict) else {}
        self.out = Walk()

    def run(self, value: Any) -> Walk:
        """Walk ``value`` from the schema's root."""
        self.walk(self.applicable(self.relaxed.root, value), value, "")
        return self.out

    def applicable(self, node: Any, value: Any, depth: int = 0) -> list[Raw]:
        """``node`` and the nodes that apply in place for ``value``: ``$ref`` targets,
        ``allOf`` members, the best-fitting ``anyOf`` member, ``then``/``else``."""
        if not isinstance(node, dict) or depth > 64:
            return []
        out = [node]
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            out += self.applicable(self.defs.get(ref[8:]), value, depth + 1)
        for member in node.get("allOf", ()):
            out += self.applicable(member, value, depth + 1)
        if "anyOf" in node:
            out += self._best(node, value, depth)
        if "if" in node and isinstance(node["if"], dict | bool):
            branch = "then" if self.relaxed.valid(node["if"], value) else "else"
            out += self.applicable(node.get(branch), value, depth + 1)
        return out

    def _best(self, node: Raw, value: Any, depth: int) -> list[Raw]:
        kind = json_type(value)
        members = [
            m
            for m in node["anyOf"]
            if kind in self.relaxed.shapes.types(m)
            or (kind == "integer" and "number" in self.relaxed.shapes.types(m))
        ]
        if len(members) > 1:
            members = [m for m in members if self.relaxed.valid(m, value)]
        if not members:
            return []
        options = [self.applicable(m, value, depth + 1) for m in members]
        return min(options, key=lambda nodes: self._missing(nodes, value))

    @staticmethod
    def _missing(nodes: list[Raw], value: Any) -> int:
        if not isinstance(value, dict):
            return 0
        names: set[str] = set()
        for n in nodes:
            names.update(n.get("properties", {}))
        return sum(1 for key in value if key not in names)

    def walk(self, nodes: list[Raw], value: Any, pointer: str) -> None:
        """Record ``nodes`` for ``pointer`` and go down into ``value``."""
        self.out.nodes[pointer] = nodes
        if isinstance(value, dict):
            self._object(nodes, value, pointer)
        elif isinstance(value, list):
            prefix: list[Any] = next((n["prefixItems"] for n in nodes if "prefixItems" in n), [])
            items = [n["items"] for n in nodes if isinstance(n.get("items"), dict)]
            for i, item in enumerate(value):
                subs = [prefix[i]] if i < len(prefix) else items
                self._into(subs, item, jp.join(pointer, i))

    def _into(self, subs: list[Any], value: Any, pointer: str) -> None:
        nodes: list[Raw] = []
        for sub in subs:
            nodes += self.applicable(sub, value)
        self.walk(nodes, value, pointer)

    def _object(self, nodes: list[Raw], value: Raw, pointer: str) -> None:
        declared: dict[str, list[tuple[Raw, Any]]] = {}
        required: set[str] = set()
        patterns: list[tuple[str, Any]] = []
        open_schemas: list[Any] = []
        closed = False
        for n in nodes:
            for name, sub in n.get("properties", {}).items():
                declared.setdefault(name, []).append((n, sub))
            required |= self.relaxed.required.get(id(n), frozenset())
            patterns += list(n.get("patternProperties", {}).items())
            open_schemas += [
                n[k] for k in ("additionalProperties", "unevaluatedProperties") if k in n
            ]
            kind = n.get("type")
            closed = (
                closed
                or "properties" in n
                or kind == "object"
                or (isinstance(kind, list) and "object" in kind)
            )
        owner = next((self.relaxed.origin(n) for n in nodes if "properties" in n), None)
        owner = owner or next((self.relaxed.origin(n) for n in nodes), None)
        for name, item in value.items():
            at = jp.join(pointer, name)
            if name in declared:
                holder, sub = declared[name][0]
                if name not in required:
                    where = self.relaxed.origin(sub) or self.relaxed.origin(holder)
                    self.out.optional.append(Reliance(at, name, item, where))
                self._into([s for _, s in declared[name]], item, at)
                continue
            if name in required:
                continue  # required without a schema: promised, its value unchecked
            matched = [s for rx, s in patterns if _search(rx, name)]
            if matched or open_schemas:
                self._into(matched or open_schemas, item, at)
            elif closed:
                self.out.undeclared.append(Reliance(at, name, item, owner, tuple(declared)))


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def walk_body(relaxed: Relaxed, value: Any) -> Walk:
    """Walk a response body beside its relaxed schema."""
    return Walker(relaxed).run(value)


def iter_nodes(walk: Walk) -> Iterator[tuple[str, list[Raw]]]:
    """(instance pointer, applicable nodes) for every place the walk visited."""
    yield from walk.nodes.items()
