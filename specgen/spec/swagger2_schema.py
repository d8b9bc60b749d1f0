"""Swagger 2.0 -> OpenAPI 3.0 dialect of the leaves: schemas, parameter values, security
schemes, plus the local ``$ref`` bookkeeping they need.

Kept apart from :mod:`specgen.spec.swagger2` (document structure). Schemas are the one
recursive part of the conversion: every schema position is rewritten here, and every
``$ref`` met in a schema is pointed at the place its target will live in the output.

Pointers are handled as *canonical* JSON pointer strings (``/a/b~1c``): tokens decoded,
then ``~``-escaped again, never percent-encoded. Input ``$ref`` strings are accepted in
either plain or percent-encoded form.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn
from urllib.parse import unquote

from specgen.errors import SpecError

#: Top-level key under which embedded external documents are kept (converted in place).
EMBEDDED_FILES = "x-specgen-files"

#: Keys of 2.0 parameter / header / items objects that describe the value, i.e. the part
#: OpenAPI 3.0 moves into ``schema``.
SIMPLE_SCHEMA_KEYS = frozenset(
    (
        "type",
        "format",
        "items",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
    )
)

# Parameter/header keys that move into `schema` (or are consumed by the conversion).
_VALUE_KEYS = SIMPLE_SCHEMA_KEYS | {"collectionFormat", "x-nullable", "schema"}
# collectionFormat -> (style, explode). 2.0 arrays default to csv, which differs from the 3.0
# query default (form + explode), so the style is always written out for arrays.
_QUERY_STYLES = {
    "csv": ("form", False),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
}
_SIMPLE_STYLES = {"csv": ("simple", False)}  # path and header allow nothing else
_OAUTH_FLOWS = {
    "implicit": ("implicit", ("authorizationUrl",)),
    "password": ("password", ("tokenUrl",)),
    "application": ("clientCredentials", ("tokenUrl",)),
    "accessCode": ("authorizationCode", ("authorizationUrl", "tokenUrl")),
}
_OAUTH_KEYS = frozenset(("flow", "authorizationUrl", "tokenUrl", "scopes"))
# Real schemas are a few dozen levels deep at most; the limit keeps hostile input from
# reaching Python's recursion limit (RecursionError must not escape).
_MAX_SCHEMA_DEPTH = 200
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_STRUCTURAL = frozenset(
    ("$ref", "properties", "additionalProperties", "allOf", "anyOf", "oneOf", "not")
)


def escape(token: object) -> str:
    """One JSON pointer token: ``~`` -> ``~0``, ``/`` -> ``~1`` (non-str keys via ``str``)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join(pointer: str, *tokens: object) -> str:
    """``pointer`` extended by ``tokens`` (escaped)."""
    return pointer + "".join("/" + escape(token) for token in tokens)


def split(pointer: str) -> list[str]:
    """Decoded tokens of a canonical pointer (``""`` -> ``[]``)."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def short(value: object) -> str:
    """``repr`` cut down for error messages (input may be arbitrarily large)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def style(collection_format: Any, location: str) -> dict[str, Any]:
    """3.0 ``style``/``explode`` for a 2.0 ``collectionFormat`` at ``location``."""
    table = _QUERY_STYLES if location == "query" else _SIMPLE_STYLES
    if isinstance(collection_format, str) and collection_format in table:
        name, explode = table[collection_format]
        return {"style": name, "explode": explode}
    # No 3.0 equivalent: take the closest style and keep the original for readers.
    name, explode = table["csv"]
    return {"style": name, "explode": explode, "x-collectionFormat": collection_format}


def _child(node: Any, token: str) -> tuple[bool, Any]:
    """Step one token into ``node``: (found, value)."""
    if isinstance(node, dict):
        if token in node:
            return True, node[token]
        # YAML turns unquoted keys such as response codes into ints.
        for key, value in node.items():
            if not isinstance(key, str) and str(key) == token:
                return True, value
        return False, None
    if isinstance(node, list):
        # isascii: str.isdigit() also accepts e.g. "²", which int() rejects.
        canonical = token.isascii() and token.isdigit() and (token == "0" or token[0] != "0")
        if canonical and int(token) < len(node):
            return True, node[int(token)]
    return False, None


