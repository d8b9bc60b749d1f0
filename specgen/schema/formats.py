"""String and number formats: one definition per format, shared by the validator's format
checker, the regexes of ``specgen.schema.regex``, example values and hypothesis strategies.

Most formats are *defined* by a portable regex (Python syntax that Java and Rust accept too),
so the regex handed to Pact or WireMock accepts exactly what the validator accepts. A few add
a check no regex can express (a real calendar day, a hostname's total length); for those the
regex is a close superset, and ``FORMAT_SEMANTIC`` lists them.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import re
import uuid
from collections.abc import Callable

from jsonschema import FormatChecker

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DATE = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = (
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_URI_CHAR = r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})"

#: Regexes (unanchored bodies) whose full matches are the valid strings of each format.
FORMAT_REGEX: dict[str, str] = {
    "date": _DATE,
    "time": _TIME,
    "date-time": _DATE + "[Tt]" + _TIME,
    "uuid": r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}",
    "email": r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
    + _LABEL
    + r"(?:\."
    + _LABEL
    + ")+",
    "ipv4": rf"(?:{_OCTET}\.){{3}}{_OCTET}",
    "hostname": _LABEL + r"(?:\." + _LABEL + ")*",
    "uri": r"[A-Za-z][A-Za-z0-9+.\-]*:" + _URI_CHAR + "*",
    "uri-reference": _URI_CHAR + "*",
    # base64 with padding (OpenAPI's `byte`); `base64` is the name some specs use
    "byte": r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?",
}
FORMAT_REGEX["base64"] = FORMAT_REGEX["byte"]

#: Formats whose checker does more than its regex (so the regex alone is not exact).
FORMAT_SEMANTIC = frozenset({"date", "time", "date-time", "hostname"})

#: Inclusive integer ranges that OpenAPI's numeric formats imply.
INT_RANGES: dict[str, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}

_COMPILED = {name: re.compile(body) for name, body in FORMAT_REGEX.items()}


def _semantic(name: str, text: str) -> bool:
    """The checks beyond the regex: the date exists, the hostname is not too long."""
    if name == "hostname":
        return len(text) <= 253
    if name in ("date", "date-time"):
        try:
            datetime.date.fromisoformat(text[:10])
        except ValueError:
            return False
    return True


def check_format(name: str, value: object) -> bool:
    """Whether ``value`` is valid for format ``name``; values of other types and unknown
    formats are valid (JSON Schema: a format only constrains its own type)."""
    if name in INT_RANGES:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return True
        low, high = INT_RANGES[name]
        return low <= value <= high
    if not isinstance(value, str):
        return True
    pattern = _COMPILED.get(name)
    if pattern is not None:
        return pattern.fullmatch(value) is not None and _semantic(name, value)
    if name == "ipv6":
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return False
        return "%" not in value
    if name == "regex":
        try:
            re.compile(value)
        except (re.error, RecursionError, OverflowError):
            return False
    return True


def _checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name in (*FORMAT_REGEX, *INT_RANGES, "ipv6", "regex"):
        checker.checks(name)(_bound(name))
    return checker


def _bound(name: str) -> Callable[[object], bool]:
    return lambda value: check_format(name, value)


#: The format checker every specgen validator uses (no optional jsonschema dependencies).
FORMAT_CHECKER = _checker()


def _seeded_uuid(seed: int) -> str:
    # Swagger UI's well-known example UUID, moved by the seed: realistic and reproducible.
    base = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6").int
    return str(uuid.UUID(int=(base + seed) % 2**128))


def format_example(name: str, seed: int, hint: str = "") -> str | None:
    """A realistic string of format ``name`` (``None`` when the format is unknown);
    ``seed`` varies it, ``hint`` (a property name) flavours URIs."""
    day = datetime.date(2024, 1, 1) + datetime.timedelta(days=seed % 3650)
    slug = re.sub(r"[^a-z0-9]+", "-", hint.lower()).strip("-") or "resource"
    suffix = str(seed) if seed else ""
    examples = {
        "date": day.isoformat(),
        "date-time": f"{day.isoformat()}T12:00:00Z",
        "time": "12:00:00Z",
        "email": f"user{suffix}@example.com",
        "uuid": _seeded_uuid(seed),
        "uri": f"https://example.com/{slug}{suffix}",
        "url": f"https://example.com/{slug}{suffix}",
        "uri-reference": f"/{slug}{suffix}",
        "iri": f"https://example.com/{slug}{suffix}",
        "hostname": f"host{suffix}.example.com",
        "ipv4": f"192.0.2.{1 + seed % 254}",
        "ipv6": f"2001:db8::{1 + seed % 65535:x}",
        "byte": base64.b64encode(f"example{suffix}".encode()).decode(),
        "binary": f"example{suffix}",
        "password": f"secret{suffix}",
        "int32": str(1 + seed),
        "int64": str(1 + seed),
        "double": f"{1.5 + seed}",
        "float": f"{1.5 + seed}",
        "duration": f"P{1 + seed}D",
        "regex": "^[a-z]+$",
        "json-pointer": f"/{slug}",
    }
    examples["base64"] = examples["byte"]
    return examples.get(name)
