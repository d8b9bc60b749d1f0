"""From a bundled OpenAPI 3.x document to operations, collecting located problems.

One broken operation is one ``SpecError`` in ``problems``, not a failed load: the rest of a
1,000-operation spec is still usable (openapi-core's ``iter_errors`` idea).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specgen.errors import SpecError
from specgen.spec import build_parts as parts
from specgen.spec import pointer as jp
from specgen.spec.model import (
    Callback,
    Operation,
    Parameter,
    SecurityRequirement,
    SecurityScheme,
    Server,
)

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(slots=True)
class Built:
    """What the builder produced."""

    operations: list[Operation] = field(default_factory=list)
    webhooks: list[Operation] = field(default_factory=list)
    servers: tuple[Server, ...] = ()
    security_schemes: dict[str, SecurityScheme] = field(default_factory=dict)
    problems: list[SpecError] = field(default_factory=list)


class _Builder:
    def __init__(self, ctx: parts.Context) -> None:
        self.ctx = ctx
        self.out = Built()
        doc = ctx.doc
        self.security: tuple[SecurityRequirement, ...] = ()
        self.guard(lambda: self._root(doc))

    def guard(self, step: Any) -> None:
        try:
            step()
        except SpecError as exc:
            self.out.problems.append(exc)

    def _root(self, doc: dict[str, Any]) -> None:
        ctx = self.ctx
        self.out.servers = (
            parts.servers(ctx, doc["servers"], "/servers") if doc.get("servers") else ()
        ) or (Server("/", ""),)
        if "security" in doc:
            self.security = parts.security(ctx, doc["security"], "/security")
        components = doc.get("components")
        if isinstance(components, dict):
            for name, raw, ptr in ctx.items(
                components.get("securitySchemes"), "/components/securitySchemes", "securitySchemes"
            ):
                self.guard(
                    lambda n=name, r=raw, p=ptr: self.out.security_schemes.__setitem__(
                        n, parts.security_scheme(ctx, n, r, p)
                    )
                )

    def paths(self, raw: Any, pointer: str, into: list[Operation], *, strict_paths: bool) -> None:
        for path, item, ptr in self.ctx.items(raw, pointer, "paths"):
            if path.startswith("x-"):
                continue
            if strict_paths and not path.startswith("/"):
                self.out.problems.append(self.ctx.error(f"path '{path}' must start with '/'", ptr))
                continue
            self.guard(lambda p=path, i=item, q=ptr: into.extend(self.path_item(p, i, q)))

    def path_item(self, path: str, raw: Any, pointer: str) -> list[Operation]:
        ctx = self.ctx
        item, ptr = ctx.obj(raw, pointer, f"path item '{path}'")
        shared = self.parameters(item.get("parameters"), jp.join(ptr, "parameters"), ())
        servers = (
            parts.servers(ctx, item["servers"], jp.join(ptr, "servers"))
            if item.get("servers")
            else ()
        )
        ops: list[Operation] = []
        for method in METHODS:
            if method in item:
                op_ptr = jp.join(ptr, method)
                try:
                    ops.append(self.operation(path, method, item[method], op_ptr, shared, servers))
                except SpecError as exc:
                    self.out.problems.append(exc)
        return ops

    def parameters(
        self, raw: Any, pointer: str, inherited: tuple[Parameter, ...]
    ) -> tuple[Parameter, ...]:
        if raw is None:
            return inherited
        if not isinstance(raw, list):
            raise self.ctx.error("'parameters' must be an array", pointer)
        merged = {(p.location, p.name): p for p in inherited}
        for i, entry in enumerate(raw):
            param = parts.parameter(self.ctx, entry, jp.join(pointer, i))
            merged[(param.location, param.name)] = param
        return tuple(merged.values())

    def operation(
        self,
        path: str,
        method: str,
        raw: Any,
        pointer: str,
        shared: tuple[Parameter, ...],
        item_servers: tuple[Server, ...],
    ) -> Operation:
        ctx = self.ctx
        node, ptr = ctx.obj(raw, pointer, f"operation {method.upper()} {path}")
        params = self.parameters(node.get("parameters"), jp.join(ptr, "parameters"), shared)
        body = (
            parts.request_body(ctx, node["requestBody"], jp.join(ptr, "requestBody"))
            if "requestBody" in node
            else None
        )
        responses = [
            parts.response(ctx, status, r_raw, r_ptr)
            for status, r_raw, r_ptr in ctx.items(
                node.get("responses"), jp.join(ptr, "responses"), "responses"
            )
            if not status.startswith("x-")
        ]
        security = (
            parts.security(ctx, node["security"], jp.join(ptr, "security"))
            if "security" in node
            else self.security
        )
        servers = (
            parts.servers(ctx, node["servers"], jp.join(ptr, "servers"))
            if node.get("servers")
            else item_servers or self.out.servers
        )
        callbacks: list[Callback] = []
        for name, cb_raw, cb_ptr in ctx.items(
            node.get("callbacks"), jp.join(ptr, "callbacks"), "callbacks"
        ):
            cb, cbp = ctx.obj(cb_raw, cb_ptr, f"callback '{name}'")
            for expression, cb_item, item_ptr in ctx.items(cb, cbp, f"callback '{name}'"):
                if not expression.startswith("x-"):
                    callbacks.append(
                        Callback(
                            name, expression, tuple(self.path_item(expression, cb_item, item_ptr))
                        )
                    )
        tags = parts.list_field(node, "tags")
        return Operation(
            method=method.upper(),
            path=path,
            operation_id=parts.text(ctx, node, "operationId", ptr),
            pointer=ptr,
            summary=parts.text(ctx, node, "summary", ptr)
            if isinstance(node.get("summary"), str)
            else None,
            description=node.get("description")
            if isinstance(node.get("description"), str)
            else None,
            tags=tuple(str(t) for t in tags),
            deprecated=node.get("deprecated") is True,
            parameters=params,
            request_body=body,
            responses=tuple(sorted(responses, key=_status_order)),
            security=security,
            servers=servers,
            callbacks=tuple(callbacks),
            extensions={k: v for k, v in node.items() if k.startswith("x-")},
        )


def _status_order(response: Any) -> tuple[int, str]:
    status: str = response.status
    return (
        (999, status)
        if status == "default"
        else (int(status[0]) * 100 + (99 if "X" in status else int(status[1:])), status)
    )


def build_operations(ctx: parts.Context) -> Built:
    """Build every operation and webhook of the bundled 3.x document in ``ctx``."""
    builder = _Builder(ctx)
    doc = ctx.doc
    if "paths" in doc:
        builder.paths(doc["paths"], "/paths", builder.out.operations, strict_paths=True)
    if "webhooks" in doc:
        builder.paths(doc["webhooks"], "/webhooks", builder.out.webhooks, strict_paths=False)
    return builder.out
