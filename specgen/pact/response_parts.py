"""The expected response of a generated interaction: status, headers, body and the rules
that make it accept every response the spec allows for that status.

- **status**: exact; a range or ``default`` (Pact v4 only) adds a ``statusCode`` rule for
  its class;
- **headers**: ``Content-Type`` (with a regex that allows parameters such as ``charset``)
  and every header the spec marks ``required``, each with the regex of its schema;
- **body**: JSON bodies only (``specgen.pact.body_rules``); any other media type is not
  compared, since Pact would compare it byte for byte.
"""

from __future__ import annotations

from typing import Any

from specgen.errors import SpecError
from specgen.generate.examples import MISSING, is_json
from specgen.generate.params import string_form_or_json
from specgen.pact.body_rules import ANY_TEXT, OMIT, BodyRenderer
from specgen.pact.matchers import Regex, RuleGroup, StatusCode
from specgen.pact.model import Body, BodyKind, Headers, Response
from specgen.pact.paths import MatcherPath
from specgen.pact.rules import Category, MatchingRules, named
from specgen.pact.schema_matchers import Shaper
from specgen.pact.shape import Kind
from specgen.schema import Direction, example_value
from specgen.schema.convert import converted
from specgen.schema.intrange import int_regex
from specgen.schema.patterns import escape
from specgen.schema.validation import compiled
from specgen.spec.api import API
from specgen.spec.model import Header, MediaType, Schema
from specgen.spec.model import Response as SpecResponse

_TOKEN = r"[^/;\s]+"


def content_type_regex(media_type: str) -> str:
    """A regex for ``Content-Type`` values of ``media_type`` (wildcards allowed, any
    parameters after it)."""
    essence = media_type.split(";", 1)[0].strip()
    body = _TOKEN.join(escape(piece) for piece in essence.split("*"))
    return rf"^{body}(?:\s*;[\s\S]*)?$"


def content_type_value(media_type: str) -> str:
    """A concrete ``Content-Type`` for ``media_type`` (wildcards filled in)."""
    essence = media_type.split(";", 1)[0].strip()
    if "*" not in essence:
        return media_type.strip()
    main, _, _ = essence.partition("/")
    return "application/octet-stream" if main in ("*", "") else f"{main}/octet-stream"


def _full_example(api: API, media: MediaType, name: str | None, seed: int) -> Any:
    """The spec's first valid example for the body (the named one first, for a trigger);
    else a generated one (``MISSING`` when there is none)."""
    usable = [e for e in media.examples if e.external_value is None]
    usable.sort(key=lambda e: not (name and e.name == name))  # the paired one first
    assert media.schema is not None
    try:
        check = compiled(api, media.schema, Direction.RESPONSE)
        for example in usable:
            if check.is_valid(example.value):
                return example.value
        return example_value(api, media.schema, direction=Direction.RESPONSE, seed=seed)
    except SpecError:
        return MISSING


def _header_value(api: API, header: Header, seed: int) -> str:
    for example in header.examples:
        if example.external_value is None and example.value is not None:
            return string_form_or_json(example.value)
    if header.schema is None:
        return "x"
    try:
        value = example_value(api, header.schema, direction=Direction.RESPONSE, seed=seed)
    except SpecError:
        return "x"
    return string_form_or_json(value)


def _header_regex(api: API, schema: Schema | None) -> str:
    if schema is None:
        return ANY_TEXT
    try:
        shape = Shaper(api, converted(api, schema, Direction.RESPONSE)).root()
    except SpecError:
        return ANY_TEXT
    kinds = shape.value_kinds
    if kinds == {Kind.STRING} and len(shape.regexes) == 1:
        return shape.regexes[0]
    if kinds == {Kind.INTEGER}:
        return shape.regexes[0] if len(shape.regexes) == 1 else f"^(?:{int_regex(None, None)})$"
    if kinds == {Kind.BOOLEAN}:
        return "^(?:true|false)$"
    return ANY_TEXT


def build_response(
    api: API,
    response: SpecResponse,
    media: MediaType | None,
    status: int,
    status_class: str | None,
    example: str | None,
    *,
    seed: int,
    v4: bool,
) -> Response:
    """The pact response for one documented ``response``; ``SpecError`` when its schema
    cannot be used."""
    headers: list[tuple[str, str]] = []
    rules: list[tuple[tuple[Category, MatcherPath], RuleGroup]] = []
    if status_class is not None:
        rules.append(((Category.STATUS, MatcherPath()), RuleGroup((StatusCode(status_class),))))
    if media is not None:
        headers.append(("Content-Type", content_type_value(media.media_type)))
        regex = content_type_regex(media.media_type)
        rules.append(((Category.HEADER, named("Content-Type")), RuleGroup((Regex(regex),))))
    for header in response.headers:
        if not header.required or header.name.lower() == "content-type":
            continue
        headers.append((header.name, _header_value(api, header, seed)))
        regex = _header_regex(api, header.schema)
        rules.append(((Category.HEADER, named(header.name)), RuleGroup((Regex(regex),))))
    body = Body()
    if media is not None and media.schema is not None and is_json(media.media_type):
        shaper = Shaper(api, converted(api, media.schema, Direction.RESPONSE))
        full = _full_example(api, media, example, seed)
        value, body_rules = BodyRenderer(api, shaper, seed).body(full)
        # a bare string is ambiguous in a v3 file (writer.py); null says "no body" to some
        if value is not OMIT and value is not None and (v4 or not isinstance(value, str)):
            body = Body(BodyKind.PRESENT, value, content_type_value(media.media_type))
            rules += [((Category.BODY, path), group) for path, group in body_rules]
    return Response(status, Headers(headers), body, MatchingRules(rules))
