"""Values the spec lets a provider send that a response matching rule refuses.

Candidates are cheap where the rule allows it: a ``type`` rule refuses only values of
another JSON type (``null`` for a nullable field), ``integer`` only fractions, ``decimal``
only whole numbers. Rules about strings (regex, include, semver, date formats) also try the
schema's enum values and a few synthesised valid values, unless the regex is exactly the
schema's own (as generated pacts write it). Every candidate is checked against the relaxed
schema, and the answer is remembered per schema place, rule and example type: pacts repeat
both across interactions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specgen.check.matching import group_admits
from specgen.check.promises import Relaxed
from specgen.check.shapes import json_type
from specgen.errors import SpecError
from specgen.pact import matchers as m
from specgen.pact.base import canonical
from specgen.pact.matchers import RuleGroup
from specgen.schema import Direction, example_value, string_regex
from specgen.spec import pointer as jp
from specgen.spec.api import API

_GENERIC: tuple[Any, ...] = (None, True, False, 0, 1, -1, 0.5, 1.5, "", "a", "0")
_STRING_RULES = (m.Regex, m.Include, m.Semver, m.Timestamp, m.Date, m.Time, m.NotEmpty)
_NOTHING = ("nothing",)


def refused(
    api: API, relaxed: Relaxed, nodes: list[Any], example: Any, group: RuleGroup
) -> Iterator[Any]:
    """At most one value the schema at a place allows and ``group`` refuses."""
    if isinstance(example, list):
        yield from _array_lengths(relaxed, nodes, example, group)
        return
    node = nodes[0]
    origin = relaxed.origin(node)
    if origin is None:
        found = _search(api, relaxed, node, None, example, group)
    else:
        key = f"specgen.check.refused:{origin}:{canonical(group.to_json())}:{json_type(example)}"
        found = api.cached(key, lambda: _search(api, relaxed, node, origin, example, group))
    if found is not _NOTHING:
        yield found


def _search(
    api: API, relaxed: Relaxed, node: Any, origin: str | None, example: Any, group: RuleGroup
) -> Any:
    candidates: list[Any] = list(_GENERIC)
    if any(isinstance(x, _STRING_RULES) for x in group.matchers):
        candidates += list(relaxed.shapes.enum(node) or ())
        if origin is not None and not _exact(api, origin, group):
            candidates += _synthesised(api, origin)
    allowed = relaxed.shapes.types(node)
    for candidate in candidates:
        kind = json_type(candidate)
        if kind not in allowed and not (kind == "integer" and "number" in allowed):
            continue
        if isinstance(candidate, dict | list) or canonical(candidate) == canonical(example):
            continue
        if not group_admits(group, candidate, example) and relaxed.valid(node, candidate):
            return candidate
    return _NOTHING


def _exact(api: API, origin: str, group: RuleGroup) -> bool:
    """Whether the group is one regex equal to the schema's own exact regex."""
    regexes = [x.regex for x in group.matchers if isinstance(x, m.Regex)]
    if len(regexes) != 1 or len(group.matchers) != 1:
        return False
    try:
        own = string_regex(api, jp.resolve(api.document, origin), pointer=origin)
    except (SpecError, LookupError, ValueError):
        return False
    return own is not None and own == regexes[0]


def _synthesised(api: API, origin: str) -> list[Any]:
    try:
        raw = jp.resolve(api.document, origin)
    except (LookupError, ValueError):
        return []
    out = []
    for seed in range(3):
        try:
            out.append(
                example_value(api, raw, direction=Direction.RESPONSE, seed=seed, pointer=origin)
            )
        except SpecError:
            break
    return out


def _array_lengths(
    relaxed: Relaxed, nodes: list[Any], example: list[Any], group: RuleGroup
) -> Iterator[Any]:
    types = [x for x in group.matchers if isinstance(x, m.Type)]
    if not types or not example:
        return
    low = max((relaxed.shapes.first(n, "minItems") or 0) for n in nodes)
    highs = [h for h in (relaxed.shapes.first(n, "maxItems") for n in nodes) if h is not None]
    high = min(highs) if highs else None
    matcher = types[0]
    if matcher.min is not None and matcher.min > max(low, 1):
        yield example[:1] * low
    elif matcher.max is not None and (high is None or high > matcher.max):
        yield example[:1] * (matcher.max + 1)
