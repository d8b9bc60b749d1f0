"""Deterministic strings for a pattern: our own small generator over Python's regex parse tree.

Hypothesis could search for matches too, but it is slow, cannot be nested inside a running
property test, and its answers depend on its engine's version; a walk over the parse tree is
fast and gives the same string for the same pattern and seed forever. The walk takes the
shortest path (fewest repeats, first alternative, nicest character), stretched to reach a
minimum length; seeded random walks follow for what that misses (lookaheads such as
``(?=.*[0-9])``). Callers still check every candidate: this proposes, the validator decides.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from typing import Any

from specgen.schema.patterns import MAXREPEAT, Pattern

# Characters in the order a person would pick them: letters, digits, then the rest.
_NICE = (
    string.ascii_lowercase
    + string.digits
    + string.ascii_uppercase
    + "_-. ~"
    + "".join(ch for ch in string.punctuation if ch not in "_-.~")
)
_WIDER = "".join(chr(c) for c in range(0xA0, 0x800))  # only when no ASCII character will do
_POOL = 60  # characters a random walk picks from, per class
_MAX_LENGTH = 10_000  # a pattern demanding longer strings gets no candidates from us
_RANDOM_TRIES = 40


def pattern_strings(
    pattern: Pattern, *, min_length: int = 0, max_length: int | None = None, seed: int = 0
) -> Iterator[str]:
    """Candidate strings that should *search*-match ``pattern`` and have a length within
    the bounds, best first; deterministic in ``pattern``, bounds and ``seed``."""
    low, _ = pattern.tree.getwidth()
    if low > _MAX_LENGTH or min_length > _MAX_LENGTH:
        return
    if max_length is not None and low > max_length:
        return  # every match is too long
    items = list(pattern.tree)
    flags = int(pattern.tree.state.flags)
    seen: set[str] = set()
    pools: dict[int, list[str]] = {}  # allowed characters per class node, best first
    for variant in range(3):
        walk = _Walk(flags, pools, branch=seed + variant, budget=max(0, min_length - low), rng=None)
        for text in _padded(walk.run(items), items, min_length, seed):
            if text not in seen and _fits(text, min_length, max_length):
                seen.add(text)
                yield text
    for attempt in range(_RANDOM_TRIES):
        rng = random.Random(seed * 100_003 + attempt)
        walk = _Walk(flags, pools, branch=0, budget=max(0, min_length - low), rng=rng)
        for text in _padded(walk.run(items), items, min_length, seed):
            if text not in seen and _fits(text, min_length, max_length):
                seen.add(text)
                yield text


def _fits(text: str, low: int, high: int | None) -> bool:
    return len(text) >= low and (high is None or len(text) <= high)


def _padded(text: str, items: list[Any], min_length: int, seed: int) -> Iterator[str]:
    """``text`` and, when short, versions padded on a side the pattern does not anchor
    (search semantics let anything surround the match)."""
    yield text
    short = min_length - len(text)
    if short <= 0:
        return
    fill = (_NICE[seed % 26] * short)[:short]
    anchored_end = bool(items) and str(items[-1][0]) == "AT"
    anchored_start = bool(items) and str(items[0][0]) == "AT"
    if not anchored_end:
        yield text + fill
    if not anchored_start:
        yield fill + text


class _Walk:
    """One walk over the tree: shortest by default, random when given an ``rng``."""

    def __init__(
        self,
        flags: int,
        pools: dict[int, list[str]],
        *,
        branch: int,
        budget: int,
        rng: random.Random | None,
    ) -> None:
        self.ignorecase = bool(flags & 2)
        self.pools = pools
        self.branch = branch
        self.budget = budget
        self.rng = rng
        self.groups: dict[int, str] = {}

    def run(self, items: Any) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op: Any, av: Any) -> str:
        name = str(op)
        if name == "LITERAL":
            return chr(av)
        if name in ("NOT_LITERAL", "ANY", "IN"):
            return self.char(name, av)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return self.repeat(*av)
        if name == "SUBPATTERN":
            text = self.run(av[3])
            if av[0] is not None:
                self.groups[av[0]] = text
            return text
        if name == "ATOMIC_GROUP":
            return self.run(av)
        if name == "BRANCH":
            alternatives = av[1]
            index = self.rng.randrange(len(alternatives)) if self.rng else self.branch
            return self.run(alternatives[index % len(alternatives)])
        if name == "GROUPREF":
            return self.groups.get(av, "")
        if name == "GROUPREF_EXISTS":
            group, yes, no = av
            return self.run(yes if group in self.groups else (no or []))
        return ""  # anchors and lookarounds consume nothing; the caller's check judges

    def repeat(self, low: int, high: int, sub: Any) -> str:
        top = min(high, low + 1_000) if high != MAXREPEAT else low + 1_000
        count = low
        step = max(1, sub.getwidth()[0]) if hasattr(sub, "getwidth") else 1
        if self.rng is not None:
            count = self.rng.randint(low, min(top, low + 8))
        while self.budget > 0 and count < top:
            count += 1
            self.budget -= step
        return "".join(self.run(sub) for _ in range(count))

    def char(self, name: str, av: Any) -> str:
        key = id(av) if name != "ANY" else -1
        pool = self.pools.get(key)
        if pool is None:
            pool = [ch for ch in _NICE if self.allows(name, av, ch)][:_POOL]
            if not pool:
                pool = [ch for ch in _WIDER if self.allows(name, av, ch)][:_POOL] or ["a"]
            self.pools[key] = pool
        return self.rng.choice(pool) if self.rng is not None else pool[0]

    def allows(self, name: str, av: Any, ch: str) -> bool:
        if name == "ANY":
            return ch != "\n"
        variants = {ch, ch.lower(), ch.upper()} if self.ignorecase else {ch}
        if name == "NOT_LITERAL":
            return all(ord(v) != av for v in variants)
        return any(_in_class(av, v) for v in variants) != _negated(av)


def _negated(items: Any) -> bool:
    return bool(items) and str(items[0][0]) == "NEGATE"


def _in_class(items: Any, ch: str) -> bool:
    code = ord(ch)
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and code == av:
            return True
        if name == "RANGE" and av[0] <= code <= av[1]:
            return True
        if name == "CATEGORY" and _category(str(av), ch):
            return True
    return False


def _category(name: str, ch: str) -> bool:
    # ASCII meanings for \d and \w, as ECMA-262 (and the portable rewrite) define them;
    # their negations refuse the Unicode forms too, so either reading accepts our choice.
    ascii_digit = "0" <= ch <= "9"
    ascii_word = ch.isascii() and (ch.isalnum() or ch == "_")
    checks = {
        "CATEGORY_DIGIT": ascii_digit,
        "CATEGORY_NOT_DIGIT": not ch.isdigit() and not ascii_digit,
        "CATEGORY_WORD": ascii_word,
        "CATEGORY_NOT_WORD": not ch.isalnum() and ch != "_",
        "CATEGORY_SPACE": ch.isspace(),
        "CATEGORY_NOT_SPACE": not ch.isspace(),
    }
    return checks.get(name, False)
