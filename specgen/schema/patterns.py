"""OpenAPI ``pattern``s: read an ECMA-262 pattern, rewrite it portably, anchor it.

OpenAPI patterns are ECMA-262 regexes with *search* semantics (``abc`` accepts ``xabcx``).
Pact's core (Rust ``regex``), WireMock (Java) and our validator (Python ``re``) all consume
them, so a pattern is parsed once (with Python's own parser, after rewriting the few ECMA-only
spellings) and emitted again in the subset the three engines share: non-capturing groups,
ASCII ``\\d``/``\\w`` as ECMA defines them, no lookaround, backreferences or possessive
repeats. Patterns outside that subset keep their Python spelling for validation and have no
portable form.
"""

from __future__ import annotations

import functools
import importlib
import re
import warnings
from dataclasses import dataclass
from typing import Any

from specgen.schema.ecma import ecma_to_python

# `sre_parse` warns on import since 3.11 and `re._parser` has no stubs: load it untyped.
_parser: Any = importlib.import_module("re._parser")
_const: Any = importlib.import_module("re._constants")

_IGNORECASE = int(_const.SRE_FLAG_IGNORECASE)
_DOTALL = int(_const.SRE_FLAG_DOTALL)
_MULTILINE = int(_const.SRE_FLAG_MULTILINE)
MAXREPEAT = int(_const.MAXREPEAT)
_META = frozenset("\\.+*?()|[]{}^$")
_CLASS_META = frozenset("\\[]^-&~")
_CATEGORIES = {
    "CATEGORY_DIGIT": "0-9",
    "CATEGORY_WORD": "A-Za-z0-9_",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_NOT_SPACE": r"\S",
}
_AT = {
    "AT_BEGINNING": "^",
    "AT_BEGINNING_STRING": "^",
    "AT_END": "$",
    "AT_END_STRING": "$",
    "AT_BOUNDARY": r"\b",
    "AT_NON_BOUNDARY": r"\B",
}
ANYTHING = r"[\s\S]*"
# One character, escape or class: a quantifier applies to all of it.
_UNIT = re.compile(r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|\\.|[^\\]|\[\^?\]?(?:\\.|[^\]\\])*\]", re.S)


class PatternError(ValueError):
    """A pattern that Python's regex engine cannot compile even after ECMA rewriting."""


class _NotPortable(Exception):
    """A construct outside the subset Python, Java and Rust regex engines share."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One parsed pattern: as written, as Python compiles it, and portably (or ``None``)."""

    source: str
    python: str
    tree: Any
    portable: str | None
    exact: bool = True  # False when Unicode property classes were widened

    @property
    def usable(self) -> str:
        """The spelling to put in a converted schema: portable when possible."""
        return self.portable if self.portable is not None else self.python


@functools.lru_cache(maxsize=4096)
def parse(pattern: str) -> Pattern:
    """Parse an OpenAPI pattern; ``PatternError`` when no rewriting makes it a regex."""
    python, widened = ecma_to_python(pattern)
    try:
        with warnings.catch_warnings():
            # FutureWarnings about sets Python may grow one day: ECMA has none, and the
            # spellings that trigger them are rewritten; what remains is harmless here
            warnings.simplefilter("ignore", FutureWarning)
            tree = _parser.parse(python)
            re.compile(python)
    except (re.error, RecursionError, OverflowError) as err:
        raise PatternError(f"pattern {pattern!r} is not a regular expression: {err}") from None
    try:
        flags = int(tree.state.flags)
        if widened:  # the portable \w is ASCII: it would narrow a widened \p{L} again
            raise _NotPortable("unicode property")
        if flags & _MULTILINE:
            raise _NotPortable("multiline")
        portable: str | None = _emit(tree, flags)
        if flags & _IGNORECASE:
            portable = f"(?i){portable}"  # global flags at the very start: all three accept
    except _NotPortable:
        portable = None
    return Pattern(pattern, python, tree, portable, exact=not widened)


def escape(text: str) -> str:
    """``text`` as a literal in a portable regex."""
    return "".join(_literal(ord(ch)) for ch in text)


def _literal(code: int, meta: frozenset[str] = _META) -> str:
    ch = chr(code)
    if ch in meta:
        return "\\" + ch
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029, 0x85):
        return f"\\u{code:04x}"
    return ch


def _emit(items: Any, flags: int) -> str:
    return "".join(_emit_item(op, av, flags) for op, av in items)


def _group(items: Any, flags: int) -> str:
    """``items`` as one unit a quantifier can follow."""
    body = _emit(items, flags)
    return body if _UNIT.fullmatch(body) or is_group(body) else f"(?:{body})"


def is_group(text: str) -> bool:
    """Whether ``text`` is a single parenthesised group (``(?:a|b)``, not ``(?:a)(?:b)``)."""
    return text.startswith("(") and _scan(text)[0] == len(text) - 1


