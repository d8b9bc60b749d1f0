"""The rule registry: one entry per rule, under its stable code.

Rules register themselves with ``@RULES.register(...)`` on the function that implements
them. ``docs/rules.md`` is generated from the registry (``python -m specgen.rules --write
docs/rules.md``) and checked against it (``--check``, and a test), so no one keeps a second
list of codes by hand.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from specgen.findings import Details, Finding, Location, Severity

#: Rule categories, in the order docs/rules.md lists them, with their section titles.
CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "check": "Cross-check rules (consumer pact vs provider spec)",
        "fuzz": "Fuzz checks",
        "generate": "Generation notes",
    }
)

#: Modules that register the built-in rules into ``RULES`` when imported (see load_rules).
RULE_MODULES: tuple[str, ...] = (
    "specgen.probe.checks",
    "specgen.check.rules_route",
    "specgen.check.rules_security",
    "specgen.check.rules_request",
    "specgen.check.rules_body",
    "specgen.check.rules_response",
    "specgen.check.rules_matchers",
    "specgen.check.rules_pair",
)

START_MARKER = "<!-- rules:start -->"
END_MARKER = "<!-- rules:end -->"
_CODE = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*")
_DOC_CODE = re.compile(r"^### `([^`]+)`$", re.MULTILINE)

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True, slots=True)
class Rule:
    """Metadata for one rule; ``func`` is the function implementing it, if any."""

    code: str
    severity: Severity
    summary: str
    doc: str
    category: str
    func: Callable[..., object] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise ValueError(f"bad rule code {self.code!r}: use dotted lowercase words")
        if self.category not in CATEGORIES:
            raise ValueError(f"rule {self.code}: unknown category {self.category!r}")
        if not self.summary.strip() or "\n" in self.summary:
            raise ValueError(f"rule {self.code}: summary must be one non-empty line")
        if not self.doc.strip():
            raise ValueError(f"rule {self.code}: needs a doc (argument or docstring)")
        object.__setattr__(self, "severity", Severity(self.severity))

    def finding(
        self,
        message: str,
        *,
        location: Location | None = None,
        expected: str | None = None,
        actual: str | None = None,
        details: Mapping[str, str] | Details = (),
        severity: Severity | None = None,
    ) -> Finding:
        """A finding with this rule's code and (unless overridden) default severity."""
        return Finding(
            code=self.code,
            severity=self.severity if severity is None else severity,
            message=message,
            location=location or Location(),
            expected=expected,
            actual=actual,
            details=tuple(details.items()) if isinstance(details, Mapping) else details,
        )


class RuleRegistry:
    """Rules by code. Registering a code twice raises ValueError."""

    __slots__ = ("_rules",)

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> Rule:
        """Register ``rule``; ValueError if its code is taken."""
        if rule.code in self._rules:
            raise ValueError(f"rule code {rule.code!r} is already registered")
        self._rules[rule.code] = rule
        return rule

    def register(
        self,
        code: str,
        *,
        severity: Severity,
        summary: str,
        category: str,
        doc: str | None = None,
    ) -> Callable[[F], F]:
        """Decorator registering the decorated function as rule ``code``.

        ``doc`` defaults to the function's docstring. The function is returned unchanged.
        """

        def decorate(func: F) -> F:
            text = doc if doc is not None else inspect.getdoc(func) or ""
            self.add(Rule(code, severity, summary, inspect.cleandoc(text), category, func))
            return func

        return decorate

    def get(self, code: str) -> Rule:
        """The rule registered as ``code``; KeyError if there is none."""
        try:
            return self._rules[code]
        except KeyError:
            raise KeyError(f"no rule registered with code {code!r}") from None

    def all(self) -> tuple[Rule, ...]:
        """Every rule, sorted by code."""
        return tuple(self._rules[code] for code in self.codes())

    def codes(self) -> tuple[str, ...]:
        """Every registered code, sorted."""
        return tuple(sorted(self._rules))

    def __contains__(self, code: object) -> bool:
        """Whether ``code`` is registered."""
        return code in self._rules

    def __len__(self) -> int:
        return len(self._rules)


