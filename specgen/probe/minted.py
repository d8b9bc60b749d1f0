"""Values only the provider can mint: cursors, page tokens, signed tokens.

A client cannot invent a valid ``cursor`` or a signed unsubscribe ``token``; a provider that
answers an invented one with 400 is doing its job. Positive generation leaves optional
minted parameters out, and ``fuzz.positive-data-rejected`` ignores requests that carry any
minted value. What counts: a parameter or body property named like a cursor or token, or
described as opaque, signed, or handed out by an earlier response or link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.probe.messages import Draft
from specgen.spec.api import API
from specgen.spec.model import Operation
from specgen.spec.pointer import resolve

_NAMES = re.compile(
    r"^(cursor|\w*token|signature|nonce|etag|continuation|starting_?after|ending_?before)$",
    re.IGNORECASE,
)
_TEXT = re.compile(
    r"\bopaque\b|\bsigned\b|\bfrom the (link|previous)\b|\breturned (by|as|in)\b",
    re.IGNORECASE,
)


def _minted(name: str, node: Any) -> bool:
    text = node.get("description", "") if isinstance(node, dict) else ""
    return bool(_NAMES.match(name) or _TEXT.search(str(text)))


def _deref(api: API, node: Any) -> Any:
    for _ in range(50):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#"):
            break
        try:
            node = resolve(api.document, ref[1:])
        except (KeyError, IndexError, TypeError, ValueError):
            return {}
    return node


def _properties(api: API, node: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
    node = _deref(api, node)
    if not isinstance(node, dict) or depth > 12:
        return
    props = node.get("properties")
    for name, sub in props.items() if isinstance(props, dict) else ():
        yield name, _deref(api, sub)
        yield from _properties(api, sub, depth + 1)
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in node.get(key, []) if isinstance(node.get(key), list) else []:
            yield from _properties(api, sub, depth + 1)
    if "items" in node:
        yield from _properties(api, node["items"], depth + 1)


def _parameter_node(api: API, pointer: str) -> Any:
    try:
        return resolve(api.document, pointer)
    except (KeyError, IndexError, TypeError, ValueError):
        return {}


def minted_parameters(api: API, op: Operation) -> frozenset[tuple[str, str]]:
    """Optional minted parameters, as (location, name): positive requests leave them out."""
    return frozenset(
        (p.location.value, p.name)
        for p in op.parameters
        if not p.required and _minted(p.name, _parameter_node(api, p.pointer))
    )


def minted_fields(api: API, op: Operation) -> frozenset[tuple[str, str]]:
    """Every minted parameter (location, name) and body property (``"body"``, name)."""
    found = {
        (p.location.value, p.name)
        for p in op.parameters
        if _minted(p.name, _parameter_node(api, p.pointer))
    }
    for media in op.request_body.content if op.request_body else ():
        if media.schema is not None:
            found |= {
                ("body", name)
                for name, node in _properties(api, media.schema.raw)
                if _minted(name, node)
            }
    return frozenset(found)


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def carries_minted(api: API, op: Operation, draft: Draft) -> bool:
    """Whether ``draft`` sends a value for a minted parameter or body property."""
    minted = api.cached(f"probe.minted {op.key}", lambda: minted_fields(api, op))
    parts: dict[str, Any] = {"query": draft.query, "header": draft.headers}
    parts["cookie"], parts["path"] = draft.cookies, draft.path_parameters
    body_keys = set(_keys(draft.body)) if draft.has_body else set()
    return any(
        name in body_keys if loc == "body" else name in parts.get(loc, {}) for loc, name in minted
    )