def has_top_level_bar(text: str) -> bool:
    """Whether ``text`` has a ``|`` outside every group and class."""
    return _scan(text)[1]


def _scan(text: str) -> tuple[int, bool]:
    """(index where the first group closes, or -1; whether a top-level ``|`` occurs)."""
    closed, bar = -1, False
    depth, i, in_class = 0, 0, False
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and closed < 0:
                closed = i
        elif ch == "|" and depth == 0:
            bar = True
        i += 1
    return closed, bar


def _emit_item(op: Any, av: Any, flags: int) -> str:
    name = str(op)
    if name == "LITERAL":
        return _literal(av)
    if name == "NOT_LITERAL":
        return f"[^{_literal(av, _CLASS_META)}]"
    if name == "ANY":
        return r"[\s\S]" if flags & _DOTALL else "."
    if name == "IN":
        return _emit_class(av)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, sub = av
        body = _group(sub, flags)
        if (low, high) == (0, MAXREPEAT):
            count = "*"
        elif (low, high) == (1, MAXREPEAT):
            count = "+"
        elif (low, high) == (0, 1):
            count = "?"
        elif high == MAXREPEAT:
            count = f"{{{low},}}"
        elif low == high:
            count = f"{{{low}}}"
        else:
            count = f"{{{low},{high}}}"
        return body + count + ("?" if name == "MIN_REPEAT" else "")
    if name == "SUBPATTERN":
        _group_id, add, delete, sub = av
        if (add | delete) & _MULTILINE:
            raise _NotPortable("multiline")
        inner = _emit(sub, (flags | add) & ~delete)
        if add & _IGNORECASE and not flags & _IGNORECASE:
            return f"(?i:{inner})"
        if delete & _IGNORECASE and flags & _IGNORECASE:
            return f"(?-i:{inner})"
        return inner  # a group only matters under a quantifier, and `_group` adds it there
    if name == "BRANCH":
        return "(?:" + "|".join(_emit(alt, flags) for alt in av[1]) + ")"
    if name == "AT":
        return _AT[str(av)]
    raise _NotPortable(name)  # lookaround, backreferences, atomic and possessive forms


def _emit_class(items: Any) -> str:
    parts: list[str] = []
    negate = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            parts.append(_literal(av, _CLASS_META))
        elif name == "RANGE":
            parts.append(_literal(av[0], _CLASS_META) + "-" + _literal(av[1], _CLASS_META))
        elif name == "CATEGORY":
            text = _CATEGORIES.get(str(av))
            if text is None:
                raise _NotPortable(str(av))
            parts.append(text)
        else:
            raise _NotPortable(name)
    body = "".join(parts)
    if not body:
        return r"[\s\S]" if negate else "(?!)"
    return "[" + ("^" if negate else "") + body + "]"


def _is_at(item: tuple[Any, Any], which: str) -> bool:
    return str(item[0]) == "AT" and _AT.get(str(item[1])) == which


def fullmatch_regex(pattern: Pattern) -> str | None:
    """A ``^...$`` regex whose full matches are exactly the strings ``pattern`` *searches*
    successfully (``None`` when the pattern has no portable form). Leading ``^`` and
    trailing ``$`` are used as they are; otherwise ``[\\s\\S]*`` pads that side. Anchors
    inside the pattern keep their meaning: ``^`` still only matches at the start."""
    if pattern.portable is None:
        return None
    items = list(pattern.tree)
    start = bool(items) and _is_at(items[0], "^")
    end = len(items) > int(start) and _is_at(items[-1], "$")
    middle = items[int(start) : len(items) - int(end)]
    # top-level alternatives are emitted as a group, so the body needs no extra one
    body = emit_items(pattern, middle)
    return "^" + ("" if start else ANYTHING) + body + ("" if end else ANYTHING) + "$"


def width(pattern: Pattern) -> tuple[int, int | None]:
    """The shortest and longest (``None``: unbounded) full match of the pattern's body."""
    low, high = pattern.tree.getwidth()
    return int(low), (None if high >= MAXREPEAT else int(high))


def anchored_body(pattern: Pattern) -> list[tuple[Any, Any]] | None:
    """The items between a leading ``^`` and a trailing ``$`` (``None`` unless both)."""
    items = list(pattern.tree)
    if len(items) >= 2 and _is_at(items[0], "^") and _is_at(items[-1], "$"):
        return items[1:-1]
    return None


def emit_items(pattern: Pattern, items: list[tuple[Any, Any]]) -> str:
    """Portable text of some top-level items of ``pattern`` (its flags applied)."""
    flags = int(pattern.tree.state.flags)
    body = _emit(items, flags)
    return f"(?i:{body})" if flags & _IGNORECASE and body else body


def item_width(item: tuple[Any, Any]) -> tuple[int, int | None]:
    """The shortest and longest match of one top-level item of a parsed pattern."""
    low, high = _parser.SubPattern(_parser.State(), [item]).getwidth()
    return int(low), (None if high >= MAXREPEAT else int(high))
