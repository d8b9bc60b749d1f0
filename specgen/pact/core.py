"""Asking the real Pact core (Rust, through pact_ffi) whether it reads a pact as specgen does.

``check_with_pact_core(text)`` loads the pact JSON with ``pactffi_parse_pact_json`` and, since
the core is lenient (it loads ``{}`` as an empty pact and keeps an unknown matcher as a
plugin matcher), does not stop at "it parsed": it walks the core's model and compares it with
specgen's reading of the same text - specification version, interaction kinds and
descriptions, provider states, request and response bodies, and every matching rule by
category and path. Each difference is one message; ``[]`` means the core accepts the pact and
understands it as specgen does. The FFI offers no getters for method, path, query, headers
or status, so those are not compared.

Needs pact-python's ``pact_ffi`` package (a development dependency); set
``PACT_DO_NOT_TRACK=true``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from specgen.errors import SpecgenError
from specgen.pact.base import canonical
from specgen.pact.model import Body, BodyKind, HttpInteraction, Pact
from specgen.pact.paths import MatcherPath
from specgen.pact.reader import parse_pact
from specgen.pact.rules import NAMED, WHOLE, Category, MatchingRules

#: pact_ffi's ``PactSpecification`` enum values by major version.
_SPEC_ENUM = {1: (1, 2), 2: (3,), 3: (4,), 4: (5, 6)}
#: pact_ffi's ``MatchingRuleCategory`` enum values.
_CATEGORY_ENUM = {
    Category.METHOD: 0,
    Category.PATH: 1,
    Category.HEADER: 2,
    Category.QUERY: 3,
    Category.BODY: 4,
    Category.STATUS: 5,
}
_REQUEST_CATEGORIES = (
    Category.METHOD,
    Category.PATH,
    Category.HEADER,
    Category.QUERY,
    Category.BODY,
)
_RESPONSE_CATEGORIES = (Category.HEADER, Category.BODY, Category.STATUS)

RuleSet = list[tuple[Category, str, str]]


@dataclass
class _Side:
    body: bytes | None = None
    rules: RuleSet = field(default_factory=list)


@dataclass
class _CoreInteraction:
    http: bool
    description: str = ""
    states: list[str] = field(default_factory=list)
    request: _Side = field(default_factory=_Side)
    response: _Side = field(default_factory=_Side)


def _ffi() -> tuple[Any, Any]:
    from pact_ffi.ffi import ffi, lib  # a dev dependency: imported only when asked for

    return ffi, lib


def _text(ffi: Any, lib: Any, ptr: Any) -> str | None:
    if ptr == ffi.NULL:
        return None
    try:
        return str(ffi.string(ptr).decode("utf-8", "replace"))
    finally:
        lib.pactffi_string_delete(ptr)


def _error(ffi: Any, lib: Any) -> str:
    buffer = ffi.new("char[]", 8192)
    if lib.pactffi_get_error_message(buffer, 8192) < 0:
        return "unknown error"
    return str(ffi.string(buffer).decode("utf-8", "replace")) or "unknown error"


def _rules(ffi: Any, lib: Any, part: Any, getter: Any, categories: tuple[Category, ...]) -> RuleSet:
    found: RuleSet = []
    for category in categories:
        iterator = getter(part, _CATEGORY_ENUM[category])
        if iterator == ffi.NULL:
            continue
        try:
            while (pair := lib.pactffi_matching_rules_iter_next(iterator)) != ffi.NULL:
                try:
                    path = ffi.string(pair.path).decode("utf-8", "replace")
                    rule = _text(ffi, lib, lib.pactffi_matching_rule_to_json(pair.rule)) or "{}"
                    found.append((category, path, rule))
                finally:
                    lib.pactffi_matching_rules_iter_pair_delete(pair)
        finally:
            lib.pactffi_matching_rules_iter_delete(iterator)
    return found


def _body(ffi: Any, lib: Any, http: Any, side: str) -> bytes | None:
    ptr = getattr(lib, f"pactffi_sync_http_get_{side}_contents_bin")(http)
    if ptr == ffi.NULL:
        return None
    length = getattr(lib, f"pactffi_sync_http_get_{side}_contents_length")(http)
    return bytes(ffi.buffer(ptr, length)[:])


def _states(ffi: Any, lib: Any, http: Any) -> list[str]:
    names: list[str] = []
    iterator = lib.pactffi_sync_http_get_provider_state_iter(http)
    if iterator == ffi.NULL:
        return names
    try:
        while (state := lib.pactffi_provider_state_iter_next(iterator)) != ffi.NULL:
            names.append(_text(ffi, lib, lib.pactffi_provider_state_get_name(state)) or "")
    finally:
        lib.pactffi_provider_state_iter_delete(iterator)
    return names


def _read_http(ffi: Any, lib: Any, http: Any) -> _CoreInteraction:
    request = lib.pactffi_sync_http_get_request(http)
    response = lib.pactffi_sync_http_get_response(http)
    get_req = lib.pactffi_request_contents_get_matching_rule_iter
    get_res = lib.pactffi_response_contents_get_matching_rule_iter
    return _CoreInteraction(
        http=True,
        description=_text(ffi, lib, lib.pactffi_sync_http_get_description(http)) or "",
        states=_states(ffi, lib, http),
        request=_Side(
            _body(ffi, lib, http, "request"),
            _rules(ffi, lib, request, get_req, _REQUEST_CATEGORIES),
        ),
        response=_Side(
            _body(ffi, lib, http, "response"),
            _rules(ffi, lib, response, get_res, _RESPONSE_CATEGORIES),
        ),
    )


@contextmanager
def _core_pact(text: str) -> Iterator[tuple[Any, Any, Any]]:
    ffi, lib = _ffi()
    pact = lib.pactffi_parse_pact_json(text.encode("utf-8"))
    if pact == ffi.NULL:
        raise _Rejected(_error(ffi, lib))
    try:
        yield ffi, lib, pact
    finally:
        lib.pactffi_pact_model_delete(pact)


class _Rejected(Exception):
    pass


def _core_view(text: str) -> tuple[int, list[_CoreInteraction]]:
    with _core_pact(text) as (ffi, lib, pact):
        version = int(lib.pactffi_pact_spec_version(pact))
        found: list[_CoreInteraction] = []
        iterator = lib.pactffi_pact_model_interaction_iterator(pact)
        try:
            while (interaction := lib.pactffi_pact_interaction_iter_next(iterator)) != ffi.NULL:
                http = lib.pactffi_pact_interaction_as_synchronous_http(interaction)
                if http == ffi.NULL:
                    found.append(_CoreInteraction(http=False))
                    continue
                try:
                    found.append(_read_http(ffi, lib, http))
                finally:
                    lib.pactffi_sync_http_delete(http)
        finally:
            lib.pactffi_pact_interaction_iter_delete(iterator)
        return version, found


def check_with_pact_core(text: str) -> list[str]:
    """Differences between the Pact core's reading of pact ``text`` and specgen's; [] if none."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    try:
        version, core = _core_view(text)
    except _Rejected as exc:
        return [f"the Pact core rejects the pact: {exc}"]
    try:
        pact = parse_pact(data, "<text>")
    except SpecgenError as exc:
        return [f"specgen cannot read a pact the Pact core accepts: {exc}"]
    return _compare(pact, version, core)


