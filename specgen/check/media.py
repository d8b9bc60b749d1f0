"""Media types: which declared type a pact's ``Accept`` or ``Content-Type`` names.

``find_matching_type`` follows PactFlow's comparator step by step (exact, then without
parameters, then ignoring ``+suffix`` vendor types, then wildcards on either side), so both
tools pick the same schema for the same header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Media types whose bodies specgen validates against a schema (after parsing).
VALIDATABLE = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
_QUALITY = re.compile(r";q=([01]\.?\d*)")


def _quality(text: str) -> float:
    match = _QUALITY.search(text)
    try:
        return float(match.group(1)) if match else 1.0
    except ValueError:
        return 1.0


def _main(text: str) -> str:
    return text.split("/")[0]


def _sub(text: str) -> str | None:
    parts = text.split("/")
    return parts[1].split("+")[-1] if len(parts) > 1 else None


def essence(text: str) -> str:
    """``"Application/JSON; charset=utf-8"`` is ``"application/json"``."""
    return text.split(";")[0].strip().lower()


def find_matching_type(wanted: str, available: Sequence[str]) -> str | None:
    """The declared media type (as written in ``available``) that ``wanted`` (an ``Accept``
    list or one ``Content-Type``) selects, or None."""
    accept = sorted(
        (re.sub(r"\s+", "", part).lower() for part in wanted.split(",")),
        key=lambda part: -_quality(part),
    )
    accept = [_QUALITY.sub("", part, count=1) for part in accept]
    declared = [re.sub(r"\s+", "", t).lower() for t in available]
    for a in accept:
        if a in declared:
            return available[declared.index(a)]
    accept = [a.split(";")[0] for a in accept]
    declared = [d.split(";")[0] for d in declared]
    for a in accept:
        if a in declared:
            return available[declared.index(a)]
    for a in accept:
        for i, d in enumerate(declared):
            if _main(d) == _main(a) and _sub(d) == _sub(a):
                return available[i]
    for a in accept:
        for i, d in enumerate(declared):
            if _sub(d) == "*" and _main(d) == _main(a):
                return available[i]
    if "*/*" in declared:
        return available[declared.index("*/*")]
    for a in accept:
        for i, d in enumerate(declared):
            if _sub(a) == "*" and _main(d) == _main(a):
                return available[i]
    if "*/*" in accept and available:
        return available[0]
    return None


def is_validatable(media_type: str) -> bool:
    """Whether a body of this type is parsed and validated (JSON, forms)."""
    return find_matching_type(media_type, VALIDATABLE) is not None


def is_json(media_type: str) -> bool:
    """JSON or a ``+json`` type."""
    return find_matching_type(media_type, ("application/json",)) is not None
