"""The consumer x provider matrix: every pact of a folder against its provider's spec.

A pact names its provider; a spec is that provider's when its ``x-pact-provider``
extension (top level or in ``info``), its ``info.title`` or an entry of a provider map
says so. Names match exactly first, then ignoring case, spaces and punctuation
(``user-service`` is ``User Service``). Each spec is loaded once and its compiled schemas
serve every pact of its provider. A pair is incompatible when it has a finding at or above
the ``fail_on`` severity; a pact whose provider has no spec is one too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from specgen.check.engine import check_pact, check_spec
from specgen.check.registry import rules_for
from specgen.check.rules_pair import PairContext
from specgen.errors import UsageError
from specgen.findings import Finding, Severity, sort_findings
from specgen.pact.model import Pact
from specgen.spec.api import API

_YAML_MARK = re.compile(r"""^["']?(?:openapi|swagger)["']?\s*:""", re.MULTILINE)
_JSON_MARK = re.compile(r'"(?:openapi|swagger)"\s*:\s*"')
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def norm(name: str) -> str:
    """A provider name for loose comparison: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", "", name.lower())


def provider_names(api: API) -> list[str]:
    """The names a spec answers to: its ``x-pact-provider`` extension(s), then its title."""
    names: list[str] = []
    for source in (api.document, api.info):
        value = source.get("x-pact-provider")
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names += [v for v in value if isinstance(v, str)]
    if api.title:
        names.append(api.title)
    return names


def find_specs(folder: str | os.PathLike[str]) -> list[Path]:
    """The OpenAPI/Swagger documents under ``folder`` (files that declare ``openapi`` or
    ``swagger`` at the top; the fragments a split spec refers to are skipped)."""
    base = Path(folder)
    if not base.is_dir():
        raise UsageError("--specs must be a folder", file=str(base))
    found = []
    for path in sorted(p for p in base.rglob("*") if p.suffix.lower() in _SPEC_SUFFIXES):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        mark = _JSON_MARK if path.suffix.lower() == ".json" else _YAML_MARK
        if mark.search(head):
            found.append(path)
    return found


def find_pacts(folder: str | os.PathLike[str]) -> list[Path]:
    """The ``*.json`` files under ``folder``."""
    base = Path(folder)
    if not base.is_dir():
        raise UsageError("--pacts must be a folder", file=str(base))
    return sorted(p for p in base.rglob("*.json") if p.is_file())


@dataclass(frozen=True, slots=True)
class Provider:
    """A loaded spec and the provider name it is known by."""

    name: str
    api: API
    file: str


def resolve(
    providers: Sequence[Provider], pact: Pact, overrides: Mapping[str, str]
) -> Provider | None:
    """The provider ``pact`` is for: by the map, then exact name, then loose name."""
    wanted = pact.provider
    if wanted in overrides:
        target = Path(overrides[wanted]).resolve()
        return next((p for p in providers if Path(p.file).resolve() == target), None)
    for key in (lambda n: n, norm):
        hits = {p.file: p for p in providers if key(p.name) == key(wanted)}
        if len(hits) == 1:
            return next(iter(hits.values()))
        if len(hits) > 1:
            files = ", ".join(sorted(hits))
            raise UsageError(f"several specs answer to provider {wanted!r}: {files}")
    return None


def name_providers(
    specs: Iterable[tuple[str, API]], overrides: Mapping[str, str]
) -> list[Provider]:
    """One ``Provider`` per name each spec answers to (map entries name their spec)."""
    out: list[Provider] = []
    by_file = {str(Path(f).resolve()): name for name, f in overrides.items()}
    for file, api in specs:
        mapped = by_file.get(str(Path(file).resolve()))
        names = ([mapped] if mapped else []) + (provider_names(api) or [Path(file).stem])
        out += [Provider(name, api, file) for name in dict.fromkeys(names)]
    return out


@dataclass(frozen=True, slots=True)
class Pair:
    """One consumer/provider cell of the matrix."""

    consumer: str
    provider: str
    spec_file: str | None
    pact_files: tuple[str, ...]
    findings: tuple[Finding, ...]
    fail_on: Severity

    @property
    def label(self) -> str:
        """``Consumer -> Provider``."""
        return f"{self.consumer} -> {self.provider}"

    def count(self, severity: Severity) -> int:
        """Findings of exactly ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def compatible(self) -> bool:
        """No finding at or above ``fail_on``."""
        return not any(f.severity >= self.fail_on for f in self.findings)

    @property
    def verdict(self) -> str:
        """``compatible``, ``incompatible``, ``no spec`` or ``no pacts``."""
        if self.spec_file is None:
            return "no spec"
        if not self.pact_files:
            return "no pacts"
        return "compatible" if self.compatible else "incompatible"


def _labelled(findings: Iterable[Finding], label: str) -> list[Finding]:
    """Findings with the pair's label in front of their operation (reports group by it)."""
    out = []
    for f in findings:
        operation = f"{label}: {f.location.operation}" if f.location.operation else label
        out.append(replace(f, location=replace(f.location, operation=operation)))
    return out


def _pair_findings(ctx: PairContext) -> list[Finding]:
    return [f for rule in rules_for("pair") for f in rule(ctx)]


def run_matrix(
    providers: Sequence[Provider],
    pacts: Sequence[Pact],
    overrides: Mapping[str, str],
    fail_on: Severity = Severity.ERROR,
) -> list[Pair]:
    """Check every pact against its provider's spec; one ``Pair`` per consumer and
    provider (several pacts of one pair are merged), plus providers no pact names."""
    grouped: dict[tuple[str, str], tuple[Provider | None, list[Pact]]] = {}
    for pact in pacts:
        provider = resolve(providers, pact, overrides)
        key = (pact.consumer, provider.name if provider else pact.provider)
        grouped.setdefault(key, (provider, []))[1].append(pact)
    pairs: list[Pair] = []
    spec_findings: dict[str, list[Finding]] = {}
    for (consumer, name), (provider, members) in sorted(grouped.items()):
        found: list[Finding] = []
        label = f"{consumer} -> {name}"
        if provider is None:
            for pact in members:
                found += _relabel(_pair_findings(PairContext(None, pact, provider=name)), label)
        else:
            if provider.file not in spec_findings:
                spec_findings[provider.file] = check_spec(provider.api, provider.file)
            found += _labelled(spec_findings[provider.file], label)
            for pact in members:
                found += _labelled(check_pact(provider.api, pact).findings, label)
        pairs.append(
            Pair(
                consumer,
                name,
                provider.file if provider else None,
                tuple(p.file or "" for p in members),
                tuple(sort_findings(found)),
                fail_on,
            )
        )
    used = {p.spec_file for p in pairs}
    seen: set[str] = set()
    for provider in providers:
        if provider.file in used or provider.file in seen:
            continue
        seen.add(provider.file)
        found = _pair_findings(PairContext(provider.api, None, provider.file, provider.name))
        label = f"(no consumer) -> {provider.name}"
        pairs.append(
            Pair("", provider.name, provider.file, (), tuple(_relabel(found, label)), fail_on)
        )
    return pairs


def _relabel(findings: Iterable[Finding], label: str) -> list[Finding]:
    return [replace(f, location=replace(f.location, operation=label)) for f in findings]
