"""Serialising parameter values the way OpenAPI's ``style``/``explode`` say they travel.

Only what a concrete request needs: a path segment, query pairs, a header or cookie value.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from specgen.schema import string_form
from specgen.spec.model import Parameter, ParameterLocation


def _scalar(value: Any) -> str:
    text = string_form(value)
    return "" if text is None else text


def _items(value: Any) -> list[tuple[str, str]] | list[str] | None:
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if isinstance(value, dict):
        return [(str(k), _scalar(v)) for k, v in value.items()]
    return None


def path_segment(param: Parameter, value: Any) -> str:
    """The text that replaces ``{name}`` in the path (percent-encoded)."""
    items = _items(value)
    quote = urllib.parse.quote
    if items is None:
        text = quote(_scalar(value), safe="")
    elif items and isinstance(items[0], tuple):
        sep = "=" if param.explode else ","
        text = ",".join(f"{quote(k, safe='')}{sep}{quote(v, safe='')}" for k, v in items)
    else:
        text = ",".join(quote(str(v), safe="") for v in items)
    if param.style == "label":
        return "." + text.replace(",", ".") if param.explode else "." + text
    if param.style == "matrix":
        return f";{param.name}={text}"
    return text


def query_pairs(param: Parameter, value: Any) -> list[tuple[str, str]]:
    """The ``name=value`` pairs a query parameter contributes (unencoded)."""
    items = _items(value)
    if items is None:
        return [(param.name, _scalar(value))]
    if items and isinstance(items[0], tuple):
        pairs = [v for v in items if isinstance(v, tuple)]
        if param.style == "deepObject":
            return [(f"{param.name}[{k}]", v) for k, v in pairs]
        if param.explode:
            return list(pairs)
        return [(param.name, ",".join(f"{k},{v}" for k, v in pairs))]
    values = [v for v in items if isinstance(v, str)]
    if param.explode and param.style == "form":
        return [(param.name, v) for v in values]
    sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
    return [(param.name, sep.join(values))]


def deep_object_pairs(name: str, value: Any) -> list[tuple[str, str]]:
    """``name[key]=value`` pairs for ``value`` at any depth (unencoded), array items by index
    (``expand[0]=a``, ``items[0][price]=p``). OpenAPI defines ``deepObject`` one level deep,
    for objects; deeper values and arrays follow Stripe's clients, ``qs`` and Rails, which
    agree. An empty object or array has no pairs; null is ``null``."""
    if isinstance(value, dict):
        items: list[tuple[Any, Any]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        text = string_form(value)
        return [(name, "null" if text is None else text)]
    return [pair for key, item in items for pair in deep_object_pairs(f"{name}[{key}]", item)]


def header_value(param: Parameter, value: Any) -> str:
    """A header or cookie value (style simple / form, comma-joined)."""
    items = _items(value)
    if items is None:
        return _scalar(value)
    if items and isinstance(items[0], tuple):
        sep = "=" if param.explode and param.location is ParameterLocation.HEADER else ","
        return ",".join(f"{k}{sep}{v}" for k, v in items)
    return ",".join(str(v) for v in items)


def string_form_or_json(value: Any) -> str:
    """A header value: primitives in their string form, arrays comma-joined."""
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    return _scalar(value)
