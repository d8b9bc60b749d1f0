"""Bodies as values to validate: JSON as it is, forms parsed and typed by their schema.

PactFlow's comparator validates form fields as the strings they are, so ``age=5`` fails an
``integer`` field; here each field is typed by its property schema, as a server reads it.
The media type's ``encoding`` is followed: a field whose ``contentType`` is JSON is parsed
as JSON, and bracketed names (``address[city]=Oslo``, ``tags[]=a``; ``style: deepObject``)
build nested objects and arrays.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from specgen.check.media import find_matching_type, is_json
from specgen.check.params import Typing, typed
from specgen.pact.model import Body

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def _leaf(text: str, node: Any, typing: Typing, content_type: str | None) -> Any:
    if content_type and is_json(content_type):
        try:
            return json.loads(text)
        except ValueError:
            return text
    if typing.kind(node) == "array":
        items = typing.shapes.items(node)
        return [typed(v, items, typing) for v in (text.split(",") if text else [])]
    return typed(text, node, typing)


def _child(typing: Typing, node: Any, step: str) -> Any:
    if step == "" or step.isdigit():
        return typing.shapes.items(node)
    return typing.shapes.properties(node).get(step, True)


def _assign(target: dict[str, Any], path: list[str], value: Any) -> None:
    node: Any = target
    for step, after in itertools.pairwise(path):
        fresh: Any = [] if after == "" or after.isdigit() else {}
        if isinstance(node, list):
            node.append(fresh)
            node = fresh
        else:
            node = node.setdefault(step, fresh)
    last = path[-1]
    if isinstance(node, list):
        node.append(value)
    elif isinstance(node, dict):
        node[last] = value


def _typed_fields(
    fields: list[tuple[str, str]], typing: Typing | None, encoding: Mapping[str, Any]
) -> dict[str, Any]:
    grouped: dict[str, list[str]] = {}
    for name, value in fields:
        grouped.setdefault(name, []).append(value)
    if typing is None:
        return {k: v[0] if len(v) == 1 else v for k, v in grouped.items()}
    props = typing.shapes.properties(typing.root)
    out: dict[str, Any] = {}
    for name, values in grouped.items():
        base = name.split("[", 1)[0]
        spec = encoding.get(base)
        content_type = spec.get("contentType") if isinstance(spec, dict) else None
        node = props.get(base, True)
        if "[" in name and name not in props:  # bracketed: a path into the field's value
            steps = _BRACKETS.findall(name[len(base) :])
            for step in steps:
                node = _child(typing, node, step)
            for value in values:
                _assign(out, [base, *steps], _leaf(value, node, typing, content_type))
        elif typing.kind(node) == "array" and len(values) > 1:
            items = typing.shapes.items(node)
            out[name] = [_leaf(v, items, typing, content_type) for v in values]
        elif len(values) > 1:
            out[name] = values
        else:
            out[name] = _leaf(values[0], node, typing, content_type)
    return out


def _multipart(text: str, content_type: str) -> list[tuple[str, str]] | None:
    message = email.parser.Parser(policy=email.policy.HTTP).parsestr(
        f"Content-Type: {content_type}\r\n\r\n{text}"
    )
    if not message.is_multipart():
        return None
    fields: list[tuple[str, str]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
            fields.append((name, text))
    return fields


def parsed_body(
    body: Body, media_type: str, typing: Typing | None, encoding: Mapping[str, Any] | None = None
) -> Any:
    """The body's value for validation under ``media_type`` (the declared type chosen)."""
    content = body.content
    if not isinstance(content, str):
        return content
    if find_matching_type(media_type, (FORM,)):
        fields = parse_qsl(content, keep_blank_values=True)
        return _typed_fields(fields, typing, encoding or {})
    if find_matching_type(media_type, (MULTIPART,)):
        sent_type = body.content_type or media_type
        parts = _multipart(content, sent_type)
        return content if parts is None else _typed_fields(parts, typing, encoding or {})
    return content
