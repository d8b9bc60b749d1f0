"""One corpus spec through ``generate_pact`` (v3 and v4), the Pact core and openapi-core.

Not a test module: ``test_pactgen_corpus`` runs ``check_spec`` in worker processes (it must
be importable by name for that), and ``bench/pact_generation.py`` times it.
"""

from __future__ import annotations

import json
import os
import re
import time
import traceback
import urllib.parse
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: openapi-core validates the whole document before it validates anything (about 20 s for
#: GitHub's spec), so requests are checked with it only in specs up to this many operations.
OPENAPI_CORE_MAX_OPERATIONS = 400
#: Operations per spec (spread evenly over larger specs), to keep the test within minutes;
#: ``bench/pact_generation.py`` generates the largest spec whole.
MAX_OPERATIONS = 100


@dataclass
class SpecResult:
    """What one spec gave: counts, and lines worth reading."""

    name: str
    counts: Counter[str] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def check_spec(path: str, name: str) -> SpecResult:
    """Generate, check with the Pact core, validate requests with openapi-core."""
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")
    from specgen.errors import SpecgenError
    from specgen.pact.core import check_with_pact_core
    from specgen.pact.generate import generate_pact
    from specgen.spec.loader import load_spec

    result = SpecResult(name)
    start = time.perf_counter()
    try:
        api = load_spec(Path(path))
    except SpecgenError:
        result.counts["rejected by the loader"] += 1
        return result
    except Exception as exc:
        result.unexpected.append(f"{name}: load: {type(exc).__name__}: {exc}")
        return result
    try:
        chosen = capped(api.operations)
        result.counts["operations left out (cap)"] += len(api.operations) - len(chosen)
        for version in (3, 4):
            generated = generate_pact(
                api, consumer="Corpus", provider="Provider", pact_spec=version, operations=chosen
            )
            problems = check_with_pact_core(generated.text)
            for problem in problems[:3]:
                result.unexpected.append(f"{name} v{version}: Pact core: {problem}")
            result.counts[f"v{version} interactions"] += generated.interactions
            _check_regexes(generated.pact, result, version)
            result.counts[f"v{version} skipped responses"] += len(generated.skipped)
            if version == 3:
                _validate_requests(api, generated.pact, result)
    except Exception as exc:
        tail = traceback.format_exc(limit=-3).strip().splitlines()[-3:]
        result.unexpected.append(f"{name}: {type(exc).__name__}: {exc} | {' | '.join(tail)}")
    result.counts["specs"] += 1
    result.counts["operations"] += len(api.operations)
    result.seconds = time.perf_counter() - start
    return result


def _at(value: Any, tokens: Any) -> Any:
    """The value a matcher path names in an example body (``[*]``: the first item)."""
    for token in tokens[1:]:
        if token.kind == "field" and isinstance(value, dict) and token.name in value:
            value = value[token.name]
        elif token.kind == "star_index" and isinstance(value, list) and value:
            value = value[0]
        else:
            return None
    return value


def _check_regexes(pact: Any, result: SpecResult, version: int) -> None:
    """Every regex compiles in the Pact core's Rust engine and matches the pact's own
    example (its body value or header value) where that is a string."""
    from pact_ffi.ffi import lib

    from specgen.pact.matchers import Regex
    from specgen.pact.rules import Category

    for interaction in pact.http_interactions:
        response = interaction.response
        for (category, path), group in response.matching_rules.items():
            if category is Category.BODY:
                example = _at(response.body.content, path.tokens)
            elif category is Category.HEADER:
                example = response.headers.first(path.first_field or "")
            else:
                continue
            if not isinstance(example, str):
                continue
            for matcher in group.matchers:
                if isinstance(matcher, Regex):
                    result.counts["regexes checked by the Pact core"] += 1
                    if not lib.pactffi_check_regex(matcher.regex.encode(), example.encode()):
                        result.unexpected.append(
                            f"{result.name} v{version}: {interaction.description}: {path}: "
                            f"{example!r} does not match {matcher.regex!r} in the Pact core"
                        )


def capped(operations: Any) -> list[Any]:
    """At most ``MAX_OPERATIONS`` operations, spread evenly over the spec."""
    if len(operations) <= MAX_OPERATIONS:
        return list(operations)
    step = len(operations) / MAX_OPERATIONS
    return [operations[int(i * step)] for i in range(MAX_OPERATIONS)]


def _host(api: Any, op: Any) -> str:
    servers = op.servers or api.servers
    if not servers:
        return "http://localhost"
    url = servers[0].url
    for var_name, variable in servers[0].variables.items():
        url = url.replace("{" + var_name + "}", variable.default)
    parts = urllib.parse.urlsplit(url)
    return (
        f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost"
    )


#: openapi-core's limits and bugs, recognised from the operation or the error: then its
#: answer says nothing about the request. Each was looked at by hand (docs/pacts.md).
_CORE_LIMITS = (
    ("is valid under each of", "oneOf with a discriminator (openapi-core ignores it)"),
    ("could not be resolved", "a discriminator mapping openapi-core cannot resolve"),
    ("is not a 'time'", "format 'time' with an offset (openapi-core rejects '12:00:00Z')"),
)


def _limit(api: Any, op: Any, request: Any, error: str) -> str | None:
    servers = op.servers or api.servers
    url = servers[0].url if servers else ""
    body = request.body
    checks = (
        (any(c in op.path for c in "?#"), "operations told apart by a query in the path key"),
        ("%2F" in request.path, "an encoded '/' in a path parameter"),
        ("{" in request.path, "a path parameter example that is a template ('{culture}')"),
        (
            "ServerNotFound" in error and (url.startswith("//") or "{" in url),
            "a server URL without scheme, or with variables",
        ),
        (any(p.style in ("label", "matrix") for p in op.parameters), "label/matrix path styles"),
        (bool(re.search(r"\}[^/]|[^/]\{", op.path)), "a parameter and text in one path segment"),
        (body.is_present and not body.is_json and "RequestBody" in error, "a non-JSON body"),
    )
    found = [reason for hit, reason in checks if hit]
    if _object_query(op, error):
        found.append("an object-valued query parameter (exploded form)")
    if _ambiguous(api, op):
        found.append("path templates only parameter names tell apart ('/a/{id}', '/a/{slug}')")
    found += [reason for text, reason in _CORE_LIMITS if text in error]
    return found[0] if found else None


def _object_query(op: Any, error: str) -> bool:
    for param in op.parameters:
        raw = param.schema.raw if param.schema is not None else None
        objectish = isinstance(raw, dict) and (
            "$ref" in raw or "properties" in raw or raw.get("type") == "object"
        )
        named = (
            f"query parameter: {param.name}" in error or f"parameter error: {param.name}:" in error
        )
        if objectish and named and param.location.value == "query":
            return True
    return False


def _ambiguous(api: Any, op: Any) -> bool:
    shape = re.sub(r"\{[^}]*\}", "{}", op.path)
    return any(
        other is not op
        and other.method == op.method
        and re.sub(r"\{[^}]*\}", "{}", other.path) == shape
        for other in api.operations
    )


def _validate_requests(api: Any, pact: Any, result: SpecResult) -> None:
    """Every request of an interaction that expects a status below 400 must be valid."""
    if len(api.operations) > OPENAPI_CORE_MAX_OPERATIONS:
        result.counts["requests not validated (large spec)"] += len(pact.interactions)
        return
    from openapi_core.testing import MockRequest

    from specgen.spec.openapi_core import openapi_for

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            openapi = openapi_for(api)
        except Exception as exc:  # openapi-spec-validator refuses the document
            result.counts["requests not validated (openapi-core refuses the spec)"] += len(
                pact.interactions
            )
            result.notes.append(f"{result.name}: openapi-core: {type(exc).__name__}")
            return
        for interaction in pact.interactions:
            request = interaction.request
            if interaction.response.status >= 400:
                result.counts["requests of error interactions (not validated)"] += 1
                continue
            query = urllib.parse.urlencode([(k, v) for k, vs in request.query.items() for v in vs])
            found = api.match(request.method, request.path + (f"?{query}" if query else ""))
            if found is None:
                result.unexpected.append(
                    f"{result.name}: {interaction.description}: specgen's own path matcher "
                    f"does not find the operation for {request.method} {request.path}"
                )
                continue
            mock = _mock(MockRequest, _host(api, found.operation), request)
            try:
                errors = [_describe(e) for e in openapi.iter_request_errors(mock)]
            except Exception as exc:  # openapi-core's own limits (mutualTLS...)
                result.counts["requests openapi-core cannot validate (it raises)"] += 1
                result.notes.append(f"{result.name}: openapi-core raises {type(exc).__name__}")
                continue
            limit = _limit(api, found.operation, request, errors[0]) if errors else None
            if not errors:
                result.counts["requests validated by openapi-core"] += 1
            elif limit is not None:
                result.counts[f"requests openapi-core cannot judge: {limit}"] += 1
            else:
                result.counts["requests openapi-core rejects"] += 1
                result.rejected.append(f"{result.name}: {interaction.description}: {errors[0]}")


def _mock(mock_request: Any, host: str, request: Any) -> Any:
    headers = {name: ", ".join(values) for name, values in request.headers.items()}
    cookies = {}
    for pair in headers.pop("Cookie", "").split(";"):
        key, sep, value = pair.strip().partition("=")
        if sep:
            cookies[key] = value
    body = request.body
    data = None
    if body.is_present:
        data = json.dumps(body.content).encode() if body.is_json else body.raw()
    from werkzeug.datastructures import ImmutableMultiDict

    args = ImmutableMultiDict([(k, v) for k, values in request.query.items() for v in values])
    return mock_request(
        host,
        request.method.lower(),
        request.path,
        args=args,
        headers=headers,
        cookies=cookies,
        data=data,
        content_type=body.content_type or "application/json",
    )


def _describe(error: Exception) -> str:
    parts = [type(error).__name__, str(error)]
    cause = error.__cause__
    if cause is not None:
        parts.append(f"{type(cause).__name__}: {cause}")
        parts += [
            getattr(e, "message", str(e)) for e in getattr(cause, "schema_errors", None) or ()
        ][:2]
    return ": ".join(parts)[:300]
