"""Behaviour of specgen.rules: the registry, docs/rules.md generation and its check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from specgen.findings import Location, Severity
from specgen.rules import (
    CATEGORIES,
    END_MARKER,
    RULES,
    START_MARKER,
    Rule,
    RuleRegistry,
    check_rules_doc,
    load_rules,
    main,
    render_rules_markdown,
    update_rules_doc,
)

ROOT = Path(__file__).resolve().parents[1]
RULES_DOC = ROOT / "docs" / "rules.md"


def sample_registry() -> RuleRegistry:
    registry = RuleRegistry()

    @registry.register(
        "response.status.unknown",
        severity=Severity.ERROR,
        summary="Response status is not defined | in the spec",
        category="check",
    )
    def status_unknown() -> None:
        """The pact expects a status the operation does not declare.

        Add the status to the spec, or fix the consumer.
        """

    registry.register(
        "fuzz.server-error",
        severity=Severity.WARNING,
        summary="Provider answered 5xx",
        category="fuzz",
        doc="A generated request made the provider fail.",
    )(lambda: None)
    registry.register(
        "request.body.incompatible",
        severity=Severity.ERROR,
        summary="Request body does not match the schema",
        category="check",
        doc="Body check.",
    )(lambda: None)
    return registry


def doc_text(registry: RuleRegistry, header: str = "# Rules\n\nIntro.\n\n") -> str:
    return update_rules_doc(f"{header}{START_MARKER}\n{END_MARKER}\n", registry)


# --- registry --------------------------------------------------------------------------


def test_register_decorator_returns_function_and_stores_it() -> None:
    registry = RuleRegistry()

    def impl() -> int:
        """Docstring doc."""
        return 1

    assert (
        registry.register("a.b", severity=Severity.INFO, summary="S", category="generate")(impl)
        is impl
    )
    rule = registry.get("a.b")
    assert rule.func is impl
    assert rule.doc == "Docstring doc."
    assert rule.severity is Severity.INFO
    assert "a.b" in registry and len(registry) == 1


def test_all_and_codes_are_sorted() -> None:
    registry = sample_registry()
    expected = ("fuzz.server-error", "request.body.incompatible", "response.status.unknown")
    assert registry.codes() == expected
    assert tuple(rule.code for rule in registry.all()) == expected


def test_duplicate_codes_raise() -> None:
    registry = sample_registry()
    with pytest.raises(ValueError, match="already registered"):
        registry.add(Rule("fuzz.server-error", Severity.INFO, "again", "doc", "fuzz"))


def test_unknown_code_raises_key_error() -> None:
    with pytest.raises(KeyError, match="no rule registered"):
        RuleRegistry().get("nope")


@pytest.mark.parametrize(
    ("code", "summary", "doc", "category", "match"),
    [
        ("Request.Body", "s", "d", "check", "bad rule code"),
        ("a..b", "s", "d", "check", "bad rule code"),
        ("a b", "s", "d", "check", "bad rule code"),
        ("a.b", "s", "d", "lint", "unknown category"),
        ("a.b", "", "d", "check", "summary"),
        ("a.b", "two\nlines", "d", "check", "summary"),
        ("a.b", "s", "  ", "check", "needs a doc"),
    ],
)
def test_invalid_rules_are_rejected(
    code: str, summary: str, doc: str, category: str, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        Rule(code, Severity.ERROR, summary, doc, category)


def test_register_without_doc_or_docstring_fails() -> None:
    with pytest.raises(ValueError, match="needs a doc"):
        RuleRegistry().register("a.b", severity=Severity.ERROR, summary="s", category="check")(
            lambda: None
        )


def test_rule_finding_uses_code_and_default_severity() -> None:
    rule = sample_registry().get("response.status.unknown")
    finding = rule.finding(
        "status 418 is not in the spec",
        location=Location(operation="GET /teapot"),
        details={"status": "418"},
    )
    assert (finding.code, finding.severity) == ("response.status.unknown", Severity.ERROR)
    assert finding.details == (("status", "418"),)
    assert rule.finding("m", severity=Severity.INFO).severity is Severity.INFO
    assert rule.finding("m").location == Location()


def test_module_registry_exists_and_builtin_rules_load() -> None:
    assert isinstance(RULES, RuleRegistry)
    assert load_rules() is RULES


# --- docs/rules.md ---------------------------------------------------------------------


def test_markdown_for_empty_registry_says_so() -> None:
    assert "No rules are registered yet" in render_rules_markdown(RuleRegistry())


def test_markdown_has_a_table_per_category_then_sections() -> None:
    text = render_rules_markdown(sample_registry())
    check, fuzz = CATEGORIES["check"], CATEGORIES["fuzz"]
    assert text.index(check) < text.index(fuzz)  # categories in CATEGORIES order
    assert CATEGORIES["generate"] not in text  # empty categories are left out
    assert "| Code | Severity | Summary |" in text
    assert "| `response.status.unknown` | error | Response status is not defined \\| in" in text
    assert "### `fuzz.server-error`" in text
    assert "Add the status to the spec, or fix the consumer." in text
    assert text.index("### `request.body.incompatible`") < text.index(
        "### `response.status.unknown`"
    )


def test_update_replaces_only_the_marked_section() -> None:
    registry = sample_registry()
    text = doc_text(registry, header="# Title\n\nKeep me.\n\n")
    assert text.startswith("# Title\n\nKeep me.\n\n" + START_MARKER)
    assert text.endswith(END_MARKER + "\n")
    assert update_rules_doc(text, registry) == text  # idempotent
    assert check_rules_doc(text, registry) == []


def test_check_reports_missing_and_extra_codes() -> None:
    registry = sample_registry()
    text = doc_text(registry)
    smaller = RuleRegistry()
    smaller.add(registry.get("fuzz.server-error"))
    smaller.add(Rule("request.query.incompatible", Severity.ERROR, "s", "d", "check"))
    assert check_rules_doc(text, smaller) == [
        "missing from docs: request.query.incompatible",
        "not a registered rule: request.body.incompatible",
        "not a registered rule: response.status.unknown",
    ]


def test_check_reports_stale_text_and_bad_markers() -> None:
    registry = sample_registry()
    stale = doc_text(registry).replace("Provider answered 5xx", "Old summary")
    assert check_rules_doc(stale, registry) == ["generated section is out of date"]
    assert "expected one" in check_rules_doc("# Rules\n", registry)[0]
    swapped = f"{END_MARKER}\n{START_MARKER}\n"
    assert "expected one" in check_rules_doc(swapped, registry)[0]
    with pytest.raises(ValueError):
        update_rules_doc("no markers", registry)


def test_repository_docs_match_the_registry() -> None:
    problems = check_rules_doc(RULES_DOC.read_text(encoding="utf-8"), load_rules())
    assert problems == [], "run: python -m specgen.rules --write docs/rules.md"


# --- python -m specgen.rules -----------------------------------------------------------


def test_main_write_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rules.md"
    path.write_text(f"# Rules\n\n{START_MARKER}\nstale\n{END_MARKER}\n", encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "out of date" in err or "missing from docs" in err
    assert main(["--write", str(path)]) == 0
    written = path.read_text(encoding="utf-8")
    assert all(code in written for code in load_rules().codes())
    assert main(["--check", str(path)]) == 0


def test_main_reports_unusable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(tmp_path / "missing.md")]) == 2
    no_markers = tmp_path / "plain.md"
    no_markers.write_text("# Rules\n", encoding="utf-8")
    assert main(["--write", str(no_markers)]) == 2
    assert "specgen.rules: error:" in capsys.readouterr().err
    assert no_markers.read_text(encoding="utf-8") == "# Rules\n"


def test_module_entry_point_checks_repository_docs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "specgen.rules", "--check", str(RULES_DOC)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
