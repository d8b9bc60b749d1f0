"""Shapes: over-approximations of the values a schema allows, and their algebra.

A ``Shape`` holds what Pact matchers can say about a value: the JSON kinds it may have,
regexes its string form must match (when it has a single string, integer or number kind),
the properties an object has and the items and length of an array (as ``Part``s:
unexpanded schema nodes, shaped on demand). ``meet`` is ``allOf`` (what all allow
together), ``join`` is ``oneOf``/``anyOf`` (what any allows); both only widen what they
cannot say exactly, so whatever the schemas accept, the result accepts.
``specgen.pact.schema_matchers`` builds shapes from schemas; ``specgen.pact.body_rules``
writes them as matching rules.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from specgen.pact.keyword_regex import fits_rust


class Kind(enum.StrEnum):
    """JSON value kinds (``integer`` is also a ``number``)."""

    NULL = "null"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    NUMBER = "number"
    STRING = "string"
    ARRAY = "array"
    OBJECT = "object"


ALL = frozenset(Kind)
PRIMITIVE = frozenset({Kind.BOOLEAN, Kind.INTEGER, Kind.NUMBER, Kind.STRING})
KIND_NAMES = frozenset(k.value for k in Kind)
REGEX_KINDS = frozenset({Kind.STRING, Kind.INTEGER, Kind.NUMBER})


@dataclass(frozen=True, slots=True)
class Part:
    """A property or the items of an array, not yet shaped: every node in ``nodes``
    constrains it; ``stack`` is the chain of ``$defs`` it was reached through."""

    nodes: tuple[Any, ...]
    stack: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True, slots=True)
class Shape:
    """An over-approximation of a schema's values (see the module docstring).

    ``regexes`` all apply, and only when the non-null kinds are a single one of string,
    integer or number; ``props`` and ``items`` only describe object and array values.
    ``origins`` are document pointers of schemas the values satisfy (to make examples)."""

    kinds: frozenset[Kind] = ALL
    regexes: tuple[str, ...] = ()
    props: tuple[tuple[str, Part], ...] = ()
    items: Part | None = None
    min_items: int = 0
    max_items: int | None = None
    origins: tuple[str, ...] = ()

    @property
    def nullable(self) -> bool:
        """Whether null is allowed."""
        return Kind.NULL in self.kinds

    @property
    def value_kinds(self) -> frozenset[Kind]:
        """The kinds besides null (``number`` stands for both number kinds)."""
        kinds = self.kinds - {Kind.NULL}
        return kinds - {Kind.INTEGER} if Kind.NUMBER in kinds else kinds

    def required(self) -> list[tuple[str, Part]]:
        """The required properties, in schema order."""
        return [(name, part) for name, part in self.props if part.required]


ANY = Shape()


def kinds_of(names: Iterable[Kind]) -> frozenset[Kind]:
    """A kind set (``number`` brings ``integer``)."""
    found = frozenset(names)
    return found | {Kind.INTEGER} if Kind.NUMBER in found else found


def single_kind(kinds: frozenset[Kind]) -> Kind | None:
    """The one non-null kind of ``kinds`` (``number`` for both numbers), or None."""
    values = kinds - {Kind.NULL}
    if Kind.NUMBER in values:
        values = values - {Kind.INTEGER}
    return next(iter(values)) if len(values) == 1 else None


def meet(shapes: list[Shape]) -> Shape:
    """What all of ``shapes`` allow together (over-approximated)."""
    shapes = [s for s in shapes if s is not ANY]
    if not shapes:
        return ANY
    if len(shapes) == 1:
        return shapes[0]
    kinds = ALL
    for shape in shapes:
        kinds &= shape.kinds
    if not kinds:  # a contradiction: no value at all, so any rule is right; keep the first
        return shapes[0]
    one = single_kind(kinds)
    regexes = tuple(dict.fromkeys(r for s in shapes for r in s.regexes)) if one else ()
    props: dict[str, Part] = {}
    for shape in shapes:
        for name, part in shape.props:
            old = props.get(name)
            props[name] = part if old is None else _both(old, part)
    item_parts = [s.items for s in shapes if s.items is not None]
    items = None
    for part in item_parts:
        items = part if items is None else _both(items, part)
    maxes = [s.max_items for s in shapes if s.max_items is not None]
    return Shape(
        kinds,
        regexes,
        tuple(props.items()),
        items,
        max(s.min_items for s in shapes),
        min(maxes) if maxes else None,
        tuple(dict.fromkeys(o for s in shapes for o in s.origins)),
    )


def _both(a: Part, b: Part) -> Part:
    return Part(a.nodes + b.nodes, max(a.stack, b.stack, key=len), a.required or b.required)


def _either(parts: list[Part]) -> Part:
    node = {"anyOf": [{"allOf": list(p.nodes)} for p in parts]}
    return Part((node,), max((p.stack for p in parts), key=len), all(p.required for p in parts))


def join(shapes: list[Shape]) -> Shape:
    """What any of ``shapes`` allows (over-approximated)."""
    if not shapes:
        return ANY
    if len(shapes) == 1:
        return shapes[0]
    kinds = kinds_of(k for s in shapes for k in s.kinds)
    regexes: tuple[str, ...] = ()
    one = single_kind(kinds)
    carriers = [s for s in shapes if s.value_kinds]
    if one in REGEX_KINDS and all(len(s.regexes) == 1 for s in carriers):
        bodies = dict.fromkeys(s.regexes[0][1:-1] for s in carriers)
        regexes = ("^(?:" + "|".join(bodies) + ")$",) if len(bodies) > 1 else carriers[0].regexes
        regexes = regexes if fits_rust(regexes[0]) else ()
    objects = [s for s in shapes if Kind.OBJECT in s.kinds]
    names = set.intersection(*(set(n for n, _ in s.props) for s in objects)) if objects else set()
    props = tuple(
        (name, _either([dict(s.props)[name] for s in objects]))
        for name, _ in (objects[0].props if objects else ())
        if name in names
    )
    arrays = [s for s in shapes if Kind.ARRAY in s.kinds]
    items = None
    if arrays and all(s.items is not None for s in arrays):
        items = _either([s.items for s in arrays if s.items is not None])
    maxes = [s.max_items for s in arrays]
    return Shape(
        kinds,
        regexes,
        props,
        items,
        min((s.min_items for s in arrays), default=0),
        None if not maxes or None in maxes else max(m for m in maxes if m is not None),
        tuple(dict.fromkeys(o for s in shapes for o in s.origins)),
    )


def kind_of(value: Any) -> Kind:
    """The kind of a JSON value (a float without fraction counts as an integer)."""
    if value is None:
        return Kind.NULL
    if isinstance(value, bool):
        return Kind.BOOLEAN
    if isinstance(value, int):
        return Kind.INTEGER
    if isinstance(value, float):
        return Kind.INTEGER if value.is_integer() else Kind.NUMBER
    if isinstance(value, str):
        return Kind.STRING
    return Kind.ARRAY if isinstance(value, list) else Kind.OBJECT
