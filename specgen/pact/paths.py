"""Matcher paths: the small JSONPath dialect Pact uses to key matching rules and generators.

Grammar (as in pact_models ``path_exp.rs``): ``$`` then any of ``.name``, ``.*``, ``['any key']``,
``[3]`` and ``[*]``. A name made of letters, digits and ``_-:#@`` needs no brackets. A path
without the ``$`` (``a.b``, as v3 header and query rules are written) gets one in front; the
empty string is the empty path (the ``path`` category uses it).

Which rule applies to a location follows Pact's weighting: each token scores 2 for an exact
match (``$``, a name, an index) and 1 for a wildcard (``*``, ``[*]``), the weight is the product
over the rule's tokens (0 when any token misses, or the rule is longer than the location), and
among the rules that match, the one with the greatest ``weight * len(tokens)`` wins. A rule
that matches a prefix of the location cascades to the values below it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from specgen.pact.base import PactError

#: A concrete place in a JSON document: object keys and array indexes below the root.
Location = Sequence[str | int]

_NAME_CHAR = re.compile(r"[\w\-:#@]", re.UNICODE)
_PLAIN = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True, order=True)
class Token:
    """One step of a path: the root, a field name, an index, ``*`` or ``[*]``."""

    kind: Literal["root", "field", "index", "star", "star_index"]
    name: str = ""
    index: int = 0

    def score(self, fragment: str) -> int:
        """2 for an exact match of ``fragment``, 1 for a wildcard match, 0 for none."""
        if self.kind == "root":
            return 2 if fragment == "$" else 0
        if self.kind == "field":
            return 2 if fragment == self.name else 0
        if self.kind == "index":
            return 2 if _DIGITS.fullmatch(fragment) and int(fragment) == self.index else 0
        if self.kind == "star_index":
            return 1 if fragment == "[*]" or _DIGITS.fullmatch(fragment) else 0
        return 1


ROOT = Token("root")
STAR = Token("star")
STAR_INDEX = Token("star_index")


def field(name: str) -> Token:
    """A field-name token."""
    return Token("field", name=name)


def index(position: int) -> Token:
    """An array-index token."""
    return Token("index", index=position)


@dataclass(frozen=True, slots=True, order=True)
class MatcherPath:
    """A parsed matcher path; ``str()`` gives its canonical text (``$.a['odd key'][*]``)."""

    tokens: tuple[Token, ...] = ()

    @classmethod
    def parse(cls, text: str, *, pointer: str | None = None) -> MatcherPath:
        """Parse ``text``; :class:`PactError` (located at ``pointer``) when it is malformed."""
        try:
            return cls(tuple(_parse(text)))
        except ValueError as exc:
            raise PactError(f"bad matcher path {text!r}: {exc}", pointer=pointer) from None

    @classmethod
    def root(cls) -> MatcherPath:
        """The path ``$``."""
        return cls((ROOT,))

    @classmethod
    def of(cls, *steps: str | int) -> MatcherPath:
        """``$`` followed by the given keys (str) and indexes (int); ``"*"``/``"[*]"`` are stars."""
        tokens = [ROOT]
        for step in steps:
            if step == "*":
                tokens.append(STAR)
            elif step == "[*]":
                tokens.append(STAR_INDEX)
            elif isinstance(step, int):
                tokens.append(index(step))
            else:
                tokens.append(field(step))
        return cls(tuple(tokens))

    def child(self, token: Token) -> MatcherPath:
        """This path with ``token`` appended."""
        return MatcherPath((*self.tokens, token))

    @property
    def first_field(self) -> str | None:
        """The first field name (the header or query parameter name of such rules)."""
        return next((t.name for t in self.tokens if t.kind == "field"), None)

    def weight(self, location: Location) -> int:
        """Pact's weight of this path for ``location`` (keys/indexes below ``$``); 0: no match."""
        fragments = ["$", *(str(step) for step in location)]
        if not self.tokens or len(fragments) < len(self.tokens):
            return 0
        total = 1
        for token, fragment in zip(self.tokens, fragments, strict=False):
            total *= token.score(fragment)
            if not total:
                return 0
        return total * len(self.tokens)

    def matches(self, location: Location) -> bool:
        """Whether this path applies to ``location`` (itself or, cascading, an ancestor of it)."""
        return self.weight(location) > 0

    def matches_exactly(self, location: Location) -> bool:
        """Whether this path names ``location`` itself, not one of its ancestors."""
        return len(self.tokens) == len(location) + 1 and self.matches(location)

    def __str__(self) -> str:
        out: list[str] = []
        for token in self.tokens:
            if token.kind == "root":
                out.append("$")
            elif token.kind == "field":
                out.append(_format_name(token.name))
            elif token.kind == "index":
                out.append(f"[{token.index}]")
            elif token.kind == "star":
                out.append(".*")
            else:
                out.append("[*]")
        return "".join(out)


def _format_name(name: str) -> str:
    if _PLAIN.fullmatch(name):
        return "." + name
    return "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']"


def _parse(text: str) -> list[Token]:
    if not text:
        return []
    tokens = [ROOT]
    pos = 0
    if text[0] == "$":
        pos = 1
    elif _NAME_CHAR.match(text[0]):
        pos = _read_name(text, 0, tokens)
    else:
        raise ValueError("a path starts with '$'")
    while pos < len(text):
        char = text[pos]
        if char == ".":
            if pos + 1 >= len(text):
                raise ValueError(f"expected a name after '.' at index {pos}")
            if text[pos + 1] == "*":
                tokens.append(STAR)
                pos += 2
            elif _NAME_CHAR.match(text[pos + 1]):
                pos = _read_name(text, pos + 1, tokens)
            else:
                raise ValueError(f"expected a name or '*' at index {pos + 1}")
        elif char == "[":
            pos = _read_bracket(text, pos + 1, tokens)
        else:
            raise ValueError(f"expected '.' or '[' at index {pos}, found {char!r}")
    return tokens


def _read_name(text: str, pos: int, tokens: list[Token]) -> int:
    end = pos
    while end < len(text) and _NAME_CHAR.match(text[end]):
        end += 1
    if end < len(text) and text[end] not in ".[":
        raise ValueError(f"{text[end]!r} is not allowed in a name at index {end}")
    tokens.append(field(text[pos:end]))
    return end


def _read_bracket(text: str, pos: int, tokens: list[Token]) -> int:
    if pos >= len(text):
        raise ValueError("unterminated '['")
    char = text[pos]
    if char == "'":
        name: list[str] = []
        pos += 1
        while pos < len(text) and text[pos] != "'":
            if text[pos] == "\\" and pos + 1 < len(text) and text[pos + 1] in "\\'":
                pos += 1
            name.append(text[pos])
            pos += 1
        if pos >= len(text):
            raise ValueError("unterminated quoted name")
        if not name:
            raise ValueError("empty quoted name")
        tokens.append(field("".join(name)))
        pos += 1
    elif char in "0123456789":
        end = pos
        while end < len(text) and text[end] in "0123456789":
            end += 1
        tokens.append(index(int(text[pos:end])))
        pos = end
    elif char == "*":
        tokens.append(STAR_INDEX)
        pos += 1
    else:
        raise ValueError(f"expected a quoted name, a number or '*' after '[' at index {pos}")
    if pos >= len(text) or text[pos] != "]":
        raise ValueError(f"expected ']' at index {pos}")
    return pos + 1
