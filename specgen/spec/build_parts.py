"""Building the small model parts (parameters, bodies, responses, security, servers) from
the bundled document. Each function checks what the model needs and raises a located
``SpecError`` for what it cannot use."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from typing import Any, TypeVar

from specgen.errors import SpecError
from specgen.spec import pointer as jp
from specgen.spec.model import (
    Example,
    Header,
    Link,
    MediaType,
    Parameter,
    ParameterLocation,
    RequestBody,
    Response,
    Schema,
    SecurityRequirement,
    SecurityScheme,
    Server,
    ServerVariable,
    concrete_url,
)

T = TypeVar("T")
Locate = Callable[[str], tuple[str, str]]


class Context:
    """What the part builders share: the bundled document and how to locate a pointer."""

    def __init__(self, doc: dict[str, Any], locate: Locate) -> None:
        self.doc = doc
        self.locate = locate
        # parts reached through a $ref are built once: big specs share parameters and
        # responses across hundreds of operations (half of the load time otherwise)
        self.shared: dict[tuple[str, str], Any] = {}

    def error(self, message: str, pointer: str) -> SpecError:
        """A ``SpecError`` located in the file the pointer came from."""
        file, ptr = self.locate(pointer)
        return SpecError(message, file=file, pointer=ptr)

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow ``$ref`` chains (already checked to resolve and not loop)."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            try:
                if not ref.startswith("#"):
                    raise LookupError("not bundled")
                node = jp.resolve(self.doc, ref[1:])
            except (LookupError, ValueError) as exc:
                raise self.error(f"$ref {ref!r} does not resolve ({exc})", pointer) from None
            pointer = ref[1:]
            hops += 1
            if hops > 64:
                raise self.error("$ref chain longer than 64 hops", pointer)
        return node, pointer

    def obj(self, node: Any, pointer: str, what: str) -> tuple[dict[str, Any], str]:
        """``node`` (dereferenced) as an object, else a located error."""
        node, pointer = self.deref(node, pointer)
        if not isinstance(node, dict):
            raise self.error(f"{what} must be an object, not {_kind(node)}", pointer)
        return node, pointer

    def items(self, node: Any, pointer: str, what: str) -> list[tuple[str, Any, str]]:
        """The entries of an object-valued field (absent = empty), each with its pointer."""
        if node is None:
            return []
        node, pointer = self.deref(node, pointer)
        if not isinstance(node, dict):
            raise self.error(f"{what} must be an object, not {_kind(node)}", pointer)
        return [(str(k), v, jp.join(pointer, k)) for k, v in node.items()]


def mapping_field(node: dict[str, Any], key: str) -> dict[str, Any]:
    """An optional object field, ``{}`` when absent or not an object (lenient where the
    model does not depend on it)."""
    value = node.get(key)
    return value if isinstance(value, dict) else {}


def list_field(node: dict[str, Any], key: str) -> list[Any]:
    """An optional array field, ``[]`` when absent or not an array."""
    value = node.get(key)
    return value if isinstance(value, list) else []


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


def text(ctx: Context, node: dict[str, Any], key: str, pointer: str) -> str | None:
    """An optional string field."""
    value = node.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ctx.error(f"'{key}' must be a string, not {_kind(value)}", jp.join(pointer, key))


def flag(ctx: Context, node: dict[str, Any], key: str, pointer: str, default: bool) -> bool:
    """An optional boolean field."""
    value = node.get(key, default)
    if isinstance(value, bool):
        return value
    raise ctx.error(f"'{key}' must be true or false, not {_kind(value)}", jp.join(pointer, key))


def schema(node: dict[str, Any], pointer: str) -> Schema | None:
    """The ``schema`` field of a parameter, header or media type."""
    if "schema" not in node:
        return None
    return Schema(node["schema"], jp.join(pointer, "schema"))


def examples(ctx: Context, node: dict[str, Any], pointer: str) -> tuple[Example, ...]:
    """``example`` and ``examples`` of a parameter, header or media type."""
    found: list[Example] = []
    if "example" in node:
        found.append(Example("", node["example"], jp.join(pointer, "example")))
    for name, raw, ptr in ctx.items(node.get("examples"), jp.join(pointer, "examples"), "examples"):
        ex, ex_ptr = ctx.obj(raw, ptr, f"example '{name}'")
        found.append(
            Example(
                name,
                ex.get("value"),
                jp.join(ex_ptr, "value"),
                summary=text(ctx, ex, "summary", ex_ptr),
                external_value=text(ctx, ex, "externalValue", ex_ptr),
            )
        )
    return tuple(found)


def content(ctx: Context, node: dict[str, Any], pointer: str) -> tuple[MediaType, ...]:
    """The ``content`` map of a body, response or parameter."""
    media: list[MediaType] = []
    for name, raw, ptr in ctx.items(node.get("content"), jp.join(pointer, "content"), "content"):
        mt, mt_ptr = ctx.obj(raw, ptr, f"media type '{name}'")
        encoding = mapping_field(mt, "encoding")
        media.append(
            MediaType(name, schema(mt, mt_ptr), examples(ctx, mt, mt_ptr), mt_ptr, encoding)
        )
    return tuple(media)


_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}


def parameter(ctx: Context, raw: Any, pointer: str) -> Parameter:
    """One parameter object (after ``$ref``)."""
    node, ptr = ctx.obj(raw, pointer, "a parameter")
    if ptr != pointer:
        key = ("parameter", ptr)
        if key not in ctx.shared:
            ctx.shared[key] = parameter(ctx, node, ptr)
        return ctx.shared[key]  # type: ignore[no-any-return]
    name, where = node.get("name"), node.get("in")
    if not isinstance(name, str):
        raise ctx.error("a parameter needs a string 'name'", ptr)
    if where not in _DEFAULT_STYLE:
        raise ctx.error(
            f"parameter '{name}': 'in' must be path, query, header or cookie, not {where!r}", ptr
        )
    style = node.get("style", _DEFAULT_STYLE[where])
    if not isinstance(style, str):
        raise ctx.error(f"parameter '{name}': 'style' must be a string", jp.join(ptr, "style"))
    required = flag(ctx, node, "required", ptr, where == "path")
    return Parameter(
        name=name,
        location=ParameterLocation(where),
        required=required,
        schema=schema(node, ptr),
        style=style,
        explode=flag(ctx, node, "explode", ptr, style == "form"),
        pointer=ptr,
        allow_reserved=flag(ctx, node, "allowReserved", ptr, False),
        allow_empty_value=flag(ctx, node, "allowEmptyValue", ptr, False),
        deprecated=flag(ctx, node, "deprecated", ptr, False),
        content=content(ctx, node, ptr),
        examples=examples(ctx, node, ptr),
    )


def request_body(ctx: Context, raw: Any, pointer: str) -> RequestBody:
    """The request body object (after ``$ref``)."""
    node, ptr = ctx.obj(raw, pointer, "requestBody")
    return RequestBody(
        flag(ctx, node, "required", ptr, False),
        content(ctx, node, ptr),
        ptr,
        text(ctx, node, "description", ptr),
    )


_STATUS = re.compile(r"^([1-5][0-9][0-9]|[1-5]XX|default)$")


def response(ctx: Context, status: str, raw: Any, pointer: str) -> Response:
    """One response object (after ``$ref``) documented under ``status``."""
    if not _STATUS.match(status):
        raise ctx.error(f"'{status}' is not a status code, range (like 4XX) or 'default'", pointer)
    node, ptr = ctx.obj(raw, pointer, f"response {status}")
    if ptr != pointer:
        key = (status, ptr)
        if key not in ctx.shared:
            ctx.shared[key] = response(ctx, status, node, ptr)
        return ctx.shared[key]  # type: ignore[no-any-return]
    headers: list[Header] = []
    for name, h_raw, h_ptr in ctx.items(node.get("headers"), jp.join(ptr, "headers"), "headers"):
        h, hp = ctx.obj(h_raw, h_ptr, f"header '{name}'")
        headers.append(
            Header(
                name, flag(ctx, h, "required", hp, False), schema(h, hp), hp, examples(ctx, h, hp)
            )
        )
    links: list[Link] = []
    for name, l_raw, l_ptr in ctx.items(node.get("links"), jp.join(ptr, "links"), "links"):
        lk, lp = ctx.obj(l_raw, l_ptr, f"link '{name}'")
        params = mapping_field(lk, "parameters")
        links.append(
            Link(
                name,
                text(ctx, lk, "operationId", lp),
                text(ctx, lk, "operationRef", lp),
                params,
                lk.get("requestBody"),
                lp,
            )
        )
    description = node.get("description")
    return Response(
        status,
        description if isinstance(description, str) else "",
        tuple(headers),
        content(ctx, node, ptr),
        tuple(links),
        ptr,
    )


def security(ctx: Context, raw: Any, pointer: str) -> tuple[SecurityRequirement, ...]:
    """A ``security`` list: alternatives, each a map of scheme name to scopes."""
    if not isinstance(raw, list):
        raise ctx.error("'security' must be an array", pointer)
    found: list[SecurityRequirement] = []
    for i, alt in enumerate(raw):
        if not isinstance(alt, dict):
            raise ctx.error("a security requirement must be an object", jp.join(pointer, i))
        found.append(
            SecurityRequirement(
                tuple(
                    (str(name), tuple(str(s) for s in scopes) if isinstance(scopes, list) else ())
                    for name, scopes in sorted(alt.items())
                )
            )
        )
    return tuple(found)


def security_scheme(ctx: Context, name: str, raw: Any, pointer: str) -> SecurityScheme:
    """One entry of ``components.securitySchemes``."""
    node, ptr = ctx.obj(raw, pointer, f"security scheme '{name}'")
    kind = node.get("type")
    if not isinstance(kind, str):
        raise ctx.error(f"security scheme '{name}' needs a string 'type'", ptr)
    flows = mapping_field(node, "flows")
    return SecurityScheme(
        name,
        kind,
        ptr,
        scheme=text(ctx, node, "scheme", ptr),
        bearer_format=text(ctx, node, "bearerFormat", ptr),
        location=text(ctx, node, "in", ptr),
        parameter_name=text(ctx, node, "name", ptr),
        flows=flows,
        open_id_connect_url=text(ctx, node, "openIdConnectUrl", ptr),
    )


def servers(ctx: Context, raw: Any, pointer: str) -> tuple[Server, ...]:
    """A ``servers`` list, each with its base path (variables at their defaults)."""
    if not isinstance(raw, list):
        raise ctx.error("'servers' must be an array", pointer)
    found: list[Server] = []
    for i, entry in enumerate(raw):
        ptr = jp.join(pointer, i)
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise ctx.error("a server needs a string 'url'", ptr)
        variables: dict[str, ServerVariable] = {}
        for vname, v, _vp in ctx.items(
            entry.get("variables"), jp.join(ptr, "variables"), "variables"
        ):
            if isinstance(v, dict):
                enum = list_field(v, "enum")
                variables[vname] = ServerVariable(
                    str(v.get("default", "")), tuple(str(e) for e in enum)
                )
        url = entry["url"]
        try:
            path = base_path(url, variables)
        except ValueError as exc:  # urlsplit refuses e.g. "http://host:8[081"
            raise ctx.error(
                f"server url {url!r} is not a valid URL ({exc})", jp.join(ptr, "url")
            ) from None
        found.append(Server(url, path, text(ctx, entry, "description", ptr), variables))
    return tuple(found)


def base_path(url: str, variables: dict[str, ServerVariable]) -> str:
    """The path part of a server URL (``""`` for the root), variables at their defaults."""
    concrete = concrete_url(url, variables)
    if "://" in concrete or concrete.startswith("//"):
        path = urllib.parse.urlsplit(concrete).path
    else:
        path = concrete.split("?", 1)[0]
    path = "/" + path.strip("/") if path.strip("/") else ""
    return path
