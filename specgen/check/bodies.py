"""Bodies as values to validate: JSON as it is, forms parsed and typed by their schema.

PactFlow's comparator validates form fields as the strings they are, so ``age=5`` fails an
``integer`` field; here each field is typed by the schema that applies to it, as a server
reads it, following the media type's ``encoding`` (``specgen.check.forms``): bracketed
names (``address[city]=Oslo``, ``items[0][price]=p``, ``tags[]=a``) build nested objects
and arrays, fields whose content type is JSON are parsed as JSON.
"""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from specgen.check.forms import form_value
from specgen.check.media import find_matching_type
from specgen.check.params import Typing
from specgen.pact.model import Body

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def _fields(
    fields: list[tuple[str, str]],
    typing: Typing | None,
    encoding: Mapping[str, Any],
    styled: bool,
) -> dict[str, Any]:
    if typing is None:
        grouped: dict[str, list[str]] = {}
        for name, value in fields:
            grouped.setdefault(name, []).append(value)
        return {k: v[0] if len(v) == 1 else v for k, v in grouped.items()}
    return form_value(fields, typing, encoding, styled)


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
        return _fields(fields, typing, encoding or {}, styled=True)
    if find_matching_type(media_type, (MULTIPART,)):
        sent_type = body.content_type or media_type
        parts = _multipart(content, sent_type)
        return content if parts is None else _fields(parts, typing, encoding or {}, styled=False)
    return content