class Refs:
    """The input document: resolves local ``$ref``s, checks shapes, raises ``SpecError``."""

    def __init__(self, doc: dict[str, Any], file: str) -> None:
        self.doc = doc
        self.file = file

    def fail(self, message: str, pointer: str) -> NoReturn:
        """Raise the one error type this conversion may raise."""
        raise SpecError(message, file=self.file, pointer=pointer)

    def resolve(self, ref: Any, at: str) -> tuple[Any, str]:
        """Target of ``ref`` (found at pointer ``at``) and its canonical pointer."""
        if not isinstance(ref, str):
            self.fail(f"$ref must be a string, not {short(ref)}", at)
        if not (ref == "#" or ref.startswith("#/")):
            self.fail(f"only local $refs ('#/...') can be converted, not {short(ref)}", at)
        node: Any = self.doc
        pointer = ""
        for raw in ref[2:].split("/") if ref != "#" else []:
            token = raw.replace("~1", "/").replace("~0", "~")
            found, value = _child(node, token)
            if not found and "%" in raw:
                # The fragment may be percent-encoded (it is part of a URI).
                token = unquote(raw).replace("~1", "/").replace("~0", "~")
                found, value = _child(node, token)
            if not found:
                self.fail(f"$ref {short(ref)} does not resolve ({short(token)} not found)", at)
            node, pointer = value, join(pointer, token)
        return node, pointer

    def mapping(self, node: dict[str, Any], key: str, at: str) -> dict[Any, Any]:
        """``node[key]`` as an object; absent or null means empty."""
        value = node.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be an object, not {short(value)}", join(at, key))
        return value

    def strings(self, value: Any, at: str) -> list[str] | None:
        """A list of strings (media types, schemes); None when absent."""
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"expected a list of strings, not {short(value)}", at)
        return value

    def deref(self, node: Any, at: str, what: str) -> tuple[dict[str, Any], str, str | None]:
        """Follow a ``$ref`` chain: (object, its input pointer, final target or None)."""
        seen = {at}  # the chain closes when it returns to any object it passed
        target: str | None = None
        while True:
            if not isinstance(node, dict):
                self.fail(f"{what} must be an object, not {short(node)}", at)
            if "$ref" not in node:
                return node, at, target
            node, target = self.resolve(node["$ref"], join(at, "$ref"))
            if target in seen:
                self.fail("circular $ref", join(at, "$ref"))
            seen.add(target)
            at = target


def security_scheme(refs: Refs, scheme: Any, at: str) -> dict[str, Any]:
    """A 2.0 Security Scheme Object -> 3.0 (basic -> http, oauth2 flow -> flows)."""
    if not isinstance(scheme, dict):
        refs.fail(f"a security scheme must be an object, not {short(scheme)}", at)
    if "type" not in scheme:
        refs.fail("security scheme has no 'type'", at)
    kind = scheme["type"]
    out: dict[str, Any] = {}
    for key, value in scheme.items():
        if key == "type":
            if kind == "basic":
                out.update(type="http", scheme="basic")
            elif kind in ("apiKey", "oauth2"):
                out["type"] = kind
            else:
                refs.fail(f"unknown security scheme type {short(kind)}", join(at, key))
        elif kind != "oauth2" or key not in _OAUTH_KEYS:
            out[key] = value  # description, name, in, x-*
    if kind == "oauth2":
        flow = scheme.get("flow")
        if not isinstance(flow, str) or flow not in _OAUTH_FLOWS:
            refs.fail(f"unknown oauth2 flow {short(flow)}", join(at, "flow"))
        name, urls = _OAUTH_FLOWS[flow]
        scopes = scheme.get("scopes") or {}
        if not isinstance(scopes, dict):
            refs.fail(f"'scopes' must be an object, not {short(scopes)}", join(at, "scopes"))
        flow_out = {url: scheme[url] for url in urls if url in scheme}
        out["flows"] = {name: {**flow_out, "scopes": scopes}}
    return out


