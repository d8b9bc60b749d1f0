"""Regexes over values as they travel in a URL path: percent-encoded.

WireMock matches path parameters (``pathParameters``) and ``urlPathPattern`` against the raw
path, without decoding it, while ``specgen.schema.string_regex`` describes decoded values.
``encoded_regex`` rewrites such a regex so that it accepts each value however a client
writes it: unreserved characters as they are, sub-delimiters, ``:`` and ``@`` as they are
or percent-encoded, everything else percent-encoded (UTF-8, either case of hex digit).

Each character position becomes the set of its spellings; a class admitting non-ASCII
characters admits any multi-byte percent-encoded sequence there (a slight widening, never a
narrowing). Constructs without a meaning on encoded text (word boundaries, lookaround,
backreferences) give ``None``: callers then match the segment loosely.
"""

from __future__ import annotations

import functools
import importlib
import re
import string
from typing import Any

_parser: Any = importlib.import_module("re._parser")
_const: Any = importlib.import_module("re._constants")
_IGNORECASE = int(_const.SRE_FLAG_IGNORECASE)
_DOTALL = int(_const.SRE_FLAG_DOTALL)
_MAXREPEAT = int(_const.MAXREPEAT)

UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
#: Characters a client may leave unencoded in a path segment (RFC 3986 ``pchar``).
RAW_OK = UNRESERVED | frozenset("!$&'()*+,;=:@")
_ASCII = [chr(c) for c in range(0x80)]
_NON_ASCII_PROBES = ("\u00e9", "\u0416", "\u4e2d", "\U0001f600")
_MULTIBYTE = "%[C-Fc-f][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){1,3}"
NOTHING = r"[^\s\S]"
_META = frozenset("\\.^$|?*+()[]{}")
_CLASS_META = frozenset("\\[]^-&")
_UNIT = re.compile(r"\\?.|\[(?:\\.|[^\]\\])*\]", re.DOTALL)


class _Unsupported(Exception):
    pass


@functools.lru_cache(maxsize=4096)
def encoded_regex(regex: str) -> str | None:
    """``regex`` (``^...$``, Python/Java syntax, over decoded text) rewritten to match the
    percent-encoded spellings of the same values, or ``None`` when it cannot be."""
    try:
        tree = _parser.parse(regex)
        return _Emitter(int(tree.state.flags)).items(tree)
    except (_Unsupported, re.error, RecursionError, OverflowError):
        return None


def _hex(byte: int) -> str:
    return "%" + "".join(d if d.isdigit() else f"[{d}{d.lower()}]" for d in f"{byte:02X}")


def _nibbles(digits: list[str]) -> str:
    """A class of hex digits in either case: ``[0-9A-Fa-f]``, ``[0Cc]``..."""
    chars = sorted({d for x in digits for d in (x, x.lower())})
    return chars[0] if len(chars) == 1 else "[" + _ranges(chars) + "]"


def _encoded(chars: list[str]) -> str | None:
    """``%XX`` for each of ``chars``, grouped by the first hex digit."""
    by_high: dict[str, list[str]] = {}
    for c in chars:
        digits = f"{ord(c):02X}"
        by_high.setdefault(digits[0], []).append(digits[1])
    parts = [high + _nibbles(lows) for high, lows in sorted(by_high.items())]
    if not parts:
        return None
    return "%" + (parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")")


def _ranges(chars: list[str]) -> str:
    """Sorted characters as class text with runs of 3 or more as ranges."""
    out: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        if j - i >= 2:
            out.append(_in_class(chars[i]) + "-" + _in_class(chars[j]))
        else:
            out.extend(_in_class(c) for c in chars[i : j + 1])
        i = j + 1
    return "".join(out)


def _in_class(ch: str) -> str:
    return "\\" + ch if ch in _CLASS_META else ch


def _class_text(chars: list[str]) -> str:
    if len(chars) == 1:
        return "\\" + chars[0] if chars[0] in _META else chars[0]
    return "[" + _ranges(chars) + "]"


def spellings(admitted: set[str], *, non_ascii: bool = False, exact: tuple[str, ...] = ()) -> str:
    """One character position: ``admitted`` ASCII characters in every spelling a client may
    use, ``exact`` non-ASCII characters encoded, any multi-byte sequence if ``non_ascii``."""
    raw = sorted(c for c in admitted if c in RAW_OK)
    alternatives = [_class_text(raw)] if raw else []
    encoded = _encoded(sorted(c for c in admitted if c not in UNRESERVED))
    alternatives += [encoded] if encoded else []
    alternatives += ["".join(_hex(b) for b in c.encode("utf-8")) for c in exact]
    if non_ascii:
        alternatives.append(_MULTIBYTE)
    if not alternatives:
        return NOTHING
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


class _Emitter:
    def __init__(self, flags: int) -> None:
        self.flags = flags

    def items(self, items: Any) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def group(self, items: Any) -> str:
        body = self.items(items)
        return body if _UNIT.fullmatch(body) else f"(?:{body})"

    def item(self, op: Any, av: Any) -> str:
        name = str(op)
        if name == "LITERAL":
            ch = chr(av)
            if ord(ch) < 0x80:
                return self.chars(re.escape(ch))
            variants = {ch, ch.lower(), ch.upper()} if self.flags & _IGNORECASE else {ch}
            return spellings(set(), exact=tuple(sorted(variants)))
        if name == "NOT_LITERAL":
            return self.chars("[^" + re.escape(chr(av)) + "]")
        if name == "ANY":
            return self.chars("[\\s\\S]" if self.flags & _DOTALL else ".")
        if name == "IN":
            return self.chars(_class_source(av))
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = av
            top = "" if high == _MAXREPEAT else str(int(high))
            count = f"{{{int(low)}}}" if low == high else f"{{{int(low)},{top}}}"
            count = {"{0,}": "*", "{1,}": "+", "{0,1}": "?"}.get(count, count)
            return self.group(sub) + count + ("?" if name == "MIN_REPEAT" else "")
        if name == "SUBPATTERN":
            _gid, add, delete, sub = av
            inner = _Emitter((self.flags | add) & ~delete)
            return f"(?:{inner.items(sub)})"
        if name == "BRANCH":
            return "(?:" + "|".join(self.items(alt) for alt in av[1]) + ")"
        if name == "AT" and str(av) in ("AT_BEGINNING", "AT_BEGINNING_STRING"):
            return "^"
        if name == "AT" and str(av) in ("AT_END", "AT_END_STRING"):
            return "$"
        raise _Unsupported(name)

    def chars(self, source: str) -> str:
        """The spellings of one character position given as a Python regex."""
        flags = re.IGNORECASE if self.flags & _IGNORECASE else 0
        compiled = re.compile(source, flags)
        admitted = {c for c in _ASCII if compiled.fullmatch(c)}
        non_ascii = any(compiled.fullmatch(c) for c in _NON_ASCII_PROBES)
        return spellings(admitted, non_ascii=non_ascii)


def _class_source(items: Any) -> str:
    parts: list[str] = []
    negate = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            parts.append(_escape_in_class(av))
        elif name == "RANGE":
            parts.append(_escape_in_class(av[0]) + "-" + _escape_in_class(av[1]))
        elif name == "CATEGORY":
            parts.append(_CATEGORIES[str(av)])
        else:
            raise _Unsupported(name)
    if not parts:
        return r"[\s\S]" if negate else NOTHING
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _escape_in_class(code: int) -> str:
    return f"\\U{code:08x}"


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}
