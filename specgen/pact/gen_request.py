"""The request of a generated interaction: a concrete, valid request for one operation.

Values come from the spec's examples where they are valid (a named example when a trigger
asks for it; for an error response valid or not, since it documents that response) and are
generated from the schemas otherwise (``specgen.generate.examples``). The request carries the path
parameters, the required query, header and cookie parameters, credentials for the
operation's first usable security requirement (``specgen.pact.security``), ``Accept``
and, with a body, ``Content-Type``.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from specgen.errors import SpecError
from specgen.generate.examples import MISSING, example_request, is_json, parameter_value
from specgen.generate.params import path_segment, query_pairs
from specgen.pact.form import fields_survive, form_pairs
from specgen.pact.matchers import Regex, RuleGroup
from specgen.pact.model import Body, BodyKind, Headers, Query, Request
from specgen.pact.rules import Category, MatchingRules, named
from specgen.pact.schema_matchers import Shaper
from specgen.pact.security import Pairs, credentials, secret_regex
from specgen.pact.shape import Kind
from specgen.schema import Direction, example_value, string_form
from specgen.schema.convert import converted
from specgen.schema.validation import compiled
from specgen.spec.api import API
from specgen.spec.model import MediaType, Operation, Parameter, ParameterLocation, Schema
from specgen.spec.paths import split_template

FORM = "application/x-www-form-urlencoded"


class Unsupported(Exception):
    """The operation's request cannot be written into a pact (the reason is the message)."""


class InvalidExample(Unsupported):
    """A paired example that does not satisfy the spec, where a valid request is needed."""


@dataclass(frozen=True, slots=True)
class BuiltRequest:
    """A pact request plus the values placeholders in provider states may name."""

    request: Request
    path_params: tuple[tuple[str, Any], ...]
    values: Mapping[str, Any]


def _valid(api: API, schema: Schema | None, value: Any) -> bool:
    try:
        return schema is None or compiled(api, schema, Direction.REQUEST).is_valid(value)
    except SpecError:
        return False


def _param_value(api: API, param: Parameter, seed: int, example: str | None, strict: bool) -> Any:
    named_ = [e.value for e in param.examples if example and e.name == example]
    if named_:
        if strict and not _valid(api, param.schema, named_[0]):
            raise InvalidExample(f"example {example!r} of parameter {param.name} is not valid")
        return named_[0]
    for candidate in param.examples:
        if candidate.external_value is None and _valid(api, param.schema, candidate.value):
            return candidate.value
    if param.schema is not None:
        return example_value(api, param.schema, direction=Direction.REQUEST, seed=seed)
    return parameter_value(api, param, seed=seed)


def _empty(param: Parameter, value: Any) -> bool:
    """Whether ``value`` would vanish on the wire (an empty path segment routes nowhere; a
    required query parameter with no pairs is missing)."""
    if param.location is ParameterLocation.PATH:
        return not path_segment(param, value)
    if param.location is ParameterLocation.QUERY and param.schema is not None:
        return not query_pairs(param, value)
    return False


def _content_form(param: Parameter, value: Any) -> Any:
    """A ``content`` parameter travels as its media type's text (JSON), not by style."""
    if param.schema is None and param.content and is_json(param.content[0].media_type):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value


def _non_empty(api: API, param: Parameter, value: Any, seed: int) -> Any:
    """Another value when ``value`` is empty on the wire (see ``_empty``), if one exists."""
    if param.schema is None:
        return value
    for attempt, optional in ((seed, True), (seed + 1, False), (seed + 2, True)):
        try:
            found = example_value(
                api, param.schema, direction=Direction.REQUEST, seed=attempt, optional=optional
            )
        except SpecError:
            return value
        if not _empty(param, found):
            return found
    return value


def _body_value(api: API, media: MediaType, seed: int, example: str | None, strict: bool) -> Any:
    usable = [e for e in media.examples if e.external_value is None]
    for candidate in usable:
        if example and candidate.name == example:
            if strict and not _valid(api, media.schema, candidate.value):
                raise InvalidExample(f"body example {example!r} is not valid")
            return candidate.value
    for candidate in usable:
        if _valid(api, media.schema, candidate.value):
            return candidate.value
    if media.schema is not None:
        value = example_value(api, media.schema, direction=Direction.REQUEST, seed=seed)
        form = media.media_type.lower().startswith(FORM)
        if form and (value == {} or not fields_survive(media, value)):  # say it all
            value = example_value(
                api, media.schema, direction=Direction.REQUEST, seed=seed, optional=True
            )
        return value
    return usable[0].value if usable else MISSING


def _media(op: Operation) -> MediaType | None:
    content = op.request_body.content if op.request_body else ()
    for test in (is_json, lambda m: m.startswith(FORM), lambda m: m.startswith("text/")):
        for media in content:
            if test(media.media_type.split(";", 1)[0].strip().lower()):
                return media
    return None


def _serialise(media: MediaType, value: Any, v4: bool) -> Body:
    kind = media.media_type.split(";", 1)[0].strip().lower()
    if is_json(kind):
        if isinstance(value, str) and not v4:
            raise Unsupported("a JSON string request body needs Pact v4 (v3 misreads it)")
        return Body(BodyKind.NULL if value is None else BodyKind.PRESENT, value, media.media_type)
    if kind.startswith(FORM):
        if not isinstance(value, dict):
            raise Unsupported("a form body must be an object (name=value pairs)")
        text = urllib.parse.urlencode(form_pairs(media, value))
        return Body(BodyKind.PRESENT, text, media.media_type)
    if isinstance(value, str):
        return Body(BodyKind.PRESENT if value else BodyKind.EMPTY, value, media.media_type)
    raise Unsupported(f"no way to write a {media.media_type} request body")


