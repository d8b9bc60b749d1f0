"""Reading the parts of an interaction: provider states, headers, query, bodies, rules.

The leniency follows the Rust core (pact_models) where it is harmless: header strings are
split on commas only for headers defined as lists (``Accept``, ``Cache-Control``...), query
strings are percent-decoded, a v4 body that is not an object is read as a v3 body. Anything
the model cannot represent is a :class:`PactError` located by JSON pointer.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_plus

from specgen.pact.base import JsonBlob, PactError, expect_list, expect_object, expect_str, type_name
from specgen.pact.model import Body, BodyKind, Headers, ProviderState, Query
from specgen.pact.rules import EMPTY_RULES, MatchingRules
from specgen.spec.pointer import join

#: Headers whose value is a comma-separated list (pact_models ``headers.rs``).
MULTI_VALUE_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "access-control-allow-headers",
        "access-control-allow-methods",
        "access-control-expose-headers",
        "access-control-request-headers",
        "allow",
        "cache-control",
        "if-match",
        "if-none-match",
        "vary",
    }
)


def split_header(name: str, value: str) -> tuple[str, ...]:
    """A header string as values: split on commas for list headers, trimmed."""
    if name.lower() in MULTI_VALUE_HEADERS:
        return tuple(part.strip() for part in value.split(","))
    return (value.strip(),)


def _scalar_text(value: object, pointer: str, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    raise PactError(f"{what} must be a string, not {type_name(value)}", pointer=pointer)


def read_headers(data: object, pointer: str) -> Headers:
    """``{"Name": "a, b"}`` (v1-v3) or ``{"Name": ["a", "b"]}`` (v4) as :class:`Headers`."""
    if data is None:
        return Headers()
    headers = expect_object(data, pointer, "headers")
    items: list[tuple[str, tuple[str, ...]]] = []
    for name, value in headers.items():
        at = join(pointer, name)
        if isinstance(value, list):
            values = tuple(
                _scalar_text(v, join(at, i), "a header value") for i, v in enumerate(value)
            )
            values = values or ("",)  # no value at all: what "" is in a v3 file
        else:
            values = split_header(name, _scalar_text(value, at, "a header value"))
        items.append((name, values))
    return Headers(items)


def parse_query_string(text: str) -> Query:
    """A query string (``a=1&a=2&b``) as :class:`Query`, percent- and ``+``-decoded."""
    items: list[tuple[str, tuple[str]]] = []
    for part in text.lstrip("?").split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        items.append((unquote_plus(name), (unquote_plus(value),)))
    return Query(items)


def read_query(data: object, pointer: str) -> Query:
    """A query string (v1, v2) or ``{"name": ["value", ...]}`` (v3, v4) as :class:`Query`."""
    if data is None:
        return Query()
    if isinstance(data, str):
        return parse_query_string(data)
    query = expect_object(data, pointer, "query")
    items: list[tuple[str, tuple[str, ...]]] = []
    for name, value in query.items():
        at = join(pointer, name)
        raw = value if isinstance(value, list) else [value]
        values = tuple("" if v is None else _scalar_text(v, at, "a query value") for v in raw)
        items.append((name, values))
    return Query(items)


def read_provider_states(interaction: Mapping[str, Any], pointer: str) -> tuple[ProviderState, ...]:
    """``providerStates`` (v3, v4) or the single ``providerState`` string (v1, v2)."""
    if "providerStates" in interaction:
        at = join(pointer, "providerStates")
        states: list[ProviderState] = []
        for i, item in enumerate(expect_list(interaction["providerStates"], at, "providerStates")):
            state = expect_object(item, join(at, i), "a provider state")
            name = expect_str(state.get("name"), join(at, i, "name"), "a provider state name")
            params = state.get("params")
            if params is not None:
                expect_object(params, join(at, i, "params"), "provider state params")
            states.append(ProviderState(name, None if params is None else JsonBlob.of(params)))
        return tuple(states)
    for key in ("providerState", "provider_state"):
        if interaction.get(key) is not None:
            name = expect_str(interaction[key], join(pointer, key), "providerState")
            return (ProviderState(name),) if name else ()
    return ()


def read_rules(part: Mapping[str, Any], pointer: str) -> MatchingRules:
    """The part's ``matchingRules`` (v2 or v3/v4 form), empty when absent."""
    data = part.get("matchingRules")
    if data is None:
        return EMPTY_RULES
    return MatchingRules.from_json(data, join(pointer, "matchingRules"))