#: The registry every built-in rule registers into.
RULES = RuleRegistry()


def load_rules() -> RuleRegistry:
    """Import every module in ``RULE_MODULES`` (registering their rules); return ``RULES``."""
    for name in RULE_MODULES:
        importlib.import_module(name)
    return RULES


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_rules_markdown(registry: RuleRegistry) -> str:
    """The generated part of docs/rules.md: a table per category, then a section per rule."""
    rules = registry.all()
    if not rules:
        return "_No rules are registered yet._\n"
    parts: list[str] = []
    for category, title in CATEGORIES.items():
        chosen = [rule for rule in rules if rule.category == category]
        if not chosen:
            continue
        rows = [f"| `{r.code}` | {r.severity.value} | {_cell(r.summary)} |" for r in chosen]
        header = "| Code | Severity | Summary |\n| --- | --- | --- |"
        parts.append(f"## {title}\n\n{header}\n" + "\n".join(rows))
        for rule in chosen:
            meta = f"Default severity: **{rule.severity.value}**. Category: `{category}`."
            parts.append(f"### `{rule.code}`\n\n{meta}\n\n{rule.doc.strip()}")
    return "\n\n".join(parts) + "\n"


def _split(text: str) -> tuple[str, str, str]:
    """(before, generated section, after); ValueError unless each marker occurs once, in order."""
    start, end = text.find(START_MARKER), text.find(END_MARKER)
    if text.count(START_MARKER) != 1 or text.count(END_MARKER) != 1 or end < start:
        raise ValueError(f"expected one {START_MARKER} followed by one {END_MARKER}")
    return text[:start], text[start + len(START_MARKER) : end], text[end + len(END_MARKER) :]


def update_rules_doc(text: str, registry: RuleRegistry) -> str:
    """``text`` with the section between the markers regenerated from ``registry``."""
    before, _, after = _split(text)
    body = render_rules_markdown(registry)
    return f"{before}{START_MARKER}\n\n{body}\n{END_MARKER}{after}"


def check_rules_doc(text: str, registry: RuleRegistry) -> list[str]:
    """Problems with docs/rules.md ``text``: missing/extra codes, stale section. [] if fresh."""
    try:
        _, section, _ = _split(text)
    except ValueError as exc:
        return [str(exc)]
    documented = set(_DOC_CODE.findall(section))
    problems = [f"missing from docs: {code}" for code in registry.codes() if code not in documented]
    problems += [
        f"not a registered rule: {code}" for code in sorted(documented - set(registry.codes()))
    ]
    if not problems and update_rules_doc(text, registry) != text:
        problems.append("generated section is out of date")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m specgen.rules --write|--check PATH``: 0 ok, 1 out of date, 2 unusable file."""
    parser = argparse.ArgumentParser(prog="python -m specgen.rules", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", metavar="PATH", type=Path, help="regenerate the rules doc")
    action.add_argument("--check", metavar="PATH", type=Path, help="exit 1 if it is stale")
    args = parser.parse_args(argv)
    path: Path = args.write or args.check
    registry = load_rules()
    try:
        text = path.read_text(encoding="utf-8")
        if args.write:
            new = update_rules_doc(text, registry)
            if new != text:
                path.write_text(new, encoding="utf-8")
            return 0
    except (OSError, ValueError) as exc:
        print(f"specgen.rules: error: {path}: {exc}", file=sys.stderr)
        return 2
    problems = check_rules_doc(text, registry)
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if problems:
        print(f"run: python -m specgen.rules --write {path}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    # Run through the imported module, not this ``__main__`` copy, so rule modules that
    # ``from specgen.rules import RULES`` register into the registry ``main`` reads.
    from specgen.rules import main as _main

    raise SystemExit(_main())
