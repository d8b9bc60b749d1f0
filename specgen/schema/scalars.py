"""Candidate strings and numbers for one schema node, most realistic first.

Each function proposes; the caller validates. So the candidates only have to be *likely*
valid, and a few fallbacks follow the first choice for what the first cannot know (a format
that also has a pattern, a float ``multipleOf`` that Python's division rounds).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from specgen.schema.formats import INT_RANGES, format_example
from specgen.schema.pattern_strings import pattern_strings
from specgen.schema.patterns import PatternError, parse

Raw = dict[str, Any]
_WORD = re.compile(r"[^A-Za-z0-9]+")


def fit_length(text: str, low: int, high: int | None) -> str:
    """``text`` repeated or cut to a length in ``[low, high]``."""
    if len(text) < low:
        text = (text * (low // max(len(text), 1) + 1))[:low] if text else "x" * low
    if high is not None and len(text) > high:
        text = text[:high]
    return text


def strings(node: Raw, seed: int, hint: str) -> Iterator[str]:
    """Strings for ``node``: by pattern, else by format, else a word from the property
    name (``"name"`` for a property ``name``), fitted to the length limits."""
    low = node.get("minLength", 0)
    high = node.get("maxLength")
    fmt = node.get("format")
    pattern = node.get("pattern")
    formatted = format_example(fmt, seed, hint) if isinstance(fmt, str) else None
    if formatted is not None:
        yield formatted
    if isinstance(pattern, str):
        try:
            parsed = parse(pattern)
        except PatternError:
            return
        yield from pattern_strings(parsed, min_length=low, max_length=high, seed=seed)
        return
    word = _WORD.sub("", hint) or "string"
    if seed:
        word = f"{word}{seed}"
    yield fit_length(word, low, high)
    yield fit_length("x", low, high)


def _bounds(node: Raw, integer: bool) -> tuple[Fraction | None, bool, Fraction | None, bool]:
    """(lower, lower exclusive, upper, upper exclusive) from the keywords and formats."""
    low: Fraction | None = None
    high: Fraction | None = None
    low_open = high_open = False
    for key, is_open in (("minimum", False), ("exclusiveMinimum", True)):
        value = _finite(node.get(key))
        if value is not None and (low is None or value > low or (value == low and is_open)):
            low, low_open = value, is_open
    for key, is_open in (("maximum", False), ("exclusiveMaximum", True)):
        value = _finite(node.get(key))
        if value is not None and (high is None or value < high or (value == high and is_open)):
            high, high_open = value, is_open
    fmt = node.get("format")
    if integer and isinstance(fmt, str) and fmt in INT_RANGES:
        f_low, f_high = INT_RANGES[fmt]
        if low is None or f_low > low:
            low, low_open = Fraction(f_low), False
        if high is None or f_high < high:
            high, high_open = Fraction(f_high), False
    return low, low_open, high, high_open


def _finite(value: Any) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return Fraction(value)


def integers(node: Raw, seed: int) -> Iterator[int]:
    """Integers for ``node``: near ``1 + seed``, inside the bounds, on ``multipleOf``."""
    low, low_open, high, high_open = _bounds(node, integer=True)
    lo = None if low is None else (math.floor(low) + 1 if low_open else math.ceil(low))
    hi = None if high is None else (math.ceil(high) - 1 if high_open else math.floor(high))
    step = node.get("multipleOf")
    unit = Fraction(step) if isinstance(step, int | float) and not isinstance(step, bool) else None
    if unit is not None:
        unit = Fraction(unit.numerator)  # integers that are multiples of p/q: those of p
    for value in _near(_clamp(1 + seed, lo, hi), unit, lo, hi):
        yield int(value)


def numbers(node: Raw, seed: int) -> Iterator[int | float]:
    """Numbers for ``node``: ``1.5 + seed`` when free, else values inside the bounds."""
    low, low_open, high, high_open = _bounds(node, integer=False)
    step = node.get("multipleOf")
    if isinstance(step, int | float) and not isinstance(step, bool):
        unit = Fraction(step)
        lo = None if low is None else math.ceil(low / unit)
        hi = None if high is None else math.floor(high / unit)
        for k in _near(_clamp(1 + seed, lo, hi), None, lo, hi):
            value = step * int(k)
            yield int(value) if isinstance(value, float) and value.is_integer() else value
        return

    def inside(value: Fraction) -> bool:
        above = low is None or value > low or (value == low and not low_open)
        below = high is None or value < high or (value == high and not high_open)
        return above and below

    choices = [Fraction(3, 2) + seed]
    if low is not None:
        choices += [low + 1, low + Fraction(1, 2), low]
    if high is not None:
        choices += [high - 1, high - Fraction(1, 2), high]
    if low is not None and high is not None:
        choices.append((low + high) / 2)
    for choice in choices:
        if inside(choice):
            yield int(choice) if choice.denominator == 1 else float(choice)


def _clamp(value: int, low: int | None, high: int | None) -> int:
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return value


def _near(
    target: int, unit: Fraction | None, low: int | None, high: int | None
) -> Iterator[Fraction]:
    """Multiples of ``unit`` nearest ``target`` first, within the bounds (a few tries)."""
    if unit is None or unit == 0:
        unit = Fraction(1)
    base = math.ceil(Fraction(target) / unit)
    for offset in (0, 1, -1, 2, -2, 3, 5, 10):
        value = (base + offset) * unit
        if (low is None or value >= low) and (high is None or value <= high):
            yield value
