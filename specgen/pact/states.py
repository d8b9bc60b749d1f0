"""Provider states for generated interactions: as the spec (or the caller) writes them, or
derived from the request's path parameters.

A state is written in ``x-specgen-state`` (or ``x-provider-state``) on an operation or a
response, or handed to ``generate_pact(states=...)``, as a name, ``{"name": ..., "params":
{...}}``, or a list of those. ``{param}`` in a name or a string param is replaced by the
request's value of that parameter (path, query, header, or top-level body property); a
param that names one of those sets it in the request instead, so the state and the
request agree (``{"name": "no user usr_00000000 exists", "params": {"userId":
"usr_00000000"}}`` makes the request ask for ``usr_00000000``).

Without one, each path parameter names a state, ancestors first: ``user usr_8f3k2m9q exists``
with ``params: {"userId": "usr_8f3k2m9q"}`` (the params of a nested resource include its
ancestors' ids). The word comes from the parameter name (``orderId``: "order") or, for a
bare ``id``, the singular of the path segment before it. For a 404 or 410 the last one reads
``no user usr_8f3k2m9q exists``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from specgen.pact.base import JsonBlob
from specgen.pact.model import ProviderState
from specgen.schema import string_form
from specgen.spec.model import Operation

EXTENSIONS = ("x-specgen-state", "x-provider-state")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_ID_SUFFIX = re.compile(r"(?:[_-]?(?:id|ID|Id|iD))$")
_WORD_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[_\-\s.]+")
_ABSENT_STATUSES = frozenset({404, 410})
_GENERIC = frozenset({"id", "name", "slug", "key", "code", "uuid", "guid", "number", "ref"})


@dataclass(frozen=True, slots=True)
class StateSpec:
    """A state as written, before its placeholders are filled."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


def parse_states(value: Any) -> tuple[StateSpec, ...]:
    """Read an extension or option value; ``ValueError`` saying what is wrong."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ValueError("an empty list names no state")
    out: list[StateSpec] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append(StateSpec(item.strip()))
            continue
        if not isinstance(item, dict):
            raise ValueError("a state is a name or {name, params}")
        name = item.get("name", item.get("state"))
        params = item.get("params", {})
        if not isinstance(name, str) or not name.strip():
            raise ValueError("a state needs a non-empty 'name'")
        if not isinstance(params, dict):
            raise ValueError("a state's 'params' must be an object")
        out.append(StateSpec(name.strip(), dict(params)))
    return tuple(out)


def placeholder(value: Any) -> str | None:
    """The parameter a whole-value placeholder (``"{userId}"``) names, else None."""
    if isinstance(value, str):
        found = _PLACEHOLDER.fullmatch(value)
        if found:
            return found.group(1)
    return None


def request_overrides(specs: tuple[StateSpec, ...]) -> dict[str, Any]:
    """The params of ``specs`` that set request values (placeholders excluded)."""
    out: dict[str, Any] = {}
    for spec in specs:
        for key, value in spec.params.items():
            if placeholder(value) is None:
                out.setdefault(key, value)
    return out


def fill(specs: tuple[StateSpec, ...], values: Mapping[str, Any]) -> tuple[ProviderState, ...]:
    """``specs`` with placeholders replaced by the request's ``values``."""

    def text(found: re.Match[str]) -> str:
        if found.group(1) not in values:
            return found.group(0)
        form = string_form(values[found.group(1)])
        return found.group(0) if form is None else form

    states: list[ProviderState] = []
    for spec in specs:
        params: dict[str, Any] = {}
        for key, value in spec.params.items():
            name = placeholder(value)
            if name is not None and name in values:
                params[key] = values[name]
            elif isinstance(value, str):
                params[key] = _PLACEHOLDER.sub(text, value)
            else:
                params[key] = value
        states.append(ProviderState(_PLACEHOLDER.sub(text, spec.name), JsonBlob.of(params)))
    return tuple(states)


def derived(
    op: Operation, path_params: tuple[tuple[str, Any], ...], status: int | None
) -> tuple[ProviderState, ...]:
    """One state per path parameter, ancestors first (see the module docstring)."""
    states: list[ProviderState] = []
    params: dict[str, Any] = {}
    for i, (name, value) in enumerate(path_params):
        params[name] = value
        form = string_form(value)
        form = form if form is not None else JsonBlob.of(value).text
        absent = i == len(path_params) - 1 and status in _ABSENT_STATUSES
        state = f"{kind_word(op, name)} {form} exists"
        states.append(ProviderState(f"no {state}" if absent else state, JsonBlob.of(params)))
    return tuple(states)


def kind_word(op: Operation, param: str) -> str:
    """What a path parameter identifies, in words (``orderId``: "order")."""
    stem = _ID_SUFFIX.sub("", param)
    if not stem or param.lower() in _GENERIC:
        stem = _segment_before(op.path, param) or param
    words = [w.lower() for w in _WORD_SPLIT.split(stem) if w]
    return " ".join(words) or param


def _segment_before(path: str, param: str) -> str | None:
    segments = [s for s in path.split("?", 1)[0].split("/") if s]
    for i, segment in enumerate(segments):
        if "{" + param + "}" in segment:
            literals = [s for s in segments[:i] if "{" not in s]
            return singular(literals[-1]) if literals else None
    return None


def singular(word: str) -> str:
    """A plain English singular (``categories``: ``category``, ``users``: ``user``)."""
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lower.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word
