"""A response body for a pact: an example cut down to what the schema requires, plus the
matching rules its shape (``specgen.pact.schema_matchers``) allows.

Only required properties go into the body (a provider may leave out any other), and an
object needs no rule of its own (Pact compares objects with objects and accepts extra
keys in responses). Rules: strings ``type`` and ``regex`` (pattern, enum, const, format, lengths);
integers ``integer`` (and a ``regex`` for bounds and enums); numbers ``number``; booleans
``type``; arrays ``type`` with ``min``/``max`` and rules for ``[*]`` (each-like). Nullable
primitives combine their matcher with ``null`` by ``OR``. Pact cannot say "null or an
object of this shape": a nullable object or array is written as ``null`` with a rule that
accepts null or any object (array). A value no rule can describe safely (a union of an
object and a string, say) is left out when it is not a primitive. docs/pacts.md lists what
this misses.
"""

from __future__ import annotations

import copy
from typing import Any

from specgen.errors import SpecError
from specgen.pact.matchers import (
    Boolean,
    Combine,
    Integer,
    Matcher,
    Null,
    Number,
    Regex,
    RuleGroup,
    Type,
)
from specgen.pact.paths import MatcherPath
from specgen.pact.schema_matchers import Shaper
from specgen.pact.shape import PRIMITIVE, Kind, Shape
from specgen.schema import Direction, example_value
from specgen.spec import pointer as jp
from specgen.spec.api import API
from specgen.spec.model import Schema

ANY_TEXT = r"^[\s\S]*$"
ANY_OBJECT = r"^\{[\s\S]*\}$"
ANY_ARRAY = r"^\[[\s\S]*\]$"
_MISSING: Any = object()
OMIT: Any = object()  # render's answer for "leave this value out"
_MAX_COPIES = 5

Rules = list[tuple[MatcherPath, RuleGroup]]


def _and(*matchers: Matcher) -> RuleGroup:
    return RuleGroup(matchers)


def _or(*matchers: Matcher) -> RuleGroup:
    return RuleGroup(matchers, Combine.OR)


