"""Findings: what every cross-check rule and fuzz check reports.

A finding is data, not an exception: rules return ``Finding`` values, renderers in
``specgen.report`` turn them into text, JSON or JUnit, and ``exit_code`` decides the exit
status from a ``--fail-on`` threshold. Everything here is immutable and hashable.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

#: Extra data on a finding: ``(key, value)`` pairs, sorted by key, keys unique.
Details = tuple[tuple[str, str], ...]

#: How reports label findings that belong to no operation (spec-wide findings).
NO_OPERATION = "(no operation)"


class Severity(enum.StrEnum):
    """How bad a finding is. Compares by badness: ``INFO < WARNING < ERROR``.

    Comparison with a plain string parses it first (``Severity.ERROR >= "warning"``), so it
    never falls back to alphabetical ``str`` ordering.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANK[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse a severity name case-insensitively (for ``--fail-on``); ValueError if unknown."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None

    def _other_rank(self, other: str) -> int:
        return (other if isinstance(other, Severity) else Severity.parse(other)).rank

    def __lt__(self, other: str) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank < self._other_rank(other)

    def __le__(self, other: str) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank <= self._other_rank(other)

    def __gt__(self, other: str) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank > self._other_rank(other)

    def __ge__(self, other: str) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank >= self._other_rank(other)


_RANK = {"info": 0, "warning": 1, "error": 2}


def _str_or_none(data: Mapping[str, object], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{where}.{key} must be a string, not {type(value).__name__}")
    return value


def _reject_unknown(data: Mapping[str, object], known: Iterable[str], where: str) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ValueError(f"{where} has unknown keys: {', '.join(unknown)}")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: the operation, and pointers into the spec and the pact/request."""

    operation: str | None = None
    spec_pointer: str | None = None
    source_file: str | None = None
    source_pointer: str | None = None
    interaction: str | None = None

    def to_dict(self) -> dict[str, str]:
        """The set fields, in declaration order (None omitted)."""
        pairs = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {name: value for name, value in pairs if value is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Location:
        """Inverse of ``to_dict``; ValueError on unknown keys or non-string values."""
        names = [f.name for f in fields(cls)]
        _reject_unknown(data, names, "location")
        return cls(**{name: _str_or_none(data, name, "location") for name in names})


def normalize_details(details: Mapping[str, str] | Iterable[tuple[str, str]]) -> Details:
    """Turn a mapping or pairs into sorted ``Details``; ValueError on bad or duplicate keys."""
    pairs = list(details.items()) if isinstance(details, Mapping) else list(details)
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise ValueError(f"details entries must be (key, value) pairs, not {pair!r}")
        if not (isinstance(pair[0], str) and pair[0] and isinstance(pair[1], str)):
            raise ValueError(f"details need non-empty string keys and string values: {pair!r}")
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate details keys: {sorted(keys)}")
    return tuple(sorted(pairs))


def _opt(value: str | None) -> tuple[bool, str]:
    """Sort key part where None sorts before every string, including ""."""
    return (value is not None, value or "")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or note) found by a rule: data, never raised."""

    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    expected: str | None = None
    actual: str | None = None
    details: Details = ()

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise ValueError("a finding needs a non-empty code")
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "details", normalize_details(self.details))

    @property
    def detail_map(self) -> Mapping[str, str]:
        """``details`` as a read-only mapping."""
        return MappingProxyType(dict(self.details))

    def sort_key(self) -> tuple[object, ...]:
        """Total, stable order: errors first, then operation, code, pointers, text."""
        loc = self.location
        return (
            -self.severity.rank,
            _opt(loc.operation),
            self.code,
            _opt(loc.spec_pointer),
            _opt(loc.source_file),
            _opt(loc.source_pointer),
            _opt(loc.interaction),
            self.message,
            _opt(self.expected),
            _opt(self.actual),
            self.details,
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict with a fixed key order; absent (None/empty) parts are omitted."""
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        location = self.location.to_dict()
        if location:
            out["location"] = location
        if self.expected is not None:
            out["expected"] = self.expected
        if self.actual is not None:
            out["actual"] = self.actual
        if self.details:
            out["details"] = dict(self.details)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Finding:
        """Inverse of ``to_dict``; ValueError on missing, unknown or mistyped keys."""
        known = ("code", "severity", "message", "location", "expected", "actual", "details")
        _reject_unknown(data, known, "finding")
        code, severity, message = (_str_or_none(data, k, "finding") for k in known[:3])
        if code is None or severity is None or message is None:
            raise ValueError("finding needs code, severity and message")
        location, details = data.get("location", {}), data.get("details", {})
        if not isinstance(location, Mapping) or not isinstance(details, Mapping):
            raise ValueError("finding.location and finding.details must be objects")
        return cls(
            code=code,
            severity=Severity.parse(severity),
            message=message,
            location=Location.from_dict(location),
            expected=_str_or_none(data, "expected", "finding"),
            actual=_str_or_none(data, "actual", "finding"),
            details=normalize_details(details),
        )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings in ``Finding.sort_key`` order."""
    return sorted(findings, key=Finding.sort_key)


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    """Counts for every severity (zeros included), most severe first."""
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def group_by_operation(findings: Iterable[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Sorted findings grouped by operation: operations in name order, None last."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in sort_findings(findings):
        groups.setdefault(finding.location.operation, []).append(finding)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))


def exit_code(findings: Iterable[Finding], fail_on: Severity) -> int:
    """1 when any finding is at or above ``fail_on``, else 0."""
    return int(any(finding.severity >= fail_on for finding in findings))