class SchemaDialect:
    """Rewrites 2.0 schemas into 3.0 schemas and tracks where ``$ref`` targets end up.

    ``$ref`` targets under ``#/definitions/`` move to ``#/components/schemas/``; targets under
    ``#/x-specgen-files/`` stay where they are and are converted in place; any other target
    (say a response's inline schema) is copied into ``components/schemas`` under a generated
    name, because its original position has no 3.0 schema equivalent with a stable pointer.
    """

    def __init__(self, refs: Refs, taken_names: set[str]) -> None:
        self.refs = refs
        self._taken = set(taken_names)
        self._pending: list[tuple[str, Any]] = []
        self._queued: set[str] = set()
        self.in_place: dict[str, Any] = {}  # pointer under EMBEDDED_FILES -> converted
        self._hoisted_names: dict[str, str] = {}  # pointer -> components/schemas name
        self.hoisted: dict[str, Any] = {}  # name -> converted schema

    def ref(self, ref: Any, at: str) -> str:
        """The output ``$ref`` string for a schema ``$ref`` found at ``at``."""
        target, pointer = self.refs.resolve(ref, at)
        if not isinstance(target, dict):
            self.refs.fail(f"$ref {short(ref)} does not point to a schema (an object)", at)
        tokens = split(pointer)
        if len(tokens) >= 2 and tokens[0] == "definitions":
            return "#/components/schemas" + pointer[len("/definitions") :]
        if tokens and tokens[0] == EMBEDDED_FILES:
            self._enqueue(pointer, target)
            return "#" + pointer
        name = self._hoisted_names.get(pointer)
        if name is None:
            name = base = _NAME_UNSAFE.sub("_", "_".join(tokens)).strip("_") or "schema"
            suffix = 2
            while name in self._taken:
                name, suffix = f"{base}_{suffix}", suffix + 1
            self._taken.add(name)
            self._hoisted_names[pointer] = name
            self._enqueue(pointer, target)
        return "#/components/schemas/" + escape(name)

    def _enqueue(self, pointer: str, target: Any) -> None:
        if pointer not in self._queued:
            self._queued.add(pointer)
            self._pending.append((pointer, target))

    def drain(self) -> None:
        """Convert every schema reached through ``$ref`` so far (and what those reach)."""
        # A worklist, not recursion: $ref cycles are normal in schemas.
        while self._pending:
            pointer, target = self._pending.pop()
            converted = self.convert(target, pointer)
            if pointer in self._hoisted_names:
                self.hoisted[self._hoisted_names[pointer]] = converted
            else:
                self.in_place[pointer] = converted

    def rebuild_embedded(self, node: Any, pointer: str) -> Any:
        """Copy of ``node`` (at ``pointer``) with every in-place converted schema swapped in."""
        if pointer in self.in_place:
            return self.in_place[pointer]
        prefix = pointer + "/"
        if not any(p.startswith(prefix) for p in self.in_place):
            return node  # nothing converted below: share the input subtree
        if isinstance(node, dict):
            return {k: self.rebuild_embedded(v, join(pointer, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [self.rebuild_embedded(v, join(pointer, i)) for i, v in enumerate(node)]
        return node

    def convert(self, node: Any, at: str, depth: int = 0) -> dict[str, Any]:
        """A 2.0 Schema Object -> 3.0 Schema Object (``at`` is its input pointer)."""
        if not isinstance(node, dict):
            self.refs.fail(f"a schema must be an object, not {short(node)}", at)
        if depth > _MAX_SCHEMA_DEPTH:
            self.refs.fail("schema is nested too deeply to convert", at)
        out: dict[str, Any] = {}
        for key, value in node.items():
            here = join(at, key)
            if key == "$ref":
                out[key] = self.ref(value, here)
            elif key == "properties":
                if not isinstance(value, dict):
                    self.refs.fail("'properties' must be an object", here)
                out[key] = {
                    name: self.convert(sub, join(here, name), depth + 1)
                    for name, sub in value.items()
                }
            elif key == "items":
                if isinstance(value, list):
                    self.refs.fail("tuple-style 'items' (a list) has no OpenAPI 3.0 form", here)
                out[key] = self.convert(value, here, depth + 1)
            elif key in ("allOf", "anyOf", "oneOf"):
                if not isinstance(value, list):
                    self.refs.fail(f"'{key}' must be a list of schemas", here)
                out[key] = [self.convert(s, join(here, i), depth + 1) for i, s in enumerate(value)]
            elif key == "not" or (key == "additionalProperties" and not isinstance(value, bool)):
                out[key] = self.convert(value, here, depth + 1)
            else:
                self._keyword(out, key, value)
        return out

    @staticmethod
    def _keyword(out: dict[str, Any], key: Any, value: Any) -> None:
        """Copy one non-subschema keyword, translating the 2.0-only spellings."""
        if key == "x-nullable" and isinstance(value, bool):
            out["nullable"] = value
        elif key == "discriminator" and isinstance(value, str):
            out[key] = {"propertyName": value}
        elif key == "type" and value == "file":
            # 3.0 has no file type: a file is binary string content.
            out["type"] = "string"
            out["format"] = "binary"
        elif key == "format" and out.get("format") == "binary" and out.get("type") == "string":
            pass  # keep binary from a preceding `type: file`
        else:
            out[key] = value

    def simple(
        self, node: dict[str, Any], at: str, depth: int = 0, *, nested: bool = False
    ) -> dict[str, Any]:
        """Schema for a 2.0 parameter/header (or, ``nested``, its items object).

        At the top only the value-describing keys are taken (the rest belong to the
        parameter); an items object is all schema, except ``collectionFormat``.
        """
        if depth > _MAX_SCHEMA_DEPTH:
            self.refs.fail("items are nested too deeply to convert", at)
        if nested and any(k in _STRUCTURAL for k in node):
            # 2.0 forbids $ref/properties in items objects, but real specs use them.
            return self.convert(node, at, depth)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "items":
                here = join(at, key)
                if not isinstance(value, dict):
                    self.refs.fail(f"'items' must be an object, not {short(value)}", here)
                out[key] = self.simple(value, here, depth + 1, nested=True)
            elif key == "collectionFormat":
                if nested:
                    # Nested array formats have no 3.0 style: record rather than drop.
                    out["x-collectionFormat"] = value
            elif nested or key in SIMPLE_SCHEMA_KEYS or key == "x-nullable":
                self._keyword(out, key, value)
        return out

    def parameter(self, value: dict[str, Any], at: str, location: str) -> dict[str, Any]:
        """A 2.0 query/header/path parameter (or response header) -> its 3.0 form."""
        out = {key: v for key, v in value.items() if key not in _VALUE_KEYS}
        if "schema" in value:  # not 2.0, but seen in the wild: already a schema
            out["schema"] = self.convert(value["schema"], join(at, "schema"))
        else:
            out["schema"] = self.simple(value, at)
        if value.get("type") == "array":
            out.update(style(value.get("collectionFormat", "csv"), location))
        return out