def read_generators(part: Mapping[str, Any], pointer: str) -> JsonBlob | None:
    """The part's ``generators`` object, kept as written (None when absent)."""
    data = part.get("generators")
    if data is None:
        return None
    return JsonBlob.of(expect_object(data, join(pointer, "generators"), "generators"))


def is_text_type(content_type: str) -> bool:
    """Whether the core reads a v3 string body of this type as text (else: base64 if it can)."""
    essence = content_type.split(";")[0].strip().lower()
    main, _, sub = essence.partition("/")
    return (
        main == "text"
        or sub in ("xml", "json", "x-www-form-urlencoded")
        or sub.endswith(("+xml", "+json"))
    )


def _base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def read_body_v3(part: Mapping[str, Any], pointer: str, headers: Headers) -> Body:
    """A v1-v3 body: the JSON value as written; ``""`` is empty, ``null`` is a null body.

    As in the core, a string under a binary content type (not text, JSON, XML or a form)
    is base64 when it decodes as such.
    """
    at = join(pointer, "body")
    if "body" not in part:
        return Body(pointer=at)
    value = part["body"]
    if value is None:
        return Body(BodyKind.NULL, pointer=at)
    content_type = headers.first("content-type")
    if value == "":
        return Body(BodyKind.EMPTY, "", content_type, pointer=at)
    if (
        isinstance(value, str)
        and content_type
        and not is_text_type(content_type)
        and _base64(value)
    ):
        return Body(BodyKind.PRESENT, value, content_type, "base64", pointer=at)
    return Body(BodyKind.PRESENT, value, content_type, pointer=at)


def read_body_v4(part: Mapping[str, Any], pointer: str, headers: Headers) -> Body:
    """A v4 body ``{"content", "contentType", "encoded", "contentTypeHint"}``."""
    at = join(pointer, "body")
    value = part.get("body")
    if not isinstance(value, dict):
        return read_body_v3(part, pointer, headers)
    return read_contents(value, at, headers.first("content-type"))


def read_contents(value: Mapping[str, Any], pointer: str, fallback_type: str | None) -> Body:
    """The v4 contents object (HTTP bodies and message contents share it)."""
    at = join(pointer, "content")
    if "content" not in value:
        return Body(pointer=at)
    content = value["content"]
    if content is None:
        return Body(BodyKind.NULL, pointer=at)
    content_type = value.get("contentType")
    content_type = fallback_type if content_type is None else content_type
    if content_type is not None:
        content_type = expect_str(content_type, join(pointer, "contentType"), "contentType")
    hint = value.get("contentTypeHint")
    if hint is not None:
        hint = expect_str(hint, join(pointer, "contentTypeHint"), "contentTypeHint")
    encoded = _encoding(value.get("encoded", False), join(pointer, "encoded"))
    if encoded == "json":
        text = expect_str(content, at, "JSON-encoded content")
        try:
            content = json.loads(text)
        except ValueError:
            raise PactError("content marked encoded 'json' is not JSON", pointer=at) from None
        encoded = None
    elif encoded == "base64" and not _base64(expect_str(content, at, "base64-encoded content")):
        raise PactError("content marked encoded 'base64' is not base64", pointer=at)
    if content == "":
        return Body(BodyKind.EMPTY, "", content_type, None, hint, pointer=at)
    return Body(BodyKind.PRESENT, content, content_type, encoded, hint, pointer=at)


def _encoding(value: object, pointer: str) -> str | None:
    if value is False or value is None:
        return None
    if isinstance(value, str) and value.lower() in ("base64", "json"):
        return value.lower()
    raise PactError(f"encoded must be false, 'base64' or 'json', not {value!r}", pointer=pointer)
