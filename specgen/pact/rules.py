"""Matching rules of one request, response or message: (category, path) -> rule group.

One model for the three ways pact files key rules:

- v2: one flat object keyed by JSONPath from the interaction part, one matcher per key
  (``"$.body.items[*].id": {"match": "type"}``, ``"$.headers.Accept": {...}``,
  ``"$.query.q": {...}``, ``"$.path": {...}``);
- v3 and v4 (the same form): categories, each keyed by path or name, holding rule groups
  (``{"body": {"$.id": {"matchers": [...], "combine": "AND"}}, "header": {"Accept": {...}},
  "path": {"matchers": [...]}, "status": {"$": {...}}}``).

Keys: ``body``, ``contents`` and ``metadata`` rules are keyed by their path; ``header`` and
``query`` rules by ``$.<name>`` (``MatcherPath.of(name)``); ``path``, ``method`` and
``status`` rules apply to the whole value and are keyed by the empty path.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from specgen.pact.base import JSON, PactError, expect_object
from specgen.pact.matcher_json import parse_matcher, parse_rule_group
from specgen.pact.matchers import RuleGroup
from specgen.pact.paths import ROOT, Location, MatcherPath, field
from specgen.spec.pointer import join


class Category(enum.StrEnum):
    """What part of a request, response or message a rule applies to (file order)."""

    METHOD = "method"
    PATH = "path"
    HEADER = "header"
    QUERY = "query"
    BODY = "body"
    STATUS = "status"
    CONTENTS = "contents"
    METADATA = "metadata"


_ORDER = {category: i for i, category in enumerate(Category)}
#: Categories whose rules apply to the whole value, keyed by the empty path.
WHOLE = frozenset({Category.METHOD, Category.PATH, Category.STATUS})
#: Categories keyed by a name.
NAMED = frozenset({Category.HEADER, Category.QUERY})
_ALIASES = {"headers": Category.HEADER}
_V2_NAMES = {Category.HEADER: "headers"}

Key = tuple[Category, MatcherPath]


def _category(name: str, pointer: str) -> Category:
    try:
        return _ALIASES.get(name.lower()) or Category(name.lower())
    except ValueError:
        raise PactError(f"unknown matching rule category {name!r}", pointer=pointer) from None


def named(name: str) -> MatcherPath:
    """The key of a header or query parameter rule."""
    return MatcherPath((ROOT, field(name)))


class MatchingRules(Mapping[Key, RuleGroup]):
    """Immutable, hashable rules: ``rules[(Category.BODY, MatcherPath.parse("$.id"))]``.

    Iteration is sorted (category in file order, then path text), so equal rules read from
    differently ordered files compare and serialise alike. Two entries with the same key are
    merged, as Pact does (their matchers are appended).
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[Key, RuleGroup]] | Mapping[Key, RuleGroup] = ()):
        pairs = items.items() if isinstance(items, Mapping) else items
        merged: dict[Key, RuleGroup] = {}
        for key, group in pairs:
            if key in merged:
                old = merged[key]
                group = RuleGroup(old.matchers + group.matchers, old.combine)
            merged[key] = group
        order = sorted(merged, key=lambda k: (_ORDER[k[0]], str(k[1])))
        self._items: tuple[tuple[Key, RuleGroup], ...] = tuple((k, merged[k]) for k in order)

    def __getitem__(self, key: Key) -> RuleGroup:
        for k, group in self._items:
            if k == key:
                return group
        raise KeyError(key)

    def __iter__(self) -> Iterator[Key]:
        return (k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MatchingRules):
            return self._items == other._items
        return super().__eq__(other)

    def __repr__(self) -> str:
        inner = ", ".join(f"{c.value} {p}: {g!r}" for (c, p), g in self._items)
        return f"MatchingRules({inner})"

    def category(self, category: Category) -> list[tuple[MatcherPath, RuleGroup]]:
        """The (path, group) pairs of one category, sorted by path."""
        return [(path, group) for (cat, path), group in self._items if cat == category]

    def best_for(self, category: Category, location: Location = ()) -> RuleGroup | None:
        """The group that governs ``location`` in ``category``, or None (then: equality).

        ``body``/``contents``/``metadata``: Pact's weighting, most specific path wins, and a
        rule on an ancestor cascades. ``header`` (case-insensitive) and ``query``: the rule
        for the name ``location[0]``. ``path``/``method``/``status``: the category's group.
        """
        pairs = self.category(category)
        if category in WHOLE:
            return pairs[0][1] if pairs else None
        if category in NAMED:
            if not location:
                return None
            wanted = str(location[0])
            fold = category is Category.HEADER
            for path, group in pairs:
                name = path.first_field or ""
                if name == wanted or (fold and name.lower() == wanted.lower()):
                    return group
            return None
        best: RuleGroup | None = None
        best_weight = 0
        for path, group in pairs:
            weight = path.weight(location)
            if weight > best_weight:
                best, best_weight = group, weight
        return best

    # -- reading --------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: object, pointer: str) -> MatchingRules:
        """Parse a ``matchingRules`` object, v2 (keys start with ``$``) or v3/v4."""
        rules = expect_object(data, pointer, "matchingRules")
        if any(key.startswith("$") for key in rules):
            return cls.from_v2(rules, pointer)
        return cls.from_v3(rules, pointer)

    @classmethod
    def from_v2(cls, data: Mapping[str, Any], pointer: str) -> MatchingRules:
        """Parse v2 rules keyed by ``$.body...``, ``$.headers.X``, ``$.query.q``, ``$.path``."""
        items: list[tuple[Key, RuleGroup]] = []
        for key, value in data.items():
            at = join(pointer, key)
            tokens = MatcherPath.parse(key, pointer=at).tokens
            if len(tokens) < 2 or tokens[0] != ROOT or tokens[1].kind != "field":
                raise PactError(f"v2 rule path {key!r} names no category", pointer=at)
            category = _category(tokens[1].name, at)
            rest = tokens[2:]
            if category is Category.BODY:
                path = MatcherPath((ROOT, *rest))
            elif category in NAMED:
                if not rest or rest[0].kind != "field":
                    raise PactError(f"v2 rule path {key!r} names no {category.value}", pointer=at)
                path = named(rest[0].name)
            else:
                path = MatcherPath()
            items.append(((category, path), RuleGroup((parse_matcher(value, at),))))
        return cls(items)

    @classmethod
    def from_v3(cls, data: Mapping[str, Any], pointer: str) -> MatchingRules:
        """Parse v3/v4 rules: ``{category: {path-or-name: group}}`` (path: one group)."""
        items: list[tuple[Key, RuleGroup]] = []
        for name, value in data.items():
            at = join(pointer, name)
            category = _category(name, at)
            entries = expect_object(value, at, f"matchingRules.{name}")
            if "matchers" in entries:
                items.append(((category, MatcherPath()), parse_rule_group(entries, at)))
                continue
            for key, group_json in entries.items():
                key_at = join(at, key)
                group = parse_rule_group(group_json, key_at)
                if category in WHOLE:
                    path = MatcherPath()
                elif category in NAMED:
                    path = named(key)
                else:
                    path = MatcherPath.parse(key, pointer=key_at)
                items.append(((category, path), group))
        return cls(items)

    # -- writing: one place per format ----------------------------------------------------

    def to_v3(self) -> dict[str, JSON]:
        """The v3 ``matchingRules`` object (keys in sorted order)."""
        out: dict[str, JSON] = {}
        for (category, path), group in self._items:
            if category is Category.PATH:
                out[category.value] = group.to_json()
                continue
            if category in NAMED:
                key = path.first_field or ""
            elif category is Category.STATUS:
                key = "$"
            else:
                key = str(path)
            section = out.setdefault(category.value, {})
            assert isinstance(section, dict)
            section[key] = group.to_json()
        return out

    def to_v4(self) -> dict[str, JSON]:
        """The v4 ``matchingRules`` object: the v4 specification keeps the v3 form."""
        return self.to_v3()

    def to_v2(self) -> dict[str, JSON]:
        """The v2 form. v2 holds one matcher per path: only each group's first is written."""
        out: dict[str, JSON] = {}
        for (category, path), group in self._items:
            if not group.matchers:
                continue
            head = MatcherPath((ROOT, field(_V2_NAMES.get(category, category.value))))
            if category in NAMED:
                key = str(head.child(field(path.first_field or "")))
            elif category in WHOLE:
                key = str(head)
            else:
                key = str(MatcherPath(head.tokens + path.tokens[1:]))
            out[key] = group.matchers[0].to_json()
        return out


EMPTY_RULES = MatchingRules()
