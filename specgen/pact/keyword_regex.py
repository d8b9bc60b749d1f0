"""Regexes for single schema keywords, written in the portable subset the Pact core's Rust
engine reads: a string's ``pattern`` (as a full match), ``format`` and length, an integer's
bounds, an ``enum``'s values.

Each regex is exact for its keyword (formats as ``specgen.schema.formats`` defines them);
a matcher that ANDs them is exact for the keywords together. They apply to the string form
the Pact core gives a value (a number's JSON text), so ``integer_regexes`` and
``enum_regex`` work on numbers too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from specgen.schema import string_form
from specgen.schema.formats import FORMAT_REGEX
from specgen.schema.intrange import int_regex
from specgen.schema.patterns import ANYTHING, MAXREPEAT, PatternError, escape, fullmatch_regex
from specgen.schema.patterns import parse as parse_pattern

#: The Pact core's Rust regex engine refuses programs above its size limit (10 MiB):
#: ``[\s\S]{0,100000}`` compiles, ``{0,200000}`` does not (measured with
#: ``pactffi_check_regex``). Regexes are kept well below (``fits_rust``).
MAX_REPEAT_PRODUCT = 20_000


def count(value: Any) -> int | None:
    """``value`` when it is a count (a non-negative int), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def string_regexes(node: dict[str, Any]) -> tuple[str, ...]:
    """``^...$`` regexes every valid string of ``node`` matches: its ``pattern`` (searched,
    so made a full match), its ``format``, its ``minLength``/``maxLength``."""
    out: list[str] = []
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        try:
            parsed = parse_pattern(pattern)
        except PatternError:
            parsed = None
        full = fullmatch_regex(parsed) if parsed is not None and parsed.exact else None
        if full is not None and full.replace(ANYTHING, "") != "^$" and fits_rust(full):
            out.append(full)
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt in FORMAT_REGEX:
        portable = parse_pattern(FORMAT_REGEX[fmt]).portable
        if portable is not None:
            out.append(f"^(?:{portable})$")
    low, high = count(node.get("minLength")) or 0, count(node.get("maxLength"))
    if high is not None and high > MAX_REPEAT_PRODUCT:
        high = None  # too long for the Pact core's regex engine: the bound is dropped
    if low > MAX_REPEAT_PRODUCT:
        low = 0
    if low or high is not None:
        out.append(rf"^[\s\S]{{{low},{'' if high is None else high}}}$")
    return tuple(out)


def fits_rust(regex: str) -> bool:
    """Whether ``regex`` stays far below the Rust engine's size limit: its size, counting
    each atom once and each repeat as its count times its body, is at most
    ``MAX_REPEAT_PRODUCT``."""
    try:
        tree = parse_pattern(regex).tree
    except PatternError:
        return False
    return _size(list(tree)) <= MAX_REPEAT_PRODUCT


def _size(items: list[Any]) -> int:
    total = 0
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            total += (high if high < MAXREPEAT else low + 1) * _size(list(sub))
        elif name == "SUBPATTERN":
            total += _size(list(av[-1]))
        elif name == "BRANCH":
            total += sum(_size(list(branch)) for branch in av[1])
        else:
            total += 1
        if total > MAX_REPEAT_PRODUCT:
            break
    return total


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return None


def integer_regexes(node: dict[str, Any]) -> tuple[str, ...]:
    """The regex of an integer's ``minimum``/``maximum`` (exclusive or not), if any."""
    if node.get("multipleOf", 1) != 1:
        return ()
    lows = [math.ceil(v) for v in [_number(node.get("minimum"))] if v is not None]
    lows += [math.floor(v) + 1 for v in [_number(node.get("exclusiveMinimum"))] if v is not None]
    highs = [math.floor(v) for v in [_number(node.get("maximum"))] if v is not None]
    highs += [math.ceil(v) - 1 for v in [_number(node.get("exclusiveMaximum"))] if v is not None]
    if not lows and not highs:
        return ()
    found = int_regex(max(lows) if lows else None, min(highs) if highs else None)
    return (f"^(?:{found})$",) if found else ()


def enum_regex(values: Iterable[Any]) -> str | None:
    """A regex matching the string forms of the non-null ``values``; None when one is an
    object or array (no string form)."""
    forms = [string_form(v) for v in values if v is not None]
    if not forms or any(f is None for f in forms):
        return None
    return "^(?:" + "|".join(dict.fromkeys(escape(f) for f in forms if f is not None)) + ")$"
