"""Matching-rule aware rules: a pact says more than its example when it carries matching
rules, and the spec must agree with what the rules say, not just with the example.

Directions differ. A request rule says what the consumer may *send*: every value it admits
must be one the spec accepts (``request.matcher.incompatible``, an error: a ``type`` matcher
on an enum field, a regex broader than the spec's pattern). A response rule says what the
consumer *accepts*: when the spec allows values the rule refuses, the provider may
legitimately send one and break the consumer (``response.matcher.stricter``, a warning,
like an optional field relied on: a nullable field under a ``type`` matcher, a regex
narrower than the spec, ``decimal`` on a field whose values may be whole numbers).

Rules apply where their path points and, for ``type`` matching, below it (Pact cascades type
matching to the children of an each-like or like).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any

from specgen.check.context import InteractionContext, body_value
from specgen.check.explain import describe, value_at
from specgen.check.matching import VALUE_MATCHERS, group_admits, samples
from specgen.check.parameters import declared, parameter_schema
from specgen.check.params import header_value, query_value, typing_for
from specgen.check.registry import check_rule
from specgen.check.rules_body import response_check
from specgen.check.stricter import refused
from specgen.findings import Finding, Severity
from specgen.pact import matchers as m
from specgen.pact.matchers import RuleGroup
from specgen.pact.rules import Category, MatchingRules
from specgen.schema import Direction, violations
from specgen.spec import pointer as jp
from specgen.spec.model import ParameterLocation

Location = tuple[str | int, ...]


class BodyRules:
    """The body rule group that says which values pass at each place: a rule for exactly
    that place, else ``type`` matching cascaded from the nearest ancestor with a rule of its
    own (Pact's cascade). Rules sit in a trie of path tokens, so a lookup follows the place
    and the wildcards only; answers are remembered (parents are asked first)."""

    def __init__(self, rules: MatchingRules) -> None:
        self.trie: dict[Any, Any] = {}
        for path, group in rules.category(Category.BODY):
            node = self.trie
            for token in path.tokens:
                node = node.setdefault(token, {})
            node.setdefault(_HERE, []).append((path, group))
        self.cascade: dict[Location, bool] = {}

    def own(self, location: Location) -> RuleGroup | None:
        """The group written for exactly ``location`` (the heaviest match, as in Pact)."""
        fragments = ["$", *(str(step) for step in location)]
        best: tuple[int, RuleGroup | None] = (0, None)
        frontier: list[tuple[dict[Any, Any], int]] = [(self.trie, 1)]
        for fragment in fragments:
            frontier = [
                (child, weight * token.score(fragment))
                for node, weight in frontier
                for token, child in node.items()
                if token is not _HERE and token.score(fragment)
            ]
            if not frontier:
                return None
        for node, weight in frontier:
            for _path, group in node.get(_HERE, ()):
                if weight > best[0]:
                    best = (weight, group)
        return best[1]

    def at(self, location: Location) -> RuleGroup | None:
        """The group governing the values at ``location`` (None: the example only)."""
        own = self.own(location)
        if own is not None:
            self.cascade[location] = any(isinstance(x, m.Type | m.NotEmpty) for x in own.matchers)
            return own if any(isinstance(x, VALUE_MATCHERS) for x in own.matchers) else None
        inherited = bool(location) and self._inherits(location[:-1])
        self.cascade[location] = inherited
        return _TYPE if inherited else None

    def _inherits(self, location: Location) -> bool:
        if location not in self.cascade:
            self.at(location)
        return self.cascade[location]


_HERE = object()
_TYPE = RuleGroup((m.Type(),))


def _places(value: Any, location: Location = ()) -> Iterator[tuple[Location, Any]]:
    yield location, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*location, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _places(item, (*location, i))


def _replaced(document: Any, location: Location, value: Any) -> Any:
    if not location:
        return value
    out = copy.deepcopy(document)
    node = out
    for step in location[:-1]:
        node = node[step]
    node[location[-1]] = value
    return out


def _pointer(location: Sequence[str | int]) -> str:
    return jp.join("", *location) if location else ""


def _admitted(group: RuleGroup, example: Any) -> Iterator[Any]:
    seen: list[Any] = [example]
    for matcher in group.matchers:
        for sample in samples(matcher, example):
            if sample not in seen and group_admits(group, sample, example):
                seen.append(sample)
                yield sample


@check_rule(
    "request.matcher.incompatible",
    severity=Severity.ERROR,
    summary="A request matching rule admits values the spec does not accept",
    pactflow=False,
)
def request_matcher_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """A matching rule on the request body, a query parameter or a header lets the
    consumer send values the spec rejects: a ``type`` matcher on an enum, a pattern or a
    bounded number, a regex or date format admitting strings the schema forbids, an
    each-like whose ``min``/``max`` allow more or fewer items than ``minItems``/``maxItems``.
    The message names one such value. specgen's own code (PactFlow's tools read only the
    example)."""
    if ctx.operation is None or not ctx.valid_request:
        return
    yield from _body_rules(ctx)
    yield from _parameter_rules(ctx, ParameterLocation.QUERY, Category.QUERY)
    yield from _parameter_rules(ctx, ParameterLocation.HEADER, Category.HEADER)


def _body_rules(ctx: InteractionContext) -> Iterator[Finding]:
    rules = ctx.request.matching_rules
    media = ctx.request_media.chosen
    present, body = body_value(ctx.request.body)
    if not rules.category(Category.BODY) or not present or media is None or not media.schema:
        return
    schema = media.schema
    before = {
        (v.instance_pointer, v.message)
        for v in violations(ctx.api, schema, body, Direction.REQUEST)
    }
    governed = BodyRules(rules)
    for location, example in _places(body):
        group = governed.at(location)
        if group is None or any(p.startswith(_pointer(location)) for p, _ in before):
            continue
        for sample in _admitted(group, example):
            changed = _replaced(body, location, sample)
            new = [
                v
                for v in violations(ctx.api, schema, changed, Direction.REQUEST)
                if (v.instance_pointer, v.message) not in before
            ]
            if new:
                yield ctx.finding(
                    "request.matcher.incompatible",
                    f"the matching rule at {_pointer(location) or '/'} lets the consumer send "
                    f"{describe(sample)}, which the spec rejects: {new[0].message}",
                    pact=ctx.body_pointer(ctx.request.body, _pointer(location)),
                    spec=new[0].schema_pointer,
                    expected=f"values the schema accepts (the example {describe(example)})",
                    actual=describe(sample),
                )
                break


def _parameter_rules(
    ctx: InteractionContext, where: ParameterLocation, category: Category
) -> Iterator[Finding]:
    rules = ctx.request.matching_rules
    op = ctx.operation
    if op is None:
        return
    for param in declared(op, where):
        group = rules.best_for(category, (param.name,))
        schema = parameter_schema(param)
        sent = ctx.request.query if where is ParameterLocation.QUERY else ctx.request.headers
        values = sent.get(param.name)
        if group is None or schema is None or param.schema is None or not values:
            continue
        typing = typing_for(ctx.api, schema)
        for sample in _admitted(group, values[0]):
            text = sample if isinstance(sample, str) else describe(sample)
            if where is ParameterLocation.QUERY:
                found = query_value(param, {param.name: (text,)}, typing)
                value = found.value if found else None
            else:
                value = header_value(param, (text,), typing)
            bad = violations(ctx.api, schema, value, Direction.REQUEST)
            if bad:
                pointer = (
                    ctx.query_pointer(param.name)
                    if where is ParameterLocation.QUERY
                    else ctx.header_pointer("request", param.name)
                )
                yield ctx.finding(
                    "request.matcher.incompatible",
                    f"the matching rule on {where.value} parameter '{param.name}' lets the "
                    f"consumer send {describe(text)}, which the spec rejects: {bad[0].message}",
                    pact=pointer,
                    spec=bad[0].schema_pointer,
                    expected="values the parameter schema accepts",
                    actual=describe(text),
                )
                break


@check_rule(
    "response.matcher.stricter",
    severity=Severity.WARNING,
    summary="A response matching rule refuses values the spec allows the provider to send",
    pactflow=False,
)
def response_matcher_stricter(ctx: InteractionContext) -> Iterator[Finding]:
    """A matching rule on the response body refuses a value the spec allows there: the
    provider may send it and the consumer's expectation breaks (``null`` for a nullable
    field under a ``type`` matcher, a string outside a regex narrower than the schema,
    a whole number under ``decimal``, fewer or more items than an each-like's ``min`` or
    ``max``). A warning: the provider may, not must. The message names the value.
    specgen's own code. An each-like's ``min: 1`` is not reported (it is how Pact writes
    "an array of these"; a provider state supplies the item)."""
    rules = ctx.response.matching_rules
    if not rules.category(Category.BODY):
        return
    check = response_check(ctx)
    if check is None:
        return
    governed = BodyRules(rules)
    for pointer, nodes in check.walk.nodes.items():
        group = governed.at(tuple(jp.split(pointer)))
        if group is None or not nodes:
            continue
        example = value_at(check.value, pointer)
        for candidate in refused(ctx.api, check.relaxed, nodes, example, group):
            yield ctx.finding(
                "response.matcher.stricter",
                f"the spec lets the provider send {describe(candidate)} at "
                f"{pointer or '/'}, which the consumer's matching rule refuses",
                pact=ctx.body_pointer(ctx.response.body, pointer),
                spec=check.relaxed.origin(nodes[0]),
                expected="a rule admitting every value the spec allows "
                f"(the example {describe(example)})",
                actual=describe(candidate),
            )
