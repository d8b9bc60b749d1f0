"""Regexes for integer ranges: ``int_regex(18, 120)`` accepts exactly ``"18"``..``"120"``.

The classic split (as in the ``to-regex-range`` package): cut ``[low, high]`` into ranges
whose numbers share a digit count and a prefix, then write each as a prefix, one class and
a run of ``[0-9]``. Numbers are canonical: no leading zeros, no ``+``, no ``-0``.
"""

from __future__ import annotations


def _nines(number: int, count: int) -> int:
    text = str(number)
    return int(text[:-count] + "9" * count) if count < len(text) else int("9" * count)


def _zeros(number: int, count: int) -> int:
    return number - number % int(10**count)


def _stops(low: int, high: int) -> list[int]:
    stops = {high}
    count = 1
    stop = _nines(low, count)
    while low <= stop < high:
        stops.add(stop)
        count += 1
        stop = _nines(low, count)
    count = 1
    stop = _zeros(high + 1, count) - 1
    while low < stop <= high:
        stops.add(stop)
        count += 1
        stop = _zeros(high + 1, count) - 1
    return sorted(stops)


def _span(start: str, stop: str) -> tuple[str, int]:
    """The numbers from ``start`` to ``stop`` (same length): a head pattern and a count of
    free trailing digits."""
    out: list[str] = []
    free = 0
    for a, b in zip(start, stop, strict=True):
        if a == b:
            out.append(a)
        elif (a, b) == ("0", "9"):
            free += 1
        else:
            out.append(f"[{a}-{b}]" if int(b) > int(a) + 1 else f"[{a}{b}]")
    return "".join(out), free


def _natural(low: int, high: int | None) -> list[str]:
    """Alternatives for ``low..high`` with ``0 <= low`` (``high`` ``None``: unbounded)."""
    if high is None:
        digits = len(str(low))
        return [*_natural(low, 10**digits - 1), f"[1-9][0-9]{{{digits},}}"]
    if low > high:
        return []
    spans: list[tuple[str, int, int]] = []  # head, fewest and most free digits
    start = low
    for stop in _stops(low, high):
        head, free = _span(str(start), str(stop))
        if spans and spans[-1][0] == head and spans[-1][2] == free - 1:
            spans[-1] = (head, spans[-1][1], free)  # `[1-9][0-9]`, `[1-9][0-9]{2}`: one run
        else:
            spans.append((head, free, free))
        start = stop + 1
    return [head + _digits(few, most) for head, few, most in spans]


def _digits(few: int, most: int) -> str:
    if most == 0:
        return ""
    if few == most:
        return "[0-9]" if few == 1 else f"[0-9]{{{few}}}"
    return f"[0-9]{{{few},{most}}}"


def int_regex(low: int | None, high: int | None) -> str | None:
    """An unanchored alternation whose full matches are the canonical decimal forms of the
    integers in ``[low, high]`` (``None``: unbounded that side); ``None`` if empty."""
    if low is None and high is None:
        return "0|-?[1-9][0-9]*"
    if low is not None and high is not None and low > high:
        return None
    parts: list[str] = []
    if high is None or high >= 0:
        parts += _natural(max(low, 0) if low is not None else 0, high)
    if low is None or low < 0:
        smallest = 1 if high is None or high >= 0 else -high
        parts += ["-" + p for p in _natural(smallest, None if low is None else -low)]
    return "|".join(parts)
