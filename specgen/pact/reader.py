"""Reading pact files (v1, v1.1, v2, v3, v4, message pacts) into the :mod:`model`.

``read_pact(path)`` reads a file, ``parse_pact(data, name)`` an already parsed document.
Unusable input raises a :class:`~specgen.errors.SpecgenError` naming the file and the JSON
pointer of the offending part (``SourceError`` for unreadable files and invalid JSON,
``PactError`` for the rest), never any other exception.

The specification version comes from the metadata (``pactSpecification.version``, the older
``pact-specification.version`` and, as PactFlow reads it, ``pactSpecificationVersion``).
Without one the file is read as v3, as both the Rust core and PactFlow's comparator do (even
when its interactions look like v4: their bodies are then taken as written). v3 reading also
accepts the v1/v2 forms: query strings, ``providerState``, JSONPath-keyed rules. In any
version an interaction whose ``type`` is not ``Synchronous/HTTP`` is a message.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

from specgen.errors import SourceError, SpecgenError
from specgen.pact.base import JsonBlob, PactError, expect_list, expect_object, expect_str
from specgen.pact.model import (
    HttpInteraction,
    Interaction,
    MessageInteraction,
    Pact,
    Request,
    Response,
)
from specgen.pact.parts import (
    read_body_v3,
    read_body_v4,
    read_generators,
    read_headers,
    read_provider_states,
    read_query,
    read_rules,
)
from specgen.spec.pointer import join
from specgen.spec.source import Limits, decode_text, read_bytes

HTTP_TYPE = "Synchronous/HTTP"
_VERSION = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?")
_KNOWN = {
    (1, 0): "1.0.0",
    (1, 1): "1.1.0",
    (2, 0): "2.0.0",
    (3, 0): "3.0.0",
    (4, 0): "4.0",
    (4, 1): "4.1",
}


def read_pact(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Pact:
    """Read and model the pact file at ``path``."""
    name = os.fspath(path)
    text = decode_text(read_bytes(name, Limits.from_env(max_bytes)), name)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        where = (
            f" (line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise SourceError(f"not valid JSON{where}: {getattr(exc, 'msg', exc)}", file=name) from None
    except RecursionError:
        raise SourceError("JSON nested too deeply", file=name) from None
    return parse_pact(data, name)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_pact(data: object, name: str | None = None) -> Pact:
    """Model a parsed pact document; ``name`` (the file) is used in errors and kept on the pact."""
    try:
        return _pact(data, name)
    except SpecgenError as exc:
        if exc.file is None and name is not None:
            raise type(exc)(exc.message, file=name, pointer=exc.pointer) from None
        raise
    except RecursionError:
        raise PactError("pact nested too deeply", file=name) from None


def spec_version(doc: Mapping[str, Any]) -> str:
    """The normalised specification version the document declares (``3.0.0`` if none)."""
    metadata = doc.get("metadata")
    declared: object = None
    where = "/metadata"
    if isinstance(metadata, dict):
        for key in ("pactSpecification", "pact-specification"):
            section = metadata.get(key)
            if isinstance(section, dict) and section.get("version") is not None:
                declared, where = section["version"], join("/metadata", key, "version")
                break
        else:
            if metadata.get("pactSpecificationVersion") is not None:
                declared = metadata["pactSpecificationVersion"]
                where = "/metadata/pactSpecificationVersion"
    if declared is None:
        return "3.0.0"
    match = _VERSION.match(declared) if isinstance(declared, str) else None
    version = _KNOWN.get((int(match.group(1)), int(match.group(2) or 0))) if match else None
    if version is None:
        raise PactError(f"unsupported pact specification version {declared!r}", pointer=where)
    return version


def _pact(data: object, name: str | None) -> Pact:
    doc = expect_object(data, "", "a pact file")
    version = spec_version(doc)
    v4 = version.startswith("4")
    interactions: list[Interaction] = []
    if "interactions" not in doc and "messages" not in doc:
        raise PactError("a pact needs an 'interactions' (or 'messages') array", pointer="")
    if "interactions" in doc:
        items = expect_list(doc["interactions"], "/interactions", "interactions")
        for i, item in enumerate(items):
            interactions.append(_interaction(item, join("/interactions", i), v4))
    if "messages" in doc:
        items = expect_list(doc["messages"], "/messages", "messages")
        for i, item in enumerate(items):
            interactions.append(_message(item, join("/messages", i), "Message"))
    metadata = doc.get("metadata", {})
    expect_object(metadata, "/metadata", "metadata")
    return Pact(
        consumer=_party(doc, "consumer"),
        provider=_party(doc, "provider"),
        spec_version=version,
        interactions=tuple(interactions),
        metadata=JsonBlob.of(metadata),
        file=name,
    )


def _party(doc: Mapping[str, Any], role: str) -> str:
    party = expect_object(doc.get(role), f"/{role}", role)
    return expect_str(party.get("name"), f"/{role}/name", f"the {role} name")


def _description(item: Mapping[str, Any], pointer: str) -> str:
    return expect_str(item.get("description", ""), join(pointer, "description"), "description")


def _interaction(data: object, pointer: str, v4: bool) -> Interaction:
    item = expect_object(data, pointer, "an interaction")
    kind = item.get("type")
    if kind is not None:
        kind = expect_str(kind, join(pointer, "type"), "the interaction type")
        if kind.lower() != HTTP_TYPE.lower():
            return _message(item, pointer, kind)
    return _http(item, pointer, v4)


def _message(data: object, pointer: str, kind: str) -> MessageInteraction:
    item = expect_object(data, pointer, "a message")
    return MessageInteraction(
        type=kind,
        description=_description(item, pointer),
        provider_states=read_provider_states(item, pointer),
        raw=JsonBlob.of(item),
        pointer=pointer,
    )


def _http(item: Mapping[str, Any], pointer: str, v4: bool) -> HttpInteraction:
    pending = item.get("pending", False)
    if not isinstance(pending, bool):
        raise PactError("pending must be true or false", pointer=join(pointer, "pending"))
    comments = item.get("comments")
    if comments is not None:
        expect_object(comments, join(pointer, "comments"), "comments")
    return HttpInteraction(
        description=_description(item, pointer),
        request=_request(item.get("request"), join(pointer, "request"), v4),
        response=_response(item.get("response"), join(pointer, "response"), v4),
        provider_states=read_provider_states(item, pointer),
        pending=pending,
        comments=None if comments is None else JsonBlob.of(comments),
        pointer=pointer,
    )


def _request(data: object, pointer: str, v4: bool) -> Request:
    part = expect_object(data, pointer, "the request")
    method = expect_str(part.get("method"), join(pointer, "method"), "the request method")
    path = expect_str(part.get("path"), join(pointer, "path"), "the request path")
    headers = read_headers(part.get("headers"), join(pointer, "headers"))
    body = (read_body_v4 if v4 else read_body_v3)(part, pointer, headers)
    return Request(
        method=method.upper(),
        path=path,
        query=read_query(part.get("query"), join(pointer, "query")),
        headers=headers,
        body=body,
        matching_rules=read_rules(part, pointer),
        generators=read_generators(part, pointer),
        pointer=pointer,
    )


def _response(data: object, pointer: str, v4: bool) -> Response:
    part = expect_object(data, pointer, "the response")
    status = part.get("status")
    if isinstance(status, str) and status.isascii() and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 999:
        raise PactError(
            f"response status must be a number 100-999, not {status!r}",
            pointer=join(pointer, "status"),
        )
    headers = read_headers(part.get("headers"), join(pointer, "headers"))
    body = (read_body_v4 if v4 else read_body_v3)(part, pointer, headers)
    return Response(
        status=status,
        headers=headers,
        body=body,
        matching_rules=read_rules(part, pointer),
        generators=read_generators(part, pointer),
        pointer=pointer,
    )
