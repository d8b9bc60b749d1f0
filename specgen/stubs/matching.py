"""Request matchers that follow the spec: what the provider would reject does not match.

- The path is a ``urlPathTemplate`` whose parameters must match their schema's regex (see
  ``specgen.schema.string_regex``), rewritten for percent-encoded text (``urlregex``); a
  template WireMock cannot take (parameter names such as ``{proxy+}``) becomes a
  ``urlPathPattern`` with the same regexes inline.
- Query parameters, headers and cookies: required ones must be there and match; optional
  ones, when sent, must match. Arrays are checked item by item (exploded query arrays: one
  valid value suffices, as WireMock checks any of the values). Object-valued and
  ``content``-described parameters are only checked for presence.
- The body: one variant per kind of declared media type (JSON, form, multipart, other),
  each with its ``Content-Type``; JSON bodies must satisfy the request schema
  (``bodyschema``), form bodies their required fields.

Regexes are built once per parameter (``API.cached``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from specgen.errors import SpecError
from specgen.generate.examples import is_json
from specgen.schema import string_regex
from specgen.spec import pointer as jp
from specgen.spec.api import API
from specgen.spec.model import MediaType, Operation, Parameter, ParameterLocation, Schema
from specgen.spec.paths import split_template
from specgen.stubs import model as wm
from specgen.stubs.bodyschema import BUDGET, body_schema
from specgen.stubs.urlregex import encoded_regex

_PARAM = re.compile(r"\{([^{}/]*)\}")
_TEMPLATE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_DELIMITER = {"spaceDelimited": " ", "pipeDelimited": "|"}
LOOSE_SEGMENT = "[^/]+"
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "deprecated"})


@dataclass(frozen=True, slots=True)
class PathPattern:
    """How a stub matches the URL path."""

    template: str | None
    regex: str | None
    params: wm.Named


def path_pattern(api: API, op: Operation, base_path: str, *, strict: bool) -> PathPattern:
    """The path of ``op`` under ``base_path``; ``strict`` checks each parameter's value."""
    path = base_path.rstrip("/") + split_template(op.path)[0]
    names = _PARAM.findall(path)
    regexes = {name: (_path_regex(api, op, name) if strict else None) for name in names}
    if len(set(names)) == len(names) and all(_TEMPLATE_NAME.fullmatch(n) for n in names):
        params = tuple((n, wm.Matches(r)) for n, r in regexes.items() if r is not None)
        return PathPattern(path, None, params)
    pieces = _PARAM.split(path)  # literal, name, literal, name, ..., literal
    body = "".join(
        _literal(piece) if i % 2 == 0 else f"(?:{_inner(regexes.get(piece)) or LOOSE_SEGMENT})"
        for i, piece in enumerate(pieces)
    )
    return PathPattern(None, body, ())


def _literal(text: str) -> str:
    """Literal path text as a regex over the raw path (``/`` kept, the rest as clients may
    percent-encode it)."""
    parts = (_inner(encoded_regex(f"^{re.escape(p)}$")) or re.escape(p) for p in text.split("/"))
    return "/".join(parts)


def _inner(regex: str | None) -> str | None:
    return regex[1:-1] if regex and regex.startswith("^") and regex.endswith("$") else regex


def _path_regex(api: API, op: Operation, name: str) -> str | None:
    param = op.parameter(ParameterLocation.PATH, name)
    if param is None:
        return None
    decoded = value_regex(api, param)
    return encoded_regex(decoded) if decoded else None


def value_regex(api: API, param: Parameter) -> str | None:
    """A ``^...$`` regex of the parameter's serialised (decoded) values; ``None`` when its
    values have no exact regex (objects, ``content``, unusual schemas)."""
    if param.schema is None:
        return None
    how = f"{param.location}:{param.name}:{param.style}:{param.explode}"
    raw = param.schema.raw
    if isinstance(raw, dict):
        raw = {k: v for k, v in raw.items() if k not in _ANNOTATIONS and not k.startswith("x-")}
    text = json.dumps(raw, sort_keys=True, default=str)
    # Real specs repeat small inline schemas thousands of times ({"type": "string"} in
    # every operation of Microsoft Graph): without refs, the schema text is the key.
    where = param.pointer if "$ref" in text or len(text) > 500 else text
    return api.cached(f"specgen.stubs.param-regex:{how}:{where}", lambda: _value_regex(api, param))


def _value_regex(api: API, param: Parameter) -> str | None:
    assert param.schema is not None
    raw, pointer = resolve(api, param.schema.raw, param.schema.pointer)
    array = isinstance(raw, dict) and (raw.get("type") == "array" or "items" in raw)
    if array and isinstance(raw.get("items"), dict):
        item = _regex(api, raw["items"], jp.join(pointer, "items"))
        if item is None:
            return None
        if param.location is ParameterLocation.QUERY and param.explode:
            return item  # one value per repetition of the parameter
        sep = re.escape(_DELIMITER.get(param.style, ","))
        if param.location is ParameterLocation.PATH and param.style == "label" and param.explode:
            sep = r"\."
        body = f"(?:{_inner(item)})(?:{sep}(?:{_inner(item)}))*"
        text = body if raw.get("minItems", 0) else f"(?:{body})?"
    elif array or (isinstance(raw, dict) and raw.get("type") == "object"):
        return None
    else:
        scalar = _regex(api, param.schema.raw, param.schema.pointer)
        if scalar is None:
            return None
        text = _inner(scalar) or ""
    if param.location is ParameterLocation.PATH and param.style == "label":
        text = r"\." + f"(?:{text})"
    elif param.location is ParameterLocation.PATH and param.style == "matrix":
        text = re.escape(f";{param.name}=") + f"(?:{text})"
    return f"^{text}$"


