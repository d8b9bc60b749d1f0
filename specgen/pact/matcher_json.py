"""Reading matchers and rule groups from their JSON (the inverse of their ``to_json``).

Names and attribute forms follow pact_models (``matchingrules/mod.rs``): ``match`` or
``pact:matcher:type``; the aliases ``min-type``/``max-type``, ``real``, ``timestamp``,
``content-type``, ``array-contains``, ``status-code``, ``not-empty``, ``each-key``,
``each-value``; the v2 forms without ``match`` (``{"regex": ...}``, ``{"min": 1}``). A name
Pact does not define becomes :class:`~specgen.pact.matchers.Unknown`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from specgen.pact.base import JsonBlob, PactError, expect_count, expect_list, expect_object
from specgen.pact.matchers import (
    STATUS_CLASSES,
    ArrayContains,
    ArrayVariant,
    Boolean,
    Combine,
    ContentType,
    Date,
    Decimal,
    EachKey,
    EachValue,
    Equality,
    Include,
    Integer,
    Matcher,
    NotEmpty,
    Null,
    Number,
    PathRules,
    Regex,
    RuleGroup,
    Semver,
    StatusCode,
    Time,
    Timestamp,
    Type,
    Unknown,
    Values,
)
from specgen.pact.paths import MatcherPath
from specgen.spec.pointer import join


def parse_rule_group(data: object, pointer: str) -> RuleGroup:
    """Parse ``{"matchers": [...], "combine": "AND"|"OR"}``."""
    group = expect_object(data, pointer, "a rule group")
    items = expect_list(group.get("matchers"), join(pointer, "matchers"), "'matchers'")
    combine = group.get("combine", "AND")
    if not isinstance(combine, str) or combine.upper() not in ("AND", "OR"):
        raise PactError(f"combine must be AND or OR, not {combine!r}", pointer=pointer)
    matchers = [parse_matcher(item, join(pointer, "matchers", i)) for i, item in enumerate(items)]
    return RuleGroup(tuple(matchers), Combine(combine.upper()))


def parse_path_rules(data: object, pointer: str) -> PathRules:
    """``{"$.a": {rule group}, ...}`` into path/group pairs (arrayContains variant rules)."""
    rules = expect_object(data, pointer, "rules")
    return tuple(
        (
            MatcherPath.parse(key, pointer=join(pointer, key)),
            parse_rule_group(v, join(pointer, key)),
        )
        for key, v in rules.items()
    )


def _text(attrs: Mapping[str, Any], key: str, pointer: str, what: str) -> str:
    value = attrs.get(key)
    if value is None:
        raise PactError(f"{what} matcher needs '{key}'", pointer=pointer)
    return value if isinstance(value, str) else str(value)


def _count(attrs: Mapping[str, Any], key: str, pointer: str) -> int | None:
    value = attrs.get(key)
    return None if value is None else expect_count(value, join(pointer, key), f"'{key}'")


def _lenient_count(attrs: Mapping[str, Any], key: str, pointer: str) -> int | None:
    """A ``type`` matcher's min/max: like the core, one that is not a count is ignored."""
    try:
        return _count(attrs, key, pointer)
    except PactError:
        return None


def _required_count(attrs: Mapping[str, Any], key: str, pointer: str) -> int:
    """The bound of ``min``/``max``/``min-type``/``max-type``, which the core requires."""
    value = _count(attrs, key, pointer)
    if value is None:
        raise PactError(f"a {key} matcher needs '{key}'", pointer=pointer)
    return value


def _format(attrs: Mapping[str, Any], key: str) -> str:
    value = attrs.get("format", attrs.get(key, ""))
    return value if isinstance(value, str) else str(value)


def _status(attrs: Mapping[str, Any], pointer: str) -> StatusCode:
    status = attrs.get("status", "success")
    if isinstance(status, str) and status in STATUS_CLASSES:
        return StatusCode(status)
    if isinstance(status, list) and status:
        return StatusCode(
            tuple(expect_count(s, join(pointer, "status"), "a status") for s in status)
        )
    raise PactError(f"statusCode status must be one of {STATUS_CLASSES} or codes", pointer=pointer)


