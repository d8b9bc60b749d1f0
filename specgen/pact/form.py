"""Form bodies (``application/x-www-form-urlencoded``): a value's fields as its media type's
``encoding`` says they travel.

OpenAPI 3.1.1 (Encoding Object) settles what 3.0 left loose: a property whose encoding gives
``style``, ``explode`` or ``allowReserved`` travels as an ``in: query`` parameter of that
style would (``style`` defaults to ``form``, ``explode`` to true for ``form``), so
``deepObject`` makes ``metadata[key]=value``, as Stripe's API expects. Without those fields
the property travels by its content type: objects as JSON text (the spec's ``address``
example), arrays as one field per item, primitives as text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from specgen.generate.params import deep_object_pairs, query_pairs
from specgen.schema import string_form
from specgen.spec.model import MediaType, Parameter, ParameterLocation

_STYLE_FIELDS = ("style", "explode", "allowReserved")


def form_pairs(media: MediaType, value: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``name=value`` fields (unencoded, in the value's order) of a form body."""
    pairs: list[tuple[str, str]] = []
    for name, item in value.items():
        spec = _encoding(media, name)
        if any(key in spec for key in _STYLE_FIELDS):
            pairs += _styled(name, item, spec, media.pointer)
        else:
            pairs += [(name, _text(one)) for one in (item if isinstance(item, list) else [item])]
    return pairs


def fields_survive(media: MediaType, value: Any) -> bool:
    """Whether every property of ``value`` (an object) leaves a field in the form: an empty
    object or array has no fields under a style, nor an empty array without one."""
    if not isinstance(value, dict):
        return True
    for name, item in value.items():
        styled = any(key in _encoding(media, name) for key in _STYLE_FIELDS)
        if item == [] or (styled and _holds_empty(item)):
            return False
    return True


def _encoding(media: MediaType, name: str) -> Mapping[str, Any]:
    found = media.encoding.get(name)
    return found if isinstance(found, Mapping) else {}


def _holds_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return not value or any(_holds_empty(v) for v in value.values())
    if isinstance(value, list):
        return not value or any(_holds_empty(v) for v in value)
    return False


def _styled(name: str, value: Any, spec: Mapping[str, Any], pointer: str) -> list[tuple[str, str]]:
    style = spec.get("style", "form")
    style = style if isinstance(style, str) else "form"
    explode = spec.get("explode", style == "form")
    if style == "deepObject":
        return deep_object_pairs(name, value)
    param = Parameter(
        name, ParameterLocation.QUERY, False, None, style, explode is True, f"{pointer}/encoding"
    )
    return query_pairs(param, value)


def _text(value: Any) -> str:
    """A primitive in its string form; anything else as compact JSON."""
    form = string_form(value)
    if form is not None:
        return form
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