def _body_props(api: API, media: MediaType) -> set[str]:
    if media.schema is None:
        return set()
    try:
        shape = Shaper(api, converted(api, media.schema, Direction.REQUEST)).root()
    except SpecError:
        return set()
    return {name for name, _ in shape.props} if Kind.OBJECT in shape.kinds else set()


def build_request(
    api: API,
    op: Operation,
    *,
    seed: int,
    base_path: str,
    accept: str | None,
    overrides: Mapping[str, Any],
    example: str | None,
    v4: bool,
    strict: bool = True,
) -> BuiltRequest:
    """The request for ``op``; ``Unsupported`` when no pact can hold it (``InvalidExample``
    when ``strict`` and the paired ``example`` is not valid), ``SpecError`` when its
    schemas cannot be satisfied."""
    values: dict[str, Any] = {}
    sent: dict[str, Any] = {}  # as serialised: JSON text for parameters described by `content`
    for param in op.parameters:
        if param.required or param.location is ParameterLocation.PATH:
            if param.name in overrides:
                values[param.name] = overrides[param.name]
            else:
                values[param.name] = _param_value(api, param, seed, example, strict)
            if _empty(param, values[param.name]):
                values[param.name] = _non_empty(api, param, values[param.name], seed)
            sent[param.name] = _content_form(param, values[param.name])
    base = example_request(api, op, seed=seed, overrides=sent)
    body = _body(api, op, seed, example, strict, overrides, values, v4)
    headers = list(base.headers)
    query = list(base.query)
    given = {name for name, _ in query}
    query += _template_query(api, op, given, values, overrides, seed, example, strict)
    auth_headers, auth_query, auth_cookies = credentials(api, op)
    headers += auth_headers
    cookies = [*base.cookies, *auth_cookies]
    if cookies:
        headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies)))
    if accept:
        headers.append(("Accept", accept))
    if body.kind is not BodyKind.MISSING and body.content_type:
        headers.append(("Content-Type", body.content_type))
    for name in ("Accept", "Content-Type", "Authorization"):  # required parameters not set above
        declared = op.parameter(ParameterLocation.HEADER, name)
        if declared is not None and declared.required and name.lower() not in _names(headers):
            headers.append((name, string_form(sent.get(declared.name)) or ""))
    rules = [
        ((Category.HEADER, named(name)), RuleGroup((Regex(secret_regex(value)),)))
        for name, value in auth_headers
    ]
    request = Request(
        op.method,
        base_path + _path_text(base.path),
        Query([*query, *auth_query]),
        Headers(headers),
        body,
        MatchingRules(rules),
    )
    return BuiltRequest(request, base.path_params, values)


def _template_query(
    api: API,
    op: Operation,
    given: set[str],
    values: dict[str, Any],
    overrides: Mapping[str, Any],
    seed: int,
    example: str | None,
    strict: bool,
) -> list[tuple[str, str]]:
    """The query keys the path template demands and the parameters have not sent: fixed
    ones (``/?Action=Run``, ``/#Action=Run``) as written, templated ones (``/search?term=
    {term}``) from the parameter of that name, wherever the spec declares it (icons8 says
    ``in: path``), or, declared nowhere, the name itself (templated values join ``values``)."""
    pairs: list[tuple[str, str]] = []
    for name, fixed in split_template(op.path)[1]:
        if name in given:
            continue
        if fixed is not None:
            pairs.append((name, fixed))
            continue
        param = op.parameter(ParameterLocation.QUERY, name) or op.parameter(
            ParameterLocation.PATH, name
        )
        if param is None:
            values.setdefault(name, overrides.get(name, name))
            pairs.append((name, string_form(values[name]) or name))
            continue
        if name in overrides:
            values.setdefault(name, overrides[name])
        elif name not in values:
            found = _param_value(api, param, seed, example, strict)
            values[name] = _non_empty(api, param, found, seed) if _empty(param, found) else found
        if param.location is ParameterLocation.QUERY:
            pairs += query_pairs(param, _content_form(param, values[name]))
        else:
            pairs.append((name, urllib.parse.unquote(path_segment(param, values[name]))))
    return pairs


def _body(
    api: API,
    op: Operation,
    seed: int,
    example: str | None,
    strict: bool,
    overrides: Mapping[str, Any],
    values: dict[str, Any],
    v4: bool,
) -> Body:
    """The request body (state params that name its top-level properties set them; they
    join ``values``, for placeholders)."""
    media = _media(op)
    required = op.request_body is not None and op.request_body.required
    if media is None:
        if required and op.request_body is not None:
            kinds = ", ".join(op.request_body.media_types())
            raise Unsupported(f"no way to write a request body of {kinds}")
        return Body()
    value = _body_value(api, media, seed, example, strict)
    if isinstance(value, dict):
        props = _body_props(api, media) | set(value)
        value = {**value, **{k: v for k, v in overrides.items() if k in props}}
        values.update({k: v for k, v in value.items() if k not in values})
    if value is not MISSING:
        return _serialise(media, value, v4)
    if required:
        raise Unsupported("the request body has neither a schema nor an example")
    return Body()


def _names(pairs: Pairs) -> set[str]:
    return {name.lower() for name, _ in pairs}


def _path_text(path: str) -> str:
    """The path as pacts hold it: percent-decoded, except for ``%2F`` (a ``/`` in a value)."""
    pieces = re.split("(%2[Ff])", path)
    return "".join(p if i % 2 else urllib.parse.unquote(p) for i, p in enumerate(pieces))