def _compare(pact: Pact, version: int, core: list[_CoreInteraction]) -> list[str]:
    problems: list[str] = []
    if version not in _SPEC_ENUM.get(pact.major_version, ()):
        problems.append(f"spec version: specgen reads {pact.spec_version}, the core enum {version}")
    if len(core) != len(pact.interactions):
        problems.append(
            f"the core reads {len(core)} interactions, specgen {len(pact.interactions)}"
        )
    by_description = {c.description: c for c in core if c.http}
    for ours in pact.interactions:
        where = f"interaction {ours.description!r}"
        if not isinstance(ours, HttpInteraction):
            continue
        theirs = by_description.get(ours.description)
        if theirs is None:
            problems.append(f"{where}: the core has no HTTP interaction with this description")
            continue
        if list(ours.state_names) != theirs.states:
            problems.append(
                f"{where}: provider states {list(ours.state_names)} vs core {theirs.states}"
            )
        for side, part, categories in (
            ("request", ours.request, _REQUEST_CATEGORIES),
            ("response", ours.response, _RESPONSE_CATEGORIES),
        ):
            core_side: _Side = getattr(theirs, side)
            problems += _compare_body(f"{where} {side} body", part.body, core_side.body)
            problems += _compare_rules(
                f"{where} {side}", part.matching_rules, core_side.rules, categories
            )
    core_messages = sum(1 for c in core if not c.http)
    if core_messages != len(pact.message_interactions):
        problems.append(
            f"the core reads {core_messages} messages, specgen {len(pact.message_interactions)}"
        )
    return problems


