"""The docs and ``--help`` agree: every ``specgen COMMAND --option`` written in docs/*.md and
README.md (fenced code blocks and inline code) names a command and options the CLI parser
has, and every option of every command appears on that command's page."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_workflows import _subparsers

DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
GLOBAL = frozenset({"-h", "--help", "--version", "--debug"})
#: The page that documents each command (every option of the command must appear there).
PAGES = {
    "inspect": "inspect.md",
    "validate": "validate.md",
    "pacts": "pacts.md",
    "stubs": "stubs.md",
    "serve-stubs": "stubs.md",
    "check": "check.md",
    "matrix": "matrix.md",
    "fuzz": "fuzz.md",
}
#: Docs known to name something the CLI lacks, each with the reason. Strict xfail: the test
#: fails once the doc is fixed, so the entry is removed then.
KNOWN_STALE: dict[str, str] = {}

# `specgen ...`, maybe after VAR=value assignments or a path (.venv/bin/specgen).
_INVOCATION = re.compile(r"^(?:[A-Za-z_]\w*=\S*\s+)*(?:\S*/)?specgen(?:\s+(?P<rest>.*))?$")
_FENCE = re.compile(r"^\s*(```|~~~)\s*(?P<lang>[\w+-]*)")
_INLINE = re.compile(r"`([^`\n]+)`")
_CONTINUATION = re.compile(r"^\s+[\[(-]")  # an indented synopsis line: [--opt ...] or --opt
# A pipe, &&, ; or a comment ends the call; `(--url URL | --app M:A)` is an alternative.
_SHELL_BREAK = re.compile(r"\s(?:\|\|?|&&|;|#)\s(?!-)")
_OPTION = re.compile(r"^(--?[A-Za-z][A-Za-z0-9-]*)")
_COMMAND = re.compile(r"^[a-z][a-z0-9-]*$")
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*$")  # `specgen COMMAND --help`
_NOT_SHELL = {"python", "py", "json", "yaml", "yml", "toml", "xml", "ini"}


@dataclass(frozen=True, slots=True)
class Call:
    """One ``specgen`` command line found in a doc."""

    doc: str
    line: int
    text: str
    command: str | None  # None: no command (``specgen --version``) or a placeholder
    options: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.text}"


def _parse(doc: str, line: int, text: str) -> Call | None:
    """The call in ``text`` (one command line, continuations joined), or None when it is no
    ``specgen`` invocation (``specgen: error: ...``, ``specgen check: 1 pact(s)``)."""
    text = text.strip().replace("\\|", "|")
    if text.startswith("$ "):
        text = text[2:].strip()
    match = _INVOCATION.match(text)
    if not match:
        return None
    rest = _SHELL_BREAK.split(match["rest"] or "")[0]
    try:
        tokens = shlex.split(rest)
    except ValueError:  # an unbalanced quote in a synopsis: the options are still plain words
        tokens = rest.split()
    command: str | None = None
    options: list[str] = []
    for raw in tokens:
        token = raw.lstrip("[(")
        option = _OPTION.match(token)
        if option:
            options.append(option[1])
        elif command is None and set(options) <= GLOBAL:
            if _PLACEHOLDER.match(token):
                command = ""
            elif _COMMAND.match(token):
                command = token
            else:
                return None
    return Call(doc, line, text, command or None, tuple(options))


def _code_lines(text: str) -> list[tuple[int, str]]:
    """The command lines of ``text``: inline code spans, and the lines of fenced blocks
    (only the ``$ `` lines of a console transcript), continuations joined."""
    found: list[tuple[int, str]] = []
    lines = text.splitlines()
    block: list[tuple[int, str]] | None = None
    lang = ""
    for number, line in enumerate(lines, 1):
        fence = _FENCE.match(line)
        if fence and block is None:
            block, lang = [], fence["lang"].lower()
            continue
        if fence and block is not None:
            if lang not in _NOT_SHELL:
                found += _block_commands(block)
            block = None
            continue
        if block is not None:
            block.append((number, line))
        else:
            found += [(number, span) for span in _INLINE.findall(line)]
    return found


def _block_commands(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A block's command lines. In a console transcript they start with ``$ `` and go on
    after a trailing backslash (other lines are output); elsewhere every line counts, and an
    indented ``[--option ...]`` line continues a synopsis."""
    console = any(line.startswith("$ ") for _, line in block)
    commands: list[tuple[int, str]] = []
    for number, line in block:
        previous = commands[-1][1] if commands else ""
        synopsis = not console and _CONTINUATION.match(line)
        if previous and (previous.endswith("\\") or synopsis):
            commands[-1] = (commands[-1][0], previous.rstrip("\\") + " " + line.strip())
        elif not console or line.startswith("$ "):
            commands.append((number, line))
        else:
            commands.append((number, ""))  # output: ends any continuation
    return [(n, text) for n, text in commands if text]


