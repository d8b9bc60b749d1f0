"""Credentials in stub matching: which requests lack what the operation's security demands.

Each security scheme becomes a check on where its credential travels: ``Authorization:
Bearer ...`` (HTTP bearer, OAuth 2, OpenID Connect), ``Authorization: Basic ...`` (or any
other HTTP scheme), or an API key header, query parameter or cookie. Mutual TLS and unknown
schemes cannot be seen in a request: an operation using them is not checked at all.

``missing_credentials`` lists the ways a request can fail every alternative of the
operation's ``security`` (one stub each, for the documented 401); ``required_credentials``
is what a request must carry, when one alternative is the only one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from specgen.spec.api import API
from specgen.spec.model import Operation, ParameterLocation
from specgen.stubs import model as wm

MAX_COMBINATIONS = 8


@dataclass(frozen=True, slots=True)
class Check:
    """One credential: where it travels and the regex a present one matches."""

    location: ParameterLocation
    name: str
    regex: str


@dataclass(frozen=True, slots=True)
class Credentials:
    """Matchers on headers, query parameters and cookies."""

    headers: wm.Named = ()
    query: wm.Named = ()
    cookies: wm.Named = ()


def _check(api: API, scheme_name: str) -> Check | None:
    scheme = api.security_schemes.get(scheme_name)
    if scheme is None:
        return None
    kind = scheme.type
    if kind in ("oauth2", "openIdConnect"):
        return Check(ParameterLocation.HEADER, "Authorization", r"(?i)bearer\s+\S[\s\S]*")
    if kind == "http" and scheme.scheme:
        word = re.escape(scheme.scheme.strip())
        return Check(ParameterLocation.HEADER, "Authorization", rf"(?i){word}\s+\S[\s\S]*")
    if kind == "apiKey" and scheme.parameter_name and scheme.location:
        try:
            location = ParameterLocation(scheme.location)
        except ValueError:
            return None
        if location is not ParameterLocation.PATH:
            return Check(location, scheme.parameter_name, r"[\s\S]+")
    return None


def _alternatives(api: API, op: Operation) -> list[list[Check]] | None:
    """Each alternative as its checks; ``None`` when a request cannot be judged (anonymous
    access allowed, no security, or a scheme not visible in a request)."""
    if not op.security:
        return None
    out: list[list[Check]] = []
    for requirement in op.security:
        if not requirement.schemes:
            return None
        checks = [_check(api, name) for name, _scopes in requirement.schemes]
        if any(c is None for c in checks):
            return None
        out.append(list(dict.fromkeys(c for c in checks if c is not None)))
    return out


def _key(check: Check) -> tuple[ParameterLocation, str]:
    name = check.name.lower() if check.location is ParameterLocation.HEADER else check.name
    return check.location, name


def _collect(items: dict[tuple[ParameterLocation, str], tuple[str, wm.Pattern]]) -> Credentials:
    def of(location: ParameterLocation) -> wm.Named:
        return tuple(sorted(v for (loc, _), v in items.items() if loc is location))

    return Credentials(
        of(ParameterLocation.HEADER), of(ParameterLocation.QUERY), of(ParameterLocation.COOKIE)
    )


def missing_credentials(api: API, op: Operation) -> list[Credentials]:
    """Matchers for requests that satisfy no alternative, one entry per way to fail them
    all (at most ``MAX_COMBINATIONS``; none when requests cannot be judged)."""
    alternatives = _alternatives(api, op)
    if alternatives is None:
        return []
    combos = list(itertools.islice(itertools.product(*alternatives), MAX_COMBINATIONS + 1))
    if len(combos) > MAX_COMBINATIONS:
        return []
    found: list[Credentials] = []
    for combo in combos:
        by_place: dict[tuple[ParameterLocation, str], list[Check]] = {}
        for check in combo:
            by_place.setdefault(_key(check), []).append(check)
        items: dict[tuple[ParameterLocation, str], tuple[str, wm.Pattern]] = {}
        for key, checks in by_place.items():
            regexes = list(dict.fromkeys(c.regex for c in checks))
            joined = regexes[0] if len(regexes) == 1 else "|".join(f"(?:{r})" for r in regexes)
            items[key] = (checks[0].name, wm.DoesNotMatch(joined))  # absent matches too
        creds = _collect(items)
        if creds not in found:
            found.append(creds)
    return found


def required_credentials(api: API, op: Operation) -> Credentials:
    """What a request must carry when the operation has exactly one alternative (nothing
    otherwise: matchers cannot say "this header or that one")."""
    alternatives = _alternatives(api, op)
    if alternatives is None or len(alternatives) != 1:
        return Credentials()
    items: dict[tuple[ParameterLocation, str], tuple[str, wm.Pattern]] = {}
    for check in alternatives[0]:
        key = _key(check)
        pattern = wm.Matches(check.regex)
        if key in items and items[key][1] != pattern:
            return Credentials()  # two schemes in one header: leave it to the provider
        items[key] = (check.name, pattern)
    return _collect(items)