def _compare_body(where: str, body: Body, core: bytes | None) -> list[str]:
    if body.kind in (BodyKind.MISSING, BodyKind.NULL):
        return (
            []
            if not core
            else [f"{where}: specgen reads {body.kind.value}, the core {core[:60]!r}"]
        )
    if body.kind is BodyKind.EMPTY:
        return [] if not core else [f"{where}: specgen reads it empty, the core {core[:60]!r}"]
    expected = body.raw()
    if core == expected:
        return []
    if core is not None and (body.is_json or not isinstance(body.content, str)):
        try:
            if _same_json(json.loads(core, strict=False), body.content):
                return []
        except ValueError:
            pass
    return [f"{where}: specgen reads {expected[:60]!r}, the core {(core or b'')[:60]!r}"]


def _same_json(theirs: object, ours: object) -> bool:
    """JSON equality, except that numbers may differ in the last bits.

    The core's serde_json reads floats without correct rounding (no ``float_roundtrip``), so
    ``1.1579208923731604e+77`` comes back as ``...603e+77``: not a difference in meaning.
    """
    if isinstance(ours, bool) or isinstance(theirs, bool) or ours is None or theirs is None:
        return type(ours) is type(theirs) and ours == theirs
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return math.isclose(ours, theirs, rel_tol=1e-15, abs_tol=0.0) or ours == theirs
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(map(_same_json, theirs, ours))
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(_same_json(theirs[k], ours[k]) for k in ours)
    return type(ours) is type(theirs) and ours == theirs


def _ours(
    rules: MatchingRules, categories: tuple[Category, ...]
) -> list[tuple[Category, str, str]]:
    out: list[tuple[Category, str, str]] = []
    for (category, path), group in rules.items():
        if category in categories:
            out += [
                (category, _key(category, path), canonical(m.to_json())) for m in group.matchers
            ]
    return out


def _key(category: Category, path: MatcherPath) -> str:
    if category in WHOLE:
        return ""
    if category in NAMED:
        return path.first_field or ""
    return str(path)


def _compare_rules(
    where: str, rules: MatchingRules, core: RuleSet, categories: tuple[Category, ...]
) -> list[str]:
    theirs: list[tuple[Category, str, str]] = []
    for category, text, rule in core:
        try:
            path = MatcherPath.parse(text)
        except SpecgenError:
            path = MatcherPath.of(text)
        theirs.append((category, _key(category, path), canonical(json.loads(rule))))
    ours = _ours(rules, categories)
    problems = [
        f"{where}: the core lacks {c.value} rule {p or '(whole)'} {r}"
        for c, p, r in ours
        if (c, p, r) not in theirs
    ]
    problems += [
        f"{where}: specgen lacks {c.value} rule {p or '(whole)'} {r}"
        for c, p, r in theirs
        if (c, p, r) not in ours
    ]
    return problems