def _regex(api: API, raw: Any, pointer: str) -> str | None:
    try:
        return string_regex(api, raw, pointer=pointer)
    except SpecError:
        return None


def resolve(api: API, raw: Any, pointer: str) -> tuple[Any, str]:
    """Follow local ``$ref``s (a bounded number of them) to the schema they name."""
    for _ in range(32):
        ref = raw.get("$ref") if isinstance(raw, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#"):
            break
        try:
            raw, pointer = jp.resolve(api.document, ref[1:]), ref[1:]
        except (LookupError, ValueError):
            break
    return raw, pointer


def canonical(api: API, schema: Schema) -> Schema:
    """``schema``, or the schema it only refers to (``{"$ref": "#/..."}`` and nothing else):
    caches are keyed by pointer, and big specs wrap one component in thousands of places."""
    raw, pointer = schema.raw, schema.pointer
    if not (isinstance(raw, dict) and len(raw) == 1 and "$ref" in raw):
        return schema
    target, where = resolve(api, raw, pointer)
    return schema if target is raw else Schema(target, where)


def parameter_patterns(api: API, op: Operation, location: ParameterLocation) -> wm.Named:
    """Matchers for ``op``'s query parameters, headers or cookies."""
    found: dict[str, wm.Pattern] = {}
    if location is ParameterLocation.QUERY:
        for name, value in split_template(op.path)[1]:  # /#Action=X: part of the route
            found[name] = wm.EqualTo(value) if value is not None else wm.PRESENT
    for param in op.parameters:
        if param.location is not location or param.name in found:
            continue
        if location is ParameterLocation.HEADER and param.name.lower() in _IGNORED_HEADERS:
            continue
        if location is ParameterLocation.QUERY and _spread(api, param):
            continue  # deepObject / exploded object: no parameter of that name is sent
        regex = value_regex(api, param)
        if param.required:
            found[param.name] = wm.Matches(regex) if regex else wm.PRESENT
        elif regex:
            found[param.name] = wm.optional(wm.Matches(regex))
    return tuple(found.items())


def _spread(api: API, param: Parameter) -> bool:
    if param.style == "deepObject":
        return True
    if param.schema is None or not param.explode:
        return False
    raw, _ = resolve(api, param.schema.raw, param.schema.pointer)
    return isinstance(raw, dict) and (raw.get("type") == "object" or "properties" in raw)


@dataclass(frozen=True, slots=True)
class BodyVariant:
    """One way a request body may come: ``kind`` names it in file names ("" for JSON or
    for an operation without a body); ``cut`` when its JSON schema was cut to the budget."""

    kind: str
    headers: wm.Named = ()
    form: wm.Named = ()
    body: tuple[wm.Pattern, ...] = ()
    cut: bool = False


def body_variants(api: API, op: Operation, *, budget: int = BUDGET) -> list[BodyVariant]:
    """The request-body variants of ``op``: one per kind of declared media type."""
    rb = op.request_body
    if rb is None or not rb.content:
        return [BodyVariant("")]
    groups: dict[str, list[MediaType]] = {}
    for media in rb.content:
        groups.setdefault(_kind(media.media_type), []).append(media)
    return [_variant(api, kind, medias, rb.required, budget) for kind, medias in groups.items()]


def _kind(media_type: str) -> str:
    base = media_type.split(";", 1)[0].strip().lower()
    if is_json(base):
        return ""
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("multipart/"):
        return "multipart"
    return "other"


def _variant(
    api: API, kind: str, medias: list[MediaType], required: bool, budget: int
) -> BodyVariant:
    def need(pattern: wm.Pattern) -> wm.Pattern:
        return pattern if required else wm.optional(pattern)

    ctype = content_type_regex([m.media_type for m in medias])
    headers = (("Content-Type", need(wm.Matches(ctype))),) if ctype else ()
    first = medias[0]
    if kind == "" and first.schema is not None:
        schema = body_schema(api, canonical(api, first.schema), budget=budget)
        return BodyVariant(kind, headers, (), (need(wm.JsonSchema(schema.schema)),), schema.cut)
    if kind == "form" and first.schema is not None:
        return BodyVariant(kind, headers, tuple(_form_fields(api, first)), ())
    return BodyVariant(kind, headers, (), (wm.NON_EMPTY,) if required else ())


def content_type_regex(media_types: list[str]) -> str | None:
    """A case-insensitive regex of ``Content-Type`` values for these media types (with any
    parameters), or ``None`` when one of them is ``*/*``."""
    alternatives: list[str] = []
    for media_type in media_types:
        base = media_type.split(";", 1)[0].strip().lower()
        if base in ("*/*", "*"):
            return None
        kind, _, sub = base.partition("/")
        alternatives.append(re.escape(kind) + "/" + ("[^;\\s]+" if sub == "*" else re.escape(sub)))
    unique = list(dict.fromkeys(alternatives))
    return "(?i)(?:" + "|".join(unique) + r")(?:\s*;[\s\S]*)?"


def _form_fields(api: API, media: MediaType) -> Iterator[tuple[str, wm.Pattern]]:
    assert media.schema is not None
    raw, pointer = resolve(api, media.schema.raw, media.schema.pointer)
    if not isinstance(raw, dict) or not isinstance(raw.get("properties"), dict):
        return
    listed = raw.get("required")
    required: list[Any] = listed if isinstance(listed, list) else []
    for name, prop in raw["properties"].items():
        where = jp.join(pointer, "properties", name)
        field = Parameter(
            name,
            ParameterLocation.QUERY,
            name in required,
            Schema(prop, where),
            "form",
            True,
            where,
        )
        regex = value_regex(api, field)
        if field.required:
            yield name, wm.Matches(regex) if regex else wm.PRESENT
        elif regex:
            yield name, wm.optional(wm.Matches(regex))
