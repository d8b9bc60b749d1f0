"""OpenAPI discriminators, read as JSON Schema constraints.

A ``discriminator`` says which ``oneOf``/``anyOf`` member a payload is meant for: the one
named by the value of its ``propertyName``. JSON Schema knows nothing of it, and members
that overlap (two object shapes without ``additionalProperties: false``, the usual case)
all match, so ``oneOf`` refuses every valid payload. Each ``$ref`` member therefore also
requires its discriminator value(s): the ``mapping`` keys naming it plus its implicit name
(the last token of its pointer, ``Cat`` for ``#/components/schemas/Cat``). The discriminator
may sit next to the ``oneOf`` or on a base schema the members extend through ``allOf``.
Members that already pin the property to one value are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specgen.schema.dialects import Raw, ref_target
from specgen.spec import pointer as jp

Deref = Callable[[str], Any]
_NONE: frozenset[str] = frozenset()


def tighten(
    node: Raw, raw: list[Any], members: list[Any], deref: Deref, origins: dict[int, str]
) -> list[Any]:
    """``members`` (converted from ``raw``, the members of ``node``'s ``oneOf``/``anyOf``)
    with the discriminator values added (see the module docstring)."""
    out = []
    for raw_member, member in zip(raw, members, strict=True):
        target = ref_target(raw_member.get("$ref")) if isinstance(raw_member, dict) else None
        if target is None or not isinstance(member, dict) or "$ref" not in member:
            out.append(member)
            continue
        disc = node.get("discriminator")
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            disc = inherited(deref(target), deref, frozenset({target}))
        if disc is None:
            out.append(member)
            continue
        prop = disc["propertyName"]
        if pins(deref(target), prop, deref, frozenset({target})):
            out.append(member)
            continue
        mapping = disc.get("mapping")
        mapping = mapping if isinstance(mapping, dict) else {}
        names = [k for k, v in mapping.items() if _mapped(v) == target]
        implicit = jp.split(target)[-1] if target else ""
        if implicit not in mapping:
            names.append(implicit)
        value = {"enum": names}
        tightened = {**member, "properties": {prop: value}, "required": [prop]}
        origins[id(tightened)] = origins.get(id(member), "")
        origins[id(value)] = origins.get(id(member), "")
        out.append(tightened)
    return out


def inherited(raw: Any, deref: Deref, seen: frozenset[str]) -> Raw | None:
    """The discriminator of ``raw`` or of a schema it extends (``$ref``, ``allOf``)."""
    if not isinstance(raw, dict):
        return None
    disc = raw.get("discriminator")
    if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
        return disc
    target = ref_target(raw.get("$ref"))
    if target is not None:
        return None if target in seen else inherited(deref(target), deref, seen | {target})
    members = raw.get("allOf")
    for member in members if isinstance(members, list) else []:
        found = inherited(member, deref, seen)
        if found is not None:
            return found
    return None


def pins(raw: Any, prop: str, deref: Deref, seen: frozenset[str]) -> bool:
    """Whether ``raw`` (through ``$ref`` and ``allOf``) fixes ``prop`` to a single value."""
    if not isinstance(raw, dict):
        return False
    target = ref_target(raw.get("$ref"))
    if target is not None:
        return target not in seen and pins(deref(target), prop, deref, seen | {target})
    props = raw.get("properties")
    sub = props.get(prop) if isinstance(props, dict) else None
    if isinstance(sub, dict):
        sub_target = ref_target(sub.get("$ref"))
        sub = deref(sub_target) if sub_target is not None else sub
        if isinstance(sub, dict):
            enum = sub.get("enum")
            if "const" in sub or (isinstance(enum, list) and len(enum) == 1):
                return True
    members = raw.get("allOf")
    return isinstance(members, list) and any(pins(m, prop, deref, seen) for m in members)


def _mapped(value: object) -> str | None:
    """The pointer a mapping value names (a ref, or a bare schema name)."""
    if not isinstance(value, str):
        return None
    return ref_target(value) if value.startswith("#") else "/components/schemas/" + value
