"""Pact matching rules as typed value objects.

Every matcher the Pact specification defines (v2: regex, type with min/max; v3: equality,
include, integer, decimal, number, timestamp/date/time, null, boolean, contentType, values;
v4: arrayContains, statusCode, notEmpty, semver, eachKey, eachValue) is a frozen class here.
Each has one serialisation point, ``to_json()``: the matcher JSON is the same in v2, v3 and v4
files (only how rules are *keyed* differs, which ``specgen.pact.rules`` handles). ``since``
is the first specification version that defines the matcher.

Reading them from JSON is ``specgen.pact.matcher_json``; keyed rule sets are
``specgen.pact.rules``; the paths that key them are ``specgen.pact.paths``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar, TypeAlias

from specgen.pact.base import (
    EMPTY_OBJECT,
    JSON,
    JsonBlob,
)
from specgen.pact.paths import MatcherPath


class Combine(enum.StrEnum):
    """How the matchers of one rule group combine."""

    AND = "AND"
    OR = "OR"


@dataclass(frozen=True, slots=True)
class Equality:
    """The value must equal the example (resets cascading type rules)."""

    since: ClassVar[int] = 3

    def to_json(self) -> dict[str, JSON]:
        return {"match": "equality"}


@dataclass(frozen=True, slots=True)
class Regex:
    """The value (as a string) must match ``regex``."""

    regex: str
    since: ClassVar[int] = 2

    def to_json(self) -> dict[str, JSON]:
        return {"match": "regex", "regex": self.regex}


@dataclass(frozen=True, slots=True)
class Type:
    """Match by type; for arrays ``min``/``max`` bound the length (each-like, min/max-type)."""

    min: int | None = None
    max: int | None = None
    since: ClassVar[int] = 2

    def to_json(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {"match": "type"}
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        return out


@dataclass(frozen=True, slots=True)
class _Plain:
    """A matcher without attributes; subclasses set ``name``."""

    name: ClassVar[str] = ""
    since: ClassVar[int] = 3

    def to_json(self) -> dict[str, JSON]:
        return {"match": self.name}


@dataclass(frozen=True, slots=True)
class Integer(_Plain):
    """The value must be an integer."""

    name: ClassVar[str] = "integer"


@dataclass(frozen=True, slots=True)
class Decimal(_Plain):
    """The value must be a number with a fractional part."""

    name: ClassVar[str] = "decimal"


@dataclass(frozen=True, slots=True)
class Number(_Plain):
    """The value must be a number."""

    name: ClassVar[str] = "number"


@dataclass(frozen=True, slots=True)
class Boolean(_Plain):
    """The value must be a boolean (or the strings ``true``/``false``)."""

    name: ClassVar[str] = "boolean"


@dataclass(frozen=True, slots=True)
class Null(_Plain):
    """The value must be null."""

    name: ClassVar[str] = "null"


@dataclass(frozen=True, slots=True)
class Values(_Plain):
    """Match the values of a map, ignoring its keys."""

    name: ClassVar[str] = "values"


@dataclass(frozen=True, slots=True)
class NotEmpty(_Plain):
    """The value must be of the example's type and not empty."""

    name: ClassVar[str] = "notEmpty"
    since: ClassVar[int] = 4


@dataclass(frozen=True, slots=True)
class Semver(_Plain):
    """The value must be a semantic version."""

    name: ClassVar[str] = "semver"
    since: ClassVar[int] = 4


@dataclass(frozen=True, slots=True)
class Include:
    """The string value must contain ``value``."""

    value: str
    since: ClassVar[int] = 3

    def to_json(self) -> dict[str, JSON]:
        return {"match": "include", "value": self.value}


@dataclass(frozen=True, slots=True)
class _Formatted:
    """A matcher with a Java-style date/time ``format`` (``""``: ISO 8601)."""

    format: str = ""
    name: ClassVar[str] = ""
    since: ClassVar[int] = 3

    def to_json(self) -> dict[str, JSON]:
        return {"match": self.name, "format": self.format}


@dataclass(frozen=True, slots=True)
class Timestamp(_Formatted):
    """The value must be a date-time in ``format``."""

    name: ClassVar[str] = "datetime"


@dataclass(frozen=True, slots=True)
class Date(_Formatted):
    """The value must be a date in ``format``."""

    name: ClassVar[str] = "date"


