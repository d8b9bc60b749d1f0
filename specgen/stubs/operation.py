"""The stubs of one operation (see ``specgen.stubs.generate`` for the whole picture).

Priorities (lower wins) order stubs first by their path, so that a literal segment beats a
templated one at the first place they differ (``/users/me`` before ``/users/{id}``, as
OpenAPI routes), then by role: selected, unauthorized, success, invalid with a valid path,
and last the stubs that accept any value in the path. Within a role stubs of one operation
never overlap, and operations on one path differ by method.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from specgen.errors import SpecError
from specgen.generate.examples import example_response, is_json, preferred_media
from specgen.schema import Direction, validator_for
from specgen.spec import pointer as jp
from specgen.spec.api import API
from specgen.spec.model import Operation, ParameterLocation
from specgen.spec.paths import split_path, split_template
from specgen.stubs import errors
from specgen.stubs import model as wm
from specgen.stubs.errors import Chosen, Role
from specgen.stubs.matching import (
    PathPattern,
    body_variants,
    canonical,
    parameter_patterns,
    path_pattern,
)
from specgen.stubs.security import Credentials, missing_credentials, required_credentials

TIERS = 5
_TIER = {Role.SELECTED: 0, Role.UNAUTHORIZED: 1, Role.SUCCESS: 2, Role.INVALID: 3}
_FALLBACK = 4
_MAX_SEGMENTS = 20  # priorities stay far below 2**31
_NAMESPACE = uuid.UUID("5d0c4f62-7f0e-4b7e-9a51-3c1d2e8f9a10")


def specificity(path: str) -> int:
    """Templated segments as bits, the first segment highest: smaller is more literal."""
    segments = split_path(split_template(path)[0])[:_MAX_SEGMENTS]
    bits = 0
    for segment in segments:
        bits = bits * 2 + (1 if "{" in segment else 0)
    return bits  # only paths with as many segments can match the same request


def _merge(*groups: wm.Named) -> wm.Named:
    """Matchers by name, the first of each name (header names compare case-insensitively)."""
    out: dict[str, tuple[str, wm.Pattern]] = {}
    for group in groups:
        for name, pattern in group:
            out.setdefault(name.lower(), (name, pattern))
    return tuple(out.values())


def _prefer(status: int) -> wm.Named:
    regex = rf"(?i)(?:[\s\S]*[,;\s])?code={status}(?:[,;\s][\s\S]*)?"
    return (("Prefer", wm.Matches(regex)),)


class OperationStubs:
    """The stubs of one operation."""

    def __init__(self, api: API, op: Operation, base: str, seed: int, budget: int, slug: str):
        self.api, self.op, self.base, self.seed, self.budget = api, op, base, seed, budget
        self.slug = slug
        self.rank = specificity(base.rstrip("/") + op.path)
        self.mappings: list[wm.StubMapping] = []
        self.problems: list[SpecError] = []
        self.query = parameter_patterns(api, op, ParameterLocation.QUERY)
        self.headers = parameter_patterns(api, op, ParameterLocation.HEADER)
        self.cookies = parameter_patterns(api, op, ParameterLocation.COOKIE)
        names = {name for name, _ in split_template(op.path)[1]}
        self.route = tuple((n, p) for n, p in self.query if n in names)

    def build(self) -> None:
        op, api = self.op, self.api
        strict = path_pattern(api, op, self.base, strict=True)
        loose = path_pattern(api, op, self.base, strict=False)
        creds = required_credentials(api, op)
        variants = body_variants(api, op, budget=self.budget)
        ok = errors.success(op)
        if ok is not None:
            for v in variants:
                request = self._valid(strict, creds, v.headers, v.form, v.body)
                extra = {"bodySchemaCut": True} if v.cut else {}
                suffix = v.kind if len(variants) > 1 else ""
                self._add(Role.SUCCESS, ok, request, suffix=suffix, **extra)
        for chosen in errors.selectable(op, ok):
            if chosen.status < 300:
                v = variants[0]
                headers = (*_prefer(chosen.status), *v.headers)
                request = self._valid(strict, creds, headers, v.form, v.body)
            else:
                request = self._request(loose, self.route, _prefer(chosen.status))
            self._add(Role.SELECTED, chosen, request)
        denied = errors.unauthorized(op)
        combos = missing_credentials(api, op) if denied is not None else []
        for i, missing in enumerate(combos):
            assert denied is not None
            request = self._request(
                loose, (*self.route, *missing.query), missing.headers, missing.cookies
            )
            suffix = f"{i + 1}" if len(combos) > 1 else ""
            self._add(Role.UNAUTHORIZED, denied, request, suffix=suffix)
        missing_id, invalid = errors.not_found(op), errors.invalid(op)
        if invalid is not None:
            path = strict if missing_id is not None else loose
            tier = _TIER[Role.INVALID] if missing_id is not None else _FALLBACK
            self._add(Role.INVALID, invalid, self._request(path, self.route), tier=tier)
        if missing_id is not None:
            self._add(Role.NOT_FOUND, missing_id, self._request(loose, self.route), tier=_FALLBACK)

    def _valid(
        self,
        path: PathPattern,
        creds: Credentials,
        headers: wm.Named,
        form: wm.Named,
        body: tuple[wm.Pattern, ...],
    ) -> wm.RequestPattern:
        return self._request(
            path,
            _merge(self.query, creds.query),
            _merge(headers, self.headers, creds.headers),
            _merge(self.cookies, creds.cookies),
            form,
            body,
        )

    def _request(
        self,
        path: PathPattern,
        query: wm.Named,
        headers: wm.Named = (),
        cookies: wm.Named = (),
        form: wm.Named = (),
        body: tuple[wm.Pattern, ...] = (),
    ) -> wm.RequestPattern:
        return wm.RequestPattern(
            self.op.method,
            path.template,
            path.regex,
            path.params,
            query,
            headers,
            cookies,
            form,
            body,
        )

    def _add(
        self,
        role: Role,
        chosen: Chosen,
        request: wm.RequestPattern,
        *,
        suffix: str = "",
        tier: int | None = None,
        **extra: Any,
    ) -> None:
        name = f"{self.slug}-{chosen.status}"
        if role is not Role.SUCCESS:
            name += f"-{role}"
        if suffix:
            name += f"-{suffix}"
        try:
            response = self._response(chosen)
        except SpecError as err:
            self.problems.append(err)
            return
        declared = jp.join(self.op.pointer, "responses", chosen.response.status)
        file, pointer = self.api.locate(declared)
        metadata = {
            "api": self.api.title,
            "operationId": self.op.operation_id,
            "operation": self.op.key,
            "response": f"{file}#{pointer}",
            "status": chosen.response.status,
            "role": str(role),
            **extra,
        }
        self.mappings.append(
            wm.StubMapping(
                id=str(uuid.uuid5(_NAMESPACE, f"{self.api.title}\n{name}")),
                name=name,
                priority=1 + TIERS * self.rank + (tier if tier is not None else _TIER[role]),
                request=request,
                response=response,
                metadata={"specgen": metadata},
            )
        )

    def _response(self, chosen: Chosen) -> wm.StubResponse:
        """Built once per documented response and status (many operations share one)."""
        key = f"specgen.stubs.response:{chosen.response.pointer}:{chosen.status}:{self.seed}"
        return self.api.cached(key, lambda: self._new_response(chosen))

    def _new_response(self, chosen: Chosen) -> wm.StubResponse:
        content = tuple(
            replace(m, schema=canonical(self.api, m.schema)) if m.schema is not None else m
            for m in chosen.response.content
        )
        response = replace(chosen.response, content=content)
        ex = example_response(self.api, response, seed=self.seed, status=chosen.status)
        headers = list(ex.headers)
        if not ex.has_body or ex.media_type is None:
            return wm.StubResponse(ex.status, tuple(headers))
        media = concrete_media_type(ex.media_type, ex.body)
        headers.append(("Content-Type", media))
        body = self._status_field(chosen, ex.body)
        return wm.StubResponse(ex.status, tuple(headers), body, is_json(media))

    def _status_field(self, chosen: Chosen, body: Any) -> Any:
        """A problem-details ``status`` member that says the served status, when the
        schema allows it (a synthesised one says 100, an example may say 500)."""
        if not isinstance(body, dict) or not isinstance(body.get("status"), int):
            return body
        media = preferred_media(chosen.response.content)
        if body["status"] == chosen.status or media is None or media.schema is None:
            return body
        candidate = {**body, "status": chosen.status}
        validator = validator_for(self.api, media.schema, Direction.RESPONSE)
        return candidate if validator.is_valid(candidate) else body


def concrete_media_type(media_type: str, body: Any) -> str:
    """A ``Content-Type`` for a declared media type that may be a range (``*/*``,
    ``application/*``, ``text/*``)."""
    kind, _, sub = media_type.split(";", 1)[0].strip().partition("/")
    if "*" not in kind + sub:
        return media_type
    if kind in ("*", "application") and not isinstance(body, str | bytes):
        return "application/json"
    if kind in ("*", "text"):
        return "text/plain"
    return f"{kind}/octet-stream" if kind == "application" else f"{kind}/x-unknown"