def _is_primitive(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


class BodyRenderer:
    """Renders shapes of one response schema into an example value and rules."""

    def __init__(self, api: API, shaper: Shaper, seed: int) -> None:
        self.api = api
        self.shaper = shaper
        self.seed = seed

    def body(self, example: Any) -> tuple[Any, Rules]:
        """The pact body (``OMIT``: none) and its rules, for a valid full ``example``."""
        rules: Rules = []
        value = self.render(self.shaper.root(), example, (), rules)
        return value, rules

    def render(self, shape: Shape, example: Any, steps: tuple[str, ...], rules: Rules) -> Any:
        """The value for ``shape`` at ``steps`` (``OMIT`` to leave it out); its rules are
        appended to ``rules`` only when a value is returned."""
        kinds = shape.value_kinds
        path = MatcherPath.of(*steps)
        if not kinds:
            rules.append((path, _and(Null())))
            return None
        if kinds == {Kind.OBJECT} or kinds == {Kind.ARRAY}:
            if shape.nullable:
                text = ANY_OBJECT if Kind.OBJECT in kinds else ANY_ARRAY
                rules.append((path, _or(Null(), Regex(text))))
                return None
            container = dict if Kind.OBJECT in kinds else list
            if not isinstance(example, container):
                example = self._synth(shape, container)
            if not isinstance(example, container):
                example = container()
            if container is dict:
                return self._object(shape, example, steps, rules)
            return self._array(shape, example, steps, path, rules)
        if kinds <= PRIMITIVE:
            return self._primitive(shape, kinds, example, path, rules)
        if _is_primitive(example):
            rules.append((path, _and(Regex(ANY_TEXT))))  # present, with any value
            return example
        return OMIT

    def _object(self, shape: Shape, example: Any, steps: tuple[str, ...], rules: Rules) -> Any:
        # no rule for the object itself: Pact compares an object with an object, and lets
        # the provider add keys; only the required keys' rules matter
        out: dict[str, Any] = {}
        for name, part in shape.required():
            sub = self.shaper.part(part)
            given = example.get(name, _MISSING)
            if given is _MISSING:
                given = self._synth(sub, None)
            found: Rules = []
            value = self.render(sub, given, (*steps, name), found)
            if value is not OMIT:
                out[name] = value
                rules += found
        return out

    def _array(
        self, shape: Shape, example: Any, steps: tuple[str, ...], path: MatcherPath, rules: Rules
    ) -> list[Any]:
        rules.append((path, _and(Type(min=shape.min_items, max=shape.max_items))))
        if shape.items is None or shape.max_items == 0:
            return []
        sub = self.shaper.part(shape.items)
        given = example[0] if example else self._synth(sub, None)
        if given is _MISSING:
            return []
        found: Rules = []
        value = self.render(sub, given, (*steps, "[*]"), found)
        if value is OMIT:
            return []
        rules += found
        copies = min(max(shape.min_items, 1), _MAX_COPIES)
        return [value] + [copy.deepcopy(value) for _ in range(copies - 1)]

    def _primitive(
        self, shape: Shape, kinds: frozenset[Kind], example: Any, path: MatcherPath, rules: Rules
    ) -> Any:
        if len(kinds) > 1:
            return self._union(shape, kinds, example, path, rules)
        kind = next(iter(kinds))
        if not _fits(kind, example) and not (shape.nullable and example is None):
            example = self._synth(shape, kind)
        if kind is Kind.STRING and not isinstance(example, str) and shape.nullable:
            example = self._synth(shape, kind, non_null=True)
        if not _fits(kind, example):
            if not shape.nullable:
                return OMIT
            example = None
        base: Matcher
        if kind is Kind.STRING:
            if example is None:  # Type would mean "null": match the string form instead
                regex = shape.regexes[0] if len(shape.regexes) == 1 else ANY_TEXT
                rules.append((path, _or(Regex(regex), Null())))
                return None
            base = Type()
        elif kind is Kind.BOOLEAN:
            base = Type() if isinstance(example, bool) else Boolean()
        else:
            base = Integer() if kind is Kind.INTEGER else Number()
        regexes = [Regex(r) for r in shape.regexes]
        if shape.nullable:
            one = regexes[0] if kind is Kind.STRING and len(regexes) == 1 else base
            rules.append((path, _or(one, Null())))
        else:
            rules.append((path, _and(base, *regexes)))
        return example

    def _union(
        self, shape: Shape, kinds: frozenset[Kind], example: Any, path: MatcherPath, rules: Rules
    ) -> Any:
        if not _is_primitive(example) or example is _MISSING:
            example = self._synth(shape, None)
        if not _is_primitive(example) or example is _MISSING:
            return OMIT
        matchers: list[Matcher] = []
        for kind in sorted(kinds):
            if kind is Kind.STRING:
                matchers.append(Type() if isinstance(example, str) else Regex(ANY_TEXT))
            elif kind is Kind.BOOLEAN:
                matchers.append(Boolean())
            else:
                matchers.append(Integer() if kind is Kind.INTEGER else Number())
        if shape.nullable:
            matchers.append(Null())
        rules.append((path, _or(*matchers)))
        return example

    # -- examples for parts the given example does not cover -------------------------------

    def _synth(self, shape: Shape, want: Any, *, non_null: bool = False) -> Any:
        """A value valid for the schema at one of ``shape``'s origins (``_MISSING``: none)."""
        for origin in shape.origins[:3]:
            value = self._example_at(origin, non_null and want is Kind.STRING)
            if value is not _MISSING and (want is None or _fits(want, value)):
                return value
        return _MISSING

    def _example_at(self, origin: str, string: bool) -> Any:
        cache: dict[tuple[str, bool, int], Any] = self.api.cached("specgen.pact.synth", dict)
        key = (origin, string, self.seed)
        if key not in cache:
            try:
                raw = jp.resolve(self.api.document, origin)
                schema = Schema({"allOf": [raw, {"type": "string"}]} if string else raw, origin)
                cache[key] = example_value(
                    self.api, schema, direction=Direction.RESPONSE, seed=self.seed
                )
            except (SpecError, LookupError, ValueError, RecursionError):
                cache[key] = _MISSING
        value = cache[key]
        return value if value is _MISSING else copy.deepcopy(value)


def _fits(kind: Any, value: Any) -> bool:
    if value is _MISSING or value is OMIT:
        return False
    if kind is dict or kind is list:
        return isinstance(value, kind)
    if kind is Kind.STRING:
        return isinstance(value, str)
    if kind is Kind.BOOLEAN:
        return isinstance(value, bool)
    if kind is Kind.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is Kind.NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return True