@dataclass(frozen=True, slots=True)
class Time(_Formatted):
    """The value must be a time in ``format``."""

    name: ClassVar[str] = "time"


@dataclass(frozen=True, slots=True)
class ContentType:
    """Binary content must be of this content type (checked by magic bytes)."""

    value: str
    since: ClassVar[int] = 3

    def to_json(self) -> dict[str, JSON]:
        return {"match": "contentType", "value": self.value}


#: Status classes a statusCode matcher may name.
STATUS_CLASSES = ("info", "success", "redirect", "clientError", "serverError", "nonError", "error")


@dataclass(frozen=True, slots=True)
class StatusCode:
    """The response status must be in a class (``success``...) or one of the listed codes."""

    status: str | tuple[int, ...] = "success"
    since: ClassVar[int] = 4

    def to_json(self) -> dict[str, JSON]:
        status: JSON = self.status if isinstance(self.status, str) else list(self.status)
        return {"match": "statusCode", "status": status}


#: Rules keyed by path, in file order: the form of arrayContains variants' rules.
PathRules: TypeAlias = tuple[tuple[MatcherPath, "RuleGroup"], ...]


@dataclass(frozen=True, slots=True)
class ArrayVariant:
    """One arrayContains variant: the example item ``index`` with rules relative to it."""

    index: int
    rules: PathRules = ()
    generators: JsonBlob | None = None

    def __post_init__(self) -> None:
        # A JSON object keyed by path: its order means nothing, so keep one (sorted by path).
        object.__setattr__(self, "rules", tuple(sorted(self.rules, key=lambda rule: str(rule[0]))))

    def to_json(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {
            "index": self.index,
            "rules": {str(path): group.to_json() for path, group in self.rules},
        }
        if self.generators is not None:
            out["generators"] = self.generators.value
        return out


@dataclass(frozen=True, slots=True)
class ArrayContains:
    """The array must contain, in any order, an item matching each variant."""

    variants: tuple[ArrayVariant, ...]
    since: ClassVar[int] = 4

    def to_json(self) -> dict[str, JSON]:
        return {"match": "arrayContains", "variants": [v.to_json() for v in self.variants]}


@dataclass(frozen=True, slots=True)
class _Each:
    """Rules every key (or value) of a collection must satisfy, with the example ``value``."""

    rules: tuple[Matcher, ...]
    value: str = ""
    generator: JsonBlob | None = None
    name: ClassVar[str] = ""
    since: ClassVar[int] = 4

    def to_json(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {"match": self.name, "rules": [r.to_json() for r in self.rules]}
        if self.value:
            out["value"] = self.value
        if self.generator is not None:
            out["generator"] = self.generator.value
        return out


@dataclass(frozen=True, slots=True)
class EachKey(_Each):
    """Every key of the map must satisfy ``rules``."""

    name: ClassVar[str] = "eachKey"


@dataclass(frozen=True, slots=True)
class EachValue(_Each):
    """Every value of the collection must satisfy ``rules``."""

    name: ClassVar[str] = "eachValue"


@dataclass(frozen=True, slots=True)
class Unknown:
    """A matcher type Pact does not define (a plugin's, or a typo); kept as written."""

    name: str
    attributes: JsonBlob = EMPTY_OBJECT
    since: ClassVar[int] = 4

    def to_json(self) -> dict[str, JSON]:
        attributes = self.attributes.value
        return {"match": self.name, **(attributes if isinstance(attributes, dict) else {})}


Matcher: TypeAlias = (
    Equality
    | Regex
    | Type
    | Integer
    | Decimal
    | Number
    | Boolean
    | Null
    | Values
    | NotEmpty
    | Semver
    | Include
    | Timestamp
    | Date
    | Time
    | ContentType
    | StatusCode
    | ArrayContains
    | EachKey
    | EachValue
    | Unknown
)


@dataclass(frozen=True, slots=True)
class RuleGroup:
    """The matchers at one path and how they combine (Pact's ``RuleList``)."""

    matchers: tuple[Matcher, ...]
    combine: Combine = Combine.AND

    def to_json(self) -> dict[str, JSON]:
        """``{"combine": ..., "matchers": [...]}`` (the v3/v4 form)."""
        return {"combine": self.combine.value, "matchers": [m.to_json() for m in self.matchers]}