def _each(cls: type[EachKey | EachValue], attrs: Mapping[str, Any], pointer: str) -> Matcher:
    rules = expect_list(attrs.get("rules", []), join(pointer, "rules"), "'rules'")
    generator = attrs.get("generator")
    value = attrs.get("value", "")
    return cls(
        tuple(parse_matcher(r, join(pointer, "rules", i)) for i, r in enumerate(rules)),
        value if isinstance(value, str) else JsonBlob.of(value).text,
        None if generator is None else JsonBlob.of(generator),
    )


def _variant(data: object, pointer: str) -> ArrayVariant:
    variant = expect_object(data, pointer, "an arrayContains variant")
    generators = variant.get("generators")
    return ArrayVariant(
        _count(variant, "index", pointer) or 0,
        parse_path_rules(variant.get("rules", {}), join(pointer, "rules")),
        None if generators is None else JsonBlob.of(generators),
    )


def _array_contains(attrs: Mapping[str, Any], pointer: str) -> ArrayContains:
    variants = expect_list(attrs.get("variants"), join(pointer, "variants"), "'variants'")
    return ArrayContains(
        tuple(_variant(v, join(pointer, "variants", i)) for i, v in enumerate(variants))
    )


_Builder = Callable[[Mapping[str, Any], str], Matcher]
_BUILDERS: dict[str, _Builder] = {
    "equality": lambda a, p: Equality(),
    "regex": lambda a, p: Regex(_text(a, "regex", p, "a regex")),
    "type": lambda a, p: Type(_lenient_count(a, "min", p), _lenient_count(a, "max", p)),
    "min": lambda a, p: Type(min=_required_count(a, "min", p)),
    "min-type": lambda a, p: Type(min=_required_count(a, "min", p)),
    "max": lambda a, p: Type(max=_required_count(a, "max", p)),
    "max-type": lambda a, p: Type(max=_required_count(a, "max", p)),
    "integer": lambda a, p: Integer(),
    "decimal": lambda a, p: Decimal(),
    "real": lambda a, p: Decimal(),
    "number": lambda a, p: Number(),
    "boolean": lambda a, p: Boolean(),
    "null": lambda a, p: Null(),
    "values": lambda a, p: Values(),
    "notEmpty": lambda a, p: NotEmpty(),
    "not-empty": lambda a, p: NotEmpty(),
    "semver": lambda a, p: Semver(),
    "include": lambda a, p: Include(_text(a, "value", p, "an include")),
    "timestamp": lambda a, p: Timestamp(_format(a, "timestamp")),
    "datetime": lambda a, p: Timestamp(_format(a, "datetime")),
    "date": lambda a, p: Date(_format(a, "date")),
    "time": lambda a, p: Time(_format(a, "time")),
    "contentType": lambda a, p: ContentType(_text(a, "value", p, "a contentType")),
    "content-type": lambda a, p: ContentType(_text(a, "value", p, "a contentType")),
    "statusCode": _status,
    "status-code": _status,
    "arrayContains": _array_contains,
    "array-contains": _array_contains,
    "eachKey": lambda a, p: _each(EachKey, a, p),
    "each-key": lambda a, p: _each(EachKey, a, p),
    "eachValue": lambda a, p: _each(EachValue, a, p),
    "each-value": lambda a, p: _each(EachValue, a, p),
}
#: Every matcher name the reader knows, aliases included (tests check each has a case).
MATCHER_NAMES = frozenset(_BUILDERS)
#: v2 matchers may omit ``match``; the first of these keys present decides the type.
_GUESS = ("regex", "min", "max", "timestamp", "time", "date")


def parse_matcher(data: object, pointer: str) -> Matcher:
    """One matcher from its JSON object; :class:`PactError` (at ``pointer``) when unusable."""
    attrs = expect_object(data, pointer, "a matcher")
    name = attrs.get("match", attrs.get("pact:matcher:type"))
    if name is None:
        name = next((key for key in _GUESS if key in attrs), None)
        if name is None:
            raise PactError(
                "matcher has no 'match' and no regex/min/max to guess from", pointer=pointer
            )
    if not isinstance(name, str):
        raise PactError(f"'match' must be a string, not {name!r}", pointer=pointer)
    builder = _BUILDERS.get(name)
    if builder is None:
        rest = {k: v for k, v in attrs.items() if k not in ("match", "pact:matcher:type")}
        return Unknown(name, JsonBlob.of(rest))
    return builder(attrs, pointer)
