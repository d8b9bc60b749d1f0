"""Writing the :mod:`model` as a Pact v3 or v4 file: one function per format and part.

Output is deterministic: object keys sorted (as the Rust core writes them), two-space indent,
a trailing newline; interactions and header/query values keep the model's order. What is
written (checked against pact_ffi 0.5.12, which writes the same shapes):

- v3: ``interactions`` with ``request``/``response``, headers as ``"a, b"`` strings, query as
  ``{"name": ["value"]}``, bodies as the JSON value (a text body as its string), matching
  rules in v3 categories, ``providerStates`` with ``params``.
- v4: ``"type": "Synchronous/HTTP"``, ``pending``, headers and query as lists, bodies as
  ``{"content", "contentType", "encoded"}`` (``false``, or ``"base64"`` for bytes, or
  ``"json"`` for a non-text value under a non-JSON content type).

The v4 ``key`` is not written: the core derives it by hashing its in-memory model with Rust's
``DefaultHasher`` (not reproducible outside Rust), writes none itself (pact_ffi 0.5.12) and
treats it as optional on reading. A v3 file cannot mark a body as base64: it is written as
its base64 text, which the core (and specgen) decode again under a binary content type.
A JSON body that is a bare string is ambiguous in v3: the core reads a string holding a JSON
object or string literal (``'{"a":1}'``) as that JSON and wraps any other in quotes without
escaping (``a"b`` becomes ``"a"b"``), while PactFlow (and specgen) take the string itself;
write such bodies as v4.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from specgen.pact.base import JSON
from specgen.pact.model import (
    Body,
    BodyKind,
    Headers,
    HttpInteraction,
    Interaction,
    MessageInteraction,
    Pact,
    ProviderState,
    Query,
    Request,
    Response,
)
from specgen.pact.reader import HTTP_TYPE

SPEC_VERSIONS = {3: "3.0.0", 4: "4.0"}
_OLD_VERSION_KEYS = ("pact-specification", "pactSpecificationVersion")


def write_pact_json(
    pact: Pact, spec_version: Literal[3, 4], *, metadata: Mapping[str, Any] | None = None
) -> str:
    """``pact`` as the text of a v3 or v4 pact file.

    ``metadata`` entries (for instance ``{"specgen": {"version": "0.1.0"}}``) are added to the
    pact's own; ``pactSpecification.version`` is set to ``3.0.0`` or ``4.0``. ValueError for a
    version other than 3 or 4, or for a message interaction that the format cannot hold.
    """
    if spec_version not in SPEC_VERSIONS:
        raise ValueError(f"spec_version must be 3 or 4, not {spec_version!r}")
    v4 = spec_version == 4
    doc: dict[str, JSON] = {
        "consumer": {"name": pact.consumer},
        "provider": {"name": pact.provider},
        "interactions": [_interaction(i, v4) for i in pact.interactions],
        "metadata": _metadata(pact, spec_version, metadata or {}),
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _metadata(pact: Pact, spec_version: int, extra: Mapping[str, Any]) -> dict[str, JSON]:
    base = pact.metadata.value
    out: dict[str, JSON] = dict(base) if isinstance(base, dict) else {}
    for key in _OLD_VERSION_KEYS:
        out.pop(key, None)
    out.update(extra)
    out["pactSpecification"] = {"version": SPEC_VERSIONS[spec_version]}
    return out


def _interaction(interaction: Interaction, v4: bool) -> JSON:
    if isinstance(interaction, MessageInteraction):
        raw = interaction.raw.value
        if not v4 or not isinstance(raw, dict) or "type" not in raw:
            where = "a v3 file" if not v4 else "v4 (it has no v4 'type')"
            raise ValueError(f"message {interaction.description!r} cannot be written to {where}")
        return raw
    return _http_v4(interaction) if v4 else _http_v3(interaction)


def _states(states: tuple[ProviderState, ...]) -> list[JSON]:
    out: list[JSON] = []
    for state in states:
        entry: dict[str, JSON] = {"name": state.name}
        if state.params is not None:
            entry["params"] = state.params.value
        out.append(entry)
    return out


def _common(interaction: HttpInteraction) -> dict[str, JSON]:
    out: dict[str, JSON] = {"description": interaction.description}
    if interaction.provider_states:
        out["providerStates"] = _states(interaction.provider_states)
    return out


def _http_v3(interaction: HttpInteraction) -> JSON:
    out = _common(interaction)
    out["request"] = _request(interaction.request, v4=False)
    out["response"] = _response(interaction.response, v4=False)
    return out


def _http_v4(interaction: HttpInteraction) -> JSON:
    out = _common(interaction)
    out["type"] = HTTP_TYPE
    out["pending"] = interaction.pending
    if interaction.comments is not None:
        out["comments"] = interaction.comments.value
    out["request"] = _request(interaction.request, v4=True)
    out["response"] = _response(interaction.response, v4=True)
    return out


def _headers(headers: Headers, body: Body, v4: bool) -> dict[str, JSON]:
    out: dict[str, JSON] = {}
    for name, values in headers.items():
        out[name] = list(values) if v4 else ", ".join(values).strip()  # read back trimmed
    # v3 has no other place for the body's content type (v4 bodies carry their own).
    if (
        not v4
        and body.content_type
        and body.kind is not BodyKind.MISSING
        and "content-type" not in headers
    ):
        out["Content-Type"] = [body.content_type] if v4 else body.content_type
    return out


def _query(query: Query) -> dict[str, JSON]:
    return {name: list(values) for name, values in query.items()}


def _parts(
    out: dict[str, JSON], headers: Headers, body: Body, part: Request | Response, v4: bool
) -> dict[str, JSON]:
    written = _headers(headers, body, v4)
    if written:
        out["headers"] = written
    if body.kind is not BodyKind.MISSING:
        out["body"] = _body_v4(body) if v4 else _body_v3(body)
    if part.matching_rules:
        out["matchingRules"] = part.matching_rules.to_v4() if v4 else part.matching_rules.to_v3()
    if part.generators is not None:
        out["generators"] = part.generators.value
    return out


def _request(request: Request, v4: bool) -> dict[str, JSON]:
    out: dict[str, JSON] = {"method": request.method, "path": request.path}
    if request.query:
        out["query"] = _query(request.query)
    return _parts(out, request.headers, request.body, request, v4)


def _response(response: Response, v4: bool) -> dict[str, JSON]:
    out: dict[str, JSON] = {"status": response.status}
    return _parts(out, response.headers, response.body, response, v4)


def _body_v3(body: Body) -> JSON:
    if body.kind is BodyKind.NULL:
        return None
    if body.kind is BodyKind.EMPTY:
        return ""
    return body.content


def _body_v4(body: Body) -> JSON:
    if body.kind is BodyKind.NULL:
        return {"content": None}
    out: dict[str, JSON] = {}
    if body.content_type:
        out["contentType"] = body.content_type
    if body.content_type_hint:
        out["contentTypeHint"] = body.content_type_hint
    if body.kind is BodyKind.EMPTY:
        out.update(content="", encoded=False)
    elif body.encoded == "base64":
        out.update(content=body.content, encoded="base64")
    elif isinstance(body.content, str) or not body.content_type or body.is_json:
        out.update(content=body.content, encoded=False)
    else:  # a structured value under a non-JSON content type: JSON text, marked as such
        out.update(content=json.dumps(body.content, sort_keys=True), encoded="json")
    return out
