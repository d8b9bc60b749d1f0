"""What a Pact matching rule admits: a membership test for each matcher, and sample values
it admits (to look for one the spec forbids).

The samples are concrete counterexamples, never guesses: a finding always names a value the
rule admits and the schema rejects (or the other way round), so the set comparison can miss
a difference but never invents one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from specgen.check.shapes import json_type
from specgen.pact import matchers as m
from specgen.pact.matchers import Combine, RuleGroup
from specgen.schema.pattern_strings import pattern_strings
from specgen.schema.patterns import PatternError
from specgen.schema.patterns import parse as parse_pattern

#: Matchers that say something about which values pass (the rest: structure, or nothing).
VALUE_MATCHERS = (
    m.Type, m.Regex, m.Integer, m.Decimal, m.Number, m.Boolean, m.Null, m.Include,
    m.NotEmpty, m.Semver, m.Timestamp, m.Date, m.Time,
)  # fmt: skip
_SEMVER = r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
_SAMPLE_TIMES = (
    dt.datetime(2024, 1, 31, 23, 59, 58, 123000, tzinfo=dt.UTC),
    dt.datetime(1999, 12, 1, 7, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
)
_JAVA = re.compile(r"'([^']*)'|(y+|M+|d+|H+|h+|m+|s+|S+|X+|Z+|a|E+|z+|[A-Za-z])")
_JAVA_REGEX = {"y": r"\d{4}", "yy": r"\d{2}", "M": r"\d{1,2}", "MM": r"\d{2}", "d": r"\d{1,2}"}
_JAVA_REGEX |= {"dd": r"\d{2}", "H": r"\d{1,2}", "HH": r"\d{2}", "h": r"\d{1,2}", "hh": r"\d{2}"}
_JAVA_REGEX |= {"m": r"\d{1,2}", "mm": r"\d{2}", "s": r"\d{1,2}", "ss": r"\d{2}", "a": "(?:AM|PM)"}
_JAVA_REGEX |= {"X": r"(?:Z|[+-]\d{2})", "XX": r"(?:Z|[+-]\d{4})", "XXX": r"(?:Z|[+-]\d{2}:\d{2})"}
_JAVA_REGEX |= {
    "Z": r"[+-]\d{4}",
    "MMM": "[A-Z][a-z]{2}",
    "E": "[A-Z][a-z]{2}",
    "EEE": "[A-Z][a-z]{2}",
}
_DEFAULT_FORMATS = {
    "date": "yyyy-MM-dd",
    "time": "HH:mm:ss",
    "datetime": "yyyy-MM-dd'T'HH:mm:ssXXX",
}


def _java_tokens(fmt: str) -> Iterator[tuple[bool, str]]:
    """(is_field, text) pieces of a Java date format."""
    pos = 0
    for match in _JAVA.finditer(fmt):
        if match.start() > pos:
            yield False, fmt[pos : match.start()]
        if match.group(1) is not None:
            yield False, match.group(1) or "'"
        else:
            yield True, match.group(2)
        pos = match.end()
    if pos < len(fmt):
        yield False, fmt[pos:]


def java_format_regex(fmt: str) -> str | None:
    """A regex for strings in a Java ``DateTimeFormatter`` pattern (None: not understood)."""
    out = []
    for is_field, text in _java_tokens(fmt):
        if not is_field:
            out.append(re.escape(text))
        elif text in _JAVA_REGEX or (text[0] == "y" and len(text) >= 3):
            out.append(_JAVA_REGEX.get(text, r"\d{4}"))
        elif text[0] == "S":
            out.append(rf"\d{{{len(text)}}}")
        else:
            return None
    return "^" + "".join(out) + "$"


def java_format_sample(fmt: str, when: dt.datetime) -> str | None:
    """``when`` written in a Java date format (None: not understood)."""
    out = []
    for is_field, text in _java_tokens(fmt):
        if not is_field:
            out.append(text)
            continue
        kind, width = text[0], len(text)
        offset = when.strftime("%z") or "+0000"
        values = {"y": when.year, "M": when.month, "d": when.day, "H": when.hour, "m": when.minute}
        values |= {"s": when.second, "h": (when.hour % 12) or 12}
        if kind in values:
            value = values[kind] % 100 if text == "yy" else values[kind]
            out.append(f"{value:0{min(width, 4) if kind == 'y' else width}d}")
        elif kind == "S":
            out.append(f"{when.microsecond:06d}"[:width].ljust(width, "0"))
        elif kind == "X":
            out.append("Z" if offset == "+0000" else _offset(offset, width))
        elif kind == "Z":
            out.append(offset)
        elif text == "a":
            out.append("AM" if when.hour < 12 else "PM")
        else:
            return None
    return "".join(out)


def _offset(offset: str, width: int) -> str:
    """``+0500`` as Java's ``X`` (``+05``), ``XX`` (``+0500``) or ``XXX`` (``+05:00``)."""
    if width == 1:
        return offset[:3]
    return offset[:3] + (":" if width >= 3 else "") + offset[3:]