def calls_in(path: Path) -> list[Call]:
    """Every ``specgen`` call written in the Markdown file ``path``."""
    name = path.relative_to(ROOT).as_posix()
    out = []
    for number, text in _code_lines(path.read_text(encoding="utf-8")):
        call = _parse(name, number, text)
        if call is not None:
            out.append(call)
    return out


def _known_options(parser: object) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings}  # type: ignore[attr-defined]


def _doc_params() -> list[object]:
    params: list[object] = []
    for path in DOCS:
        marks = []
        if path.name in KNOWN_STALE and path.parent.name == "docs":
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_STALE[path.name])]
        params.append(pytest.param(path, id=path.relative_to(ROOT).as_posix(), marks=marks))
    return params


def _misuses(calls: list[Call]) -> list[str]:
    subcommands = _subparsers()
    problems = []
    for call in calls:
        if call.command is None:
            allowed: set[str] = set(GLOBAL)
        elif call.command not in subcommands:
            problems.append(f"{call}: 'specgen {call.command}' is not a command")
            continue
        else:
            allowed = _known_options(subcommands[call.command]) | GLOBAL
        problems += [
            f"{call}: {call.command or 'specgen'} has no {o}"
            for o in call.options
            if o not in allowed
        ]
    return problems


@pytest.mark.parametrize("doc", _doc_params())
def test_every_command_and_option_in_the_docs_exists(doc: Path) -> None:
    problems = _misuses(calls_in(doc))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("command", sorted(PAGES))
def test_every_option_of_a_command_is_on_its_page(command: str) -> None:
    page = ROOT / "docs" / PAGES[command]
    text = page.read_text(encoding="utf-8")
    missing = []
    for action in _subparsers()[command]._actions:  # type: ignore[attr-defined]
        names = [o for o in action.option_strings if o not in GLOBAL]
        if names and not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text) for o in names):
            missing.append("/".join(names))
    assert not missing, f"docs/{PAGES[command]} does not mention {command}'s {missing}"
    assert any(c.command == command for c in calls_in(page)), (
        f"docs/{PAGES[command]} shows no `specgen {command} ...` command line"
    )


def test_every_command_has_a_page_and_a_readme_row() -> None:
    commands = set(_subparsers())
    assert set(PAGES) == commands, "a command without a page in PAGES, or a page for none"
    assert all((ROOT / "docs" / page).is_file() for page in PAGES.values())
    readme = {c.command for c in calls_in(ROOT / "README.md")}
    assert commands <= readme, f"README's usage table lacks {sorted(commands - readme)}"


# The extraction itself: what counts as a call, and what does not.
@pytest.mark.parametrize(
    ("text", "command", "options"),
    [
        ("$ specgen check --spec s.yaml p.json --format json", "check", ("--spec", "--format")),
        ("specgen --debug inspect x.yaml", "inspect", ("--debug",)),
        ("T=t .venv/bin/specgen fuzz s.yaml --app m:a | head -30", "fuzz", ("--app",)),
        ("specgen inspect SPEC [--format text\\|json] [-o FILE]", "inspect", ("--format", "-o")),
        ("specgen fuzz SPEC (--url URL | --app MODULE:ATTR)", "fuzz", ("--url", "--app")),
        ("specgen COMMAND --help", None, ("--help",)),
        ("specgen --version", None, ("--version",)),
    ],
)
def test_calls_are_parsed(text: str, command: str | None, options: tuple[str, ...]) -> None:
    call = _parse("x.md", 1, text)
    assert call is not None and (call.command, call.options) == (command, options)


@pytest.mark.parametrize(
    "text",
    ["specgen: error: x.yaml: no such file", "specgen check: 1 pact(s) against s.yaml", "specgen"],
)
def test_output_lines_are_not_calls(text: str) -> None:
    call = _parse("x.md", 1, text)
    assert call is None or (call.command is None and not call.options)


def test_blocks_inline_code_and_continuations(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "Run `specgen stubs SPEC -o DIR --bogus`.\n\n"
        "```console\n$ specgen pacts s.yaml --consumer A \\\n    --provider B\n"
        "  --not-an-option-this-is-output\n```\n\n"
        "```\nspecgen matrix --specs DIR\n               [--pacts DIR] [--nope]\n```\n\n"
        "```python\nspecgen inspect --never-read\n```\n",
        encoding="utf-8",
    )
    calls = [
        (c.command, c.options)
        for c in (_parse("doc.md", n, t) for n, t in _code_lines(doc.read_text()))
        if c
    ]
    assert calls == [
        ("stubs", ("-o", "--bogus")),
        ("pacts", ("--consumer", "--provider")),
        ("matrix", ("--specs", "--pacts", "--nope")),
    ]
    assert _misuses([Call("doc.md", 1, "", "stubs", ("--bogus",))])
    assert _misuses([Call("doc.md", 1, "", "generate", ())])
