"""Shrinking: the smallest draft that still shows the same failure.

Works on drafts (structured requests), so it serves both engines: it tries simpler
variants (an optional part dropped, an array cut down, a string or number made smaller),
re-sends each, and keeps a variant when the same (check, cause) fails again. Greedy and
bounded by ``budget`` requests; the result is locally minimal, not globally.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any

from specgen.probe.messages import Draft

JSON = Any


def _text(draft: Draft) -> str:
    return json.dumps(draft.to_json(), sort_keys=True, default=str)


def size(draft: Draft) -> int:
    """How big a draft is: the length of its JSON form."""
    return len(_text(draft))


def order(draft: Draft) -> tuple[int, str]:
    """Shortlex order of the JSON form: shorter is simpler, then smaller (``25 < 50``)."""
    text = _text(draft)
    return len(text), text


def _smaller_scalars(value: JSON) -> Iterator[JSON]:
    if isinstance(value, bool):
        if value:
            yield False
    elif isinstance(value, int):
        for smaller in (0, 1, value // 2, value - 1 if value > 0 else value + 1):
            if abs(smaller) < abs(value) or (smaller >= 0 > value):
                yield smaller
    elif isinstance(value, float) and math.isfinite(value):
        whole = float(int(value))
        for candidate in (0.0, 1.0, whole):
            if abs(candidate) < abs(value) or (candidate == whole and candidate != value):
                yield candidate
    elif isinstance(value, str) and value:
        yield ""
        if len(value) > 1:
            yield value[: len(value) // 2]
            yield value[:-1]


def variants(value: JSON) -> Iterator[JSON]:
    """Simpler versions of a JSON value: structure first, then scalars."""
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
        for key, item in value.items():
            for smaller in variants(item):
                yield {**value, key: smaller}
    elif isinstance(value, list):
        if len(value) > 1:
            yield value[:1]
        for index in range(len(value)):
            yield value[:index] + value[index + 1 :]
        for index, item in enumerate(value):
            for smaller in variants(item):
                yield [*value[:index], smaller, *value[index + 1 :]]
    else:
        yield from _smaller_scalars(value)


def candidates(draft: Draft) -> Iterator[Draft]:
    """Simpler drafts: parameters dropped, then the body simplified, then parameter values."""
    for part in ("query", "headers", "cookies"):
        values = dict(getattr(draft, part))
        for name in values:
            yield draft.with_parts(**{part: {k: v for k, v in values.items() if k != name}})
    if draft.has_body:
        for body in variants(draft.body):
            yield draft.with_parts(body=body)
    for part in ("path_parameters", "query", "headers", "cookies"):
        values = dict(getattr(draft, part))
        for name, value in values.items():
            for smaller in _smaller_scalars(value):
                yield draft.with_parts(**{part: {**values, name: smaller}})


def shrink(draft: Draft, still_fails: Callable[[Draft], bool], budget: int) -> tuple[Draft, int]:
    """The smallest draft found that ``still_fails``, and how many attempts it took."""
    attempts = 0
    current = draft
    tried: set[str] = set()
    improved = True
    while improved and attempts < budget:
        improved = False
        for candidate in candidates(current):
            if attempts >= budget:
                break
            key = order(candidate)
            if key[1] in tried or key >= order(current):
                continue
            tried.add(key[1])
            attempts += 1
            if still_fails(candidate):
                current, improved = candidate, True
                break
    return current, attempts