def _format_of(matcher: m.Timestamp | m.Date | m.Time) -> str:
    return matcher.format or _DEFAULT_FORMATS[matcher.name]


def admits(matcher: object, value: Any, example: Any) -> bool:
    """Whether ``matcher`` passes ``value`` (matchers that say nothing about values pass
    everything)."""
    kind, wanted = json_type(value), json_type(example)
    numbers = {"integer", "number"}
    if isinstance(matcher, m.Type | m.NotEmpty):
        same = kind == wanted or (kind in numbers and wanted in numbers)
        if isinstance(matcher, m.NotEmpty) and value in ("", [], {}):
            return False
        if same and isinstance(value, list) and isinstance(matcher, m.Type):
            low, high = matcher.min or 0, matcher.max
            return len(value) >= low and (high is None or len(value) <= high)
        return same
    text = value if isinstance(value, str) else None
    if kind in numbers or kind == "boolean":
        text = json.dumps(value)
    if isinstance(matcher, m.Regex):
        return text is not None and _search(matcher.regex, text)
    if isinstance(matcher, m.Integer):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(matcher, m.Decimal):
        return isinstance(value, float)
    if isinstance(matcher, m.Number):
        return kind in numbers
    if isinstance(matcher, m.Boolean):
        return isinstance(value, bool) or value in ("true", "false")
    if isinstance(matcher, m.Null):
        return value is None
    if isinstance(matcher, m.Include):
        return text is not None and matcher.value in text
    if isinstance(matcher, m.Semver):
        return isinstance(value, str) and _search(_SEMVER, value)
    if isinstance(matcher, m.Timestamp | m.Date | m.Time):
        regex = java_format_regex(_format_of(matcher))
        return regex is None or (isinstance(value, str) and _search(regex, value))
    return True


def group_admits(group: RuleGroup, value: Any, example: Any) -> bool:
    """Whether a rule group (AND/OR of its matchers) passes ``value``."""
    results = [admits(matcher, value, example) for matcher in group.matchers]
    if not results:
        return True
    return any(results) if group.combine is Combine.OR else all(results)


def _search(regex: str, text: str) -> bool:
    try:
        return re.search(regex, text) is not None
    except re.error:
        return True  # a regex Python cannot read: no claim


def _regex_samples(regex: str, limit: int = 12) -> list[str]:
    try:
        pattern = parse_pattern(f"^(?:{regex.removeprefix('^').removesuffix('$')})$")
    except (PatternError, ValueError, re.error):
        return []
    out = []
    for text in pattern_strings(pattern):
        out.append(text)
        if len(out) >= limit:
            break
    return out


def samples(matcher: object, example: Any) -> list[Any]:
    """Values ``matcher`` admits, chosen to find one a schema forbids (boundaries, odd
    lengths, each alternative of a regex)."""
    kind = json_type(example)
    if isinstance(matcher, m.Type | m.NotEmpty):
        if kind == "string":
            return ["", "a", "Z", "0", "zzz-not-a-value", " ", "x" * 300]
        if kind in ("integer", "number"):
            return [0, -1, 1, 7, 0.5, -0.5, 2**31, -(2**31) - 1, 10**15]
        if kind == "boolean":
            return [True, False]
        if kind == "array" and isinstance(example, list):
            item = example[:1]
            low = getattr(matcher, "min", None) or 0
            high = getattr(matcher, "max", None)
            return [item * low, item * (high if high is not None else len(example) + 1000)]
        return []
    if isinstance(matcher, m.Regex):
        found = _regex_samples(matcher.regex)
        if kind in ("integer", "number"):
            numeric = [s for s in found if re.fullmatch(r"-?\d+(\.\d+)?", s)]
            return [float(s) if "." in s else int(s) for s in numeric]
        return found
    if isinstance(matcher, m.Integer):
        return [0, -1, 1, 2**31, -(2**31) - 1, 10**15]
    if isinstance(matcher, m.Decimal):
        return [0.5, -0.5, 1e15 + 0.5]
    if isinstance(matcher, m.Number):
        return [0, -1, 0.5, 10**15]
    if isinstance(matcher, m.Boolean):
        return [True, False]
    if isinstance(matcher, m.Null):
        return [None]
    if isinstance(matcher, m.Include):
        return [matcher.value, "x" + matcher.value, matcher.value + " z"]
    if isinstance(matcher, m.Semver):
        return ["0.0.0", "1.2.3-alpha.1", "10.20.30+build.5"]
    if isinstance(matcher, m.Timestamp | m.Date | m.Time):
        fmt = _format_of(matcher)
        return [s for s in (java_format_sample(fmt, t) for t in _SAMPLE_TIMES) if s is not None]
    return []
