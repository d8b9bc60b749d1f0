"""Swagger 2.0 -> OpenAPI 3.0.3 conversion of an already parsed document.

specgen models OpenAPI 3.0 only, so Swagger 2.0 input is converted up front and every later
stage sees one dialect. The conversion is pure: the input is never mutated (unchanged leaf
subtrees are shared with the output), and anything that cannot be converted raises
``SpecError`` with a JSON pointer into the *input*. Schema rewriting and ``$ref`` bookkeeping
live in :mod:`specgen.spec.swagger2_schema`.

Deliberately not converted, because OpenAPI 3.0 has no equivalent:

* ``collectionFormat: tsv`` (and ssv/pipes/multi outside query/form, nested formats): the
  closest 3.0 style is used and the original kept as ``x-collectionFormat``.
* ``allowEmptyValue`` on formData parameters (a 3.0 Encoding has no such field).
* Operation-level ``schemes`` without a ``host`` (a relative server URL has no scheme).
* A body parameter's ``name`` (a 3.0 requestBody has none).
* Tuple-style ``items: [...]`` in schemas raises ``SpecError``.

Parameters and responses reached through ``$ref``s outside ``#/parameters`` and
``#/responses`` (say in ``x-specgen-files``) are inlined; schemas are never inlined (they
may be recursive). ``$ref``s inside vendor extension values are data and left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.errors import SpecError
from specgen.spec.swagger2_schema import (
    EMBEDDED_FILES,
    Refs,
    SchemaDialect,
    escape,
    join,
    security_scheme,
    short,
    split,
    style,
)

OPENAPI_VERSION = "3.0.3"

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_LOCATIONS = ("query", "header", "path", "formData", "body")
_PAYLOAD = ("body", "formData")  # parameters that become the 3.0 requestBody
_URLENCODED = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
_DEFAULT_MEDIA = ["application/json"]
# Top-level 2.0 keys that turn into servers / components / content in 3.0.
_REPLACED = frozenset(
    (
        *("swagger", "info", "host", "basePath", "schemes", "consumes", "produces"),
        *("definitions", "parameters", "responses", "securityDefinitions"),
    )
)


def convert_swagger2(doc: dict[str, Any], *, file: str) -> dict[str, Any]:
    """Convert a parsed Swagger 2.0 document into a new OpenAPI 3.0.3 document.

    ``file`` names the input in errors. All ``$ref``s must be local (``#/...``). Raises
    ``SpecError`` (with a JSON pointer into ``doc``) when something cannot be converted and
    never mutates ``doc``.
    """
    if not isinstance(doc, dict):
        message = f"a Swagger 2.0 document must be an object, not {short(doc)}"
        raise SpecError(message, file=file, pointer="")
    try:
        return _Converter(doc, file).run()
    except RecursionError:
        # Only pathologically deep input gets here (schemas have their own depth limit).
        raise SpecError("document is nested too deeply to convert", file=file, pointer="") from None


@dataclass(frozen=True)
class _Param:
    """A parameter after following ``$ref``s."""

    value: dict[str, Any]
    at: str  # input pointer of the parameter object itself
    target: str | None  # canonical pointer the $ref chain ended at; None when inline
    location: str
    name: str


def _top_name(pointer: str | None, section: str) -> str | None:
    """``X`` when ``pointer`` is ``/<section>/X`` (a reusable 2.0 definition)."""
    tokens = split(pointer or "")
    return tokens[1] if len(tokens) == 2 and tokens[0] == section else None


class _Converter:
    """One conversion run; holds the input, the schema dialect and global defaults."""

    def __init__(self, doc: dict[str, Any], file: str) -> None:
        self.doc = doc
        self.refs = Refs(doc, file)
        self.fail = self.refs.fail
        version = doc.get("swagger")
        if version not in ("2.0", 2.0):  # 2.0: YAML reads an unquoted 2.0 as a float
            where = "/swagger" if "swagger" in doc else ""
            self.fail(f"not a Swagger 2.0 document (swagger: {short(version)})", where)
        self.definitions = self.refs.mapping(doc, "definitions", "")
        self.schemas = SchemaDialect(self.refs, {str(name) for name in self.definitions})
        self.consumes = self.refs.strings(doc.get("consumes"), "/consumes") or _DEFAULT_MEDIA
        self.produces = self.refs.strings(doc.get("produces"), "/produces") or _DEFAULT_MEDIA
        self.servers = self._servers(doc.get("schemes"), "/schemes")

    def run(self) -> dict[str, Any]:
        doc = self.doc
        out: dict[str, Any] = {"openapi": OPENAPI_VERSION}
        if "info" in doc:
            out["info"] = doc["info"]
        out["servers"] = self.servers
        components = self._components()
        for key, value in doc.items():
            if key == "paths":
                out["paths"] = self._paths(value)
            elif key not in _REPLACED:
                out[key] = value  # tags, security, externalDocs, x-*: unchanged
        self.schemas.drain()
        if self.schemas.hoisted:
            components.setdefault("schemas", {}).update(self.schemas.hoisted)
        if components:
            out["components"] = components
        if EMBEDDED_FILES in doc:
            pointer = join("", EMBEDDED_FILES)
            out[EMBEDDED_FILES] = self.schemas.rebuild_embedded(doc[EMBEDDED_FILES], pointer)
        return out

    def _servers(self, schemes: Any, at: str) -> list[dict[str, Any]]:
        """host + basePath + schemes -> servers, https first (the 2.0 default is unknown)."""
        names = self.refs.strings(schemes, at) or []
        host, base = self.doc.get("host"), self.doc.get("basePath") or ""
        if host is not None and not isinstance(host, str):
            self.fail(f"'host' must be a string, not {short(host)}", "/host")
        if not isinstance(base, str):
            self.fail(f"'basePath' must be a string, not {short(base)}", "/basePath")
        if base and not base.startswith("/"):
            base = "/" + base  # 2.0 requires the slash; without it the URL would be garbled
        if not host:
            return [{"url": base or "/"}]
        ordered = ["https"] if "https" in names or not names else []
        ordered += [name for name in dict.fromkeys(names) if name != "https"]
        return [{"url": f"{scheme}://{host}{base}"} for scheme in ordered]

    # -- components ------------------------------------------------------------------------

    def _components(self) -> dict[str, Any]:
        doc, out = self.doc, dict[str, Any]()
        if self.definitions:
            out["schemas"] = {
                str(name): self.schemas.convert(schema, join("/definitions", name))
                for name, schema in self.definitions.items()
            }
        responses = {}
        for name, node in self.refs.mapping(doc, "responses", "").items():
            value, at, _ = self.refs.deref(node, join("/responses", name), "response")
            responses[str(name)] = self._response(value, at, self.produces)
        parameters, bodies = {}, {}
        for name, node in self.refs.mapping(doc, "parameters", "").items():
            param = self._param(node, join("/parameters", name))
            if param.location == "body":
                bodies[str(name)] = self._body(param, self.consumes)
            elif param.location != "formData":  # formData is inlined where it is used
                parameters[str(name)] = self._parameter(param)
        schemes = {
            str(name): security_scheme(self.refs, scheme, join("/securityDefinitions", name))
            for name, scheme in self.refs.mapping(doc, "securityDefinitions", "").items()
        }
        for key, section in (
            ("responses", responses),
            ("parameters", parameters),
            ("requestBodies", bodies),
            ("securitySchemes", schemes),
        ):
            if section:
                out[key] = section
        return out

    # -- paths and operations --------------------------------------------------------------

    def _paths(self, paths: Any) -> dict[str, Any]:
        if not isinstance(paths, dict):
            self.fail(f"'paths' must be an object, not {short(paths)}", "/paths")
        return {
            str(key): item
            if str(key).startswith("x-")
            else self._path_item(item, join("/paths", key))
            for key, item in paths.items()
        }

    def _path_item(self, item: Any, at: str) -> dict[str, Any]:
        value, where, target = self.refs.deref(item, at, "path item")
        if target is not None and len(item) > 1:
            # 2.0 leaves $ref siblings undefined; merging them (siblings win) loses nothing.
            value, where = {**value, **{k: v for k, v in item.items() if k != "$ref"}}, at
        shared = self._params(value.get("parameters"), join(where, "parameters"))
        out: dict[str, Any] = {}
        for key, sub in value.items():
            if key in _METHODS:
                out[key] = self._operation(sub, join(where, key), shared)
            elif key == "parameters":
                plain = [self._parameter_use(p) for p in shared if p.location not in _PAYLOAD]
                if plain:
                    out[key] = plain
            elif key != "$ref":
                out[key] = sub
        return out

    def _operation(self, op: Any, at: str, shared: list[_Param]) -> dict[str, Any]:
        if not isinstance(op, dict):
            self.fail(f"an operation must be an object, not {short(op)}", at)
        # An operation's own (even empty) list replaces the global one.
        consumes = self.refs.strings(op.get("consumes"), join(at, "consumes"))
        consumes = (self.consumes if consumes is None else consumes) or _DEFAULT_MEDIA
        produces = self.refs.strings(op.get("produces"), join(at, "produces"))
        produces = (self.produces if produces is None else produces) or _DEFAULT_MEDIA
        own = self._params(op.get("parameters"), join(at, "parameters"))
        overridden = {(p.location, p.name) for p in own}
        payload = [
            p for p in shared if p.location in _PAYLOAD and (p.location, p.name) not in overridden
        ]
        body = self._request_body(payload + [p for p in own if p.location in _PAYLOAD], consumes)
        out: dict[str, Any] = {}
        for key, value in op.items():
            if key == "parameters":
                plain = [self._parameter_use(p) for p in own if p.location not in _PAYLOAD]
                if plain:
                    out[key] = plain
            elif key == "responses":
                out[key] = self._responses(value, join(at, key), produces)
            elif key == "schemes":
                servers = self._servers(value, join(at, key))
                if servers != self.servers:
                    out["servers"] = servers
            elif key not in ("consumes", "produces"):
                out[key] = value
            if key == "parameters" and body is not None:
                out["requestBody"] = body  # keep it next to the parameters it came from
        if body is not None and "requestBody" not in out:
            out["requestBody"] = body
        return out

    # -- parameters and request bodies -----------------------------------------------------

    def _params(self, params: Any, at: str) -> list[_Param]:
        if params is None:
            return []
        if not isinstance(params, list):
            self.fail(f"'parameters' must be a list, not {short(params)}", at)
        return [self._param(node, join(at, i)) for i, node in enumerate(params)]

    def _param(self, node: Any, at: str) -> _Param:
        value, where, target = self.refs.deref(node, at, "parameter")
        if "in" not in value:
            self.fail("parameter has no 'in'", where)
        location = value["in"]
        if location not in _LOCATIONS:
            self.fail(f"unknown parameter location {short(location)}", join(where, "in"))
        name = value.get("name", "body" if location == "body" else None)
        if not isinstance(name, str):
            self.fail(f"parameter 'name' must be a string, not {short(name)}", where)
        return _Param(value, where, target, location, name)

    def _parameter_use(self, param: _Param) -> dict[str, Any]:
        """A query/header/path parameter where it is used: a components ref, or inline."""
        name = _top_name(param.target, "parameters")
        if name is not None:
            return {"$ref": "#/components/parameters/" + escape(name)}
        return self._parameter(param)

    def _parameter(self, param: _Param) -> dict[str, Any]:
        return self.schemas.parameter(param.value, param.at, param.location)

    def _request_body(self, payload: list[_Param], consumes: list[str]) -> dict[str, Any] | None:
        if not payload:
            return None
        bodies = [p for p in payload if p.location == "body"]
        if bodies and len(bodies) < len(payload):
            form = next(p for p in payload if p.location != "body")
            self.fail("body and formData parameters cannot be combined", form.at)
        if len(bodies) > 1:
            self.fail("an operation can have only one body parameter", bodies[1].at)
        if not bodies:
            return self._form(payload, consumes)
        name = _top_name(bodies[0].target, "parameters")
        if name is not None and consumes == self.consumes:  # same media types: reuse
            return {"$ref": "#/components/requestBodies/" + escape(name)}
        return self._body(bodies[0], consumes)

    def _body(self, param: _Param, consumes: list[str]) -> dict[str, Any]:
        value, at = param.value, param.at
        if "schema" not in value:
            self.fail("body parameter has no 'schema'", at)
        out: dict[str, Any] = {}
        if "description" in value:
            out["description"] = value["description"]
        examples = value.get("x-examples")
        content: dict[str, Any] = {}
        for media in consumes:
            content[media] = {"schema": self.schemas.convert(value["schema"], join(at, "schema"))}
            if isinstance(examples, dict) and media in examples:
                content[media]["example"] = examples[media]
        out["content"] = content
        if "required" in value:
            out["required"] = value["required"]
        for key, ext in value.items():
            if isinstance(key, str) and key.startswith("x-") and key != "x-examples":
                out[key] = ext
        if isinstance(examples, dict):
            examples = {k: v for k, v in examples.items() if k not in content}
        if examples:  # examples for media types the operation does not consume: keep them
            out["x-examples"] = examples
        return out

    def _form(self, params: list[_Param], consumes: list[str]) -> dict[str, Any]:
        """formData parameters -> one object schema per form media type."""
        has_file = any(p.value.get("type") == "file" for p in params)
        media = [m for m in consumes if m in (_URLENCODED, _MULTIPART)]
        media = media or [_MULTIPART if has_file else _URLENCODED]
        required = [p.name for p in params if p.value.get("required") is True]
        content: dict[str, Any] = {}
        for medium in dict.fromkeys(media):
            properties: dict[str, Any] = {}
            encoding: dict[str, Any] = {}
            for p in params:
                prop = self.schemas.simple(p.value, p.at)
                for key, v in p.value.items():
                    if key == "description" or (
                        isinstance(key, str) and key.startswith("x-") and key != "x-nullable"
                    ):
                        prop[key] = v
                properties[p.name] = prop
                if p.value.get("type") == "array":
                    encoding[p.name] = style(p.value.get("collectionFormat", "csv"), "query")
            schema: dict[str, Any] = {"type": "object", "properties": properties}
            if required:
                schema["required"] = list(required)
            content[medium] = {"schema": schema}
            if encoding and medium == _URLENCODED:  # 3.0 ignores style outside urlencoded
                content[medium]["encoding"] = encoding
        return {"content": content, "required": True} if required else {"content": content}

    # -- responses -------------------------------------------------------------------------

    def _responses(self, responses: Any, at: str, produces: list[str]) -> dict[str, Any]:
        if not isinstance(responses, dict):
            self.fail(f"'responses' must be an object, not {short(responses)}", at)
        out: dict[str, Any] = {}
        for code, node in responses.items():
            if str(code).startswith("x-"):
                out[str(code)] = node
                continue
            value, where, target = self.refs.deref(node, join(at, code), "response")
            name = _top_name(target, "responses")
            if name is not None and produces == self.produces:  # same media types: reuse
                out[str(code)] = {"$ref": "#/components/responses/" + escape(name)}
            else:
                out[str(code)] = self._response(value, where, produces)
        return out

    def _response(self, value: dict[str, Any], at: str, produces: list[str]) -> dict[str, Any]:
        examples = value.get("examples") or {}
        if not isinstance(examples, dict):
            self.fail(f"'examples' must be an object, not {short(examples)}", join(at, "examples"))
        examples = {str(media): example for media, example in examples.items()}
        out: dict[str, Any] = {}
        for key, sub in value.items():
            if key == "headers":
                headers = self.refs.mapping(value, key, at)
                out[key] = {
                    str(name): self._header(header, join(at, key, name))
                    for name, header in headers.items()
                }
            elif key not in ("schema", "examples"):
                out[key] = sub  # description, x-*
        # Examples may name media types the operation does not list: keep them too.
        media = [*produces, *examples] if "schema" in value else list(examples)
        content: dict[str, Any] = {}
        for medium in dict.fromkeys(media):
            entry: dict[str, Any] = {}
            if "schema" in value:
                entry["schema"] = self.schemas.convert(value["schema"], join(at, "schema"))
            if medium in examples:
                entry["example"] = examples[medium]
            content[medium] = entry
        if content:
            out["content"] = content
        return out

    def _header(self, node: Any, at: str) -> dict[str, Any]:
        value, where, _ = self.refs.deref(node, at, "header")
        return self.schemas.parameter(value, where, "header")
