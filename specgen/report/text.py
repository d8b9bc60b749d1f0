"""Human-readable report: findings grouped by operation, rendered with rich into a string."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from specgen.findings import (
    NO_OPERATION,
    Finding,
    Severity,
    count_by_severity,
    group_by_operation,
)

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# Control characters (all but LF), line/paragraph separators and bidi controls are shown
# escaped, so text from a spec or pact cannot move the cursor, recolour the terminal or
# reorder a line. Tabs too: they are escaped rather than expanded, which rich does badly.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """``text`` with terminal-unsafe characters replaced by ``\\xNN``/``\\uNNNN`` escapes."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)


def summary_line(counts: Mapping[Severity, int]) -> str:
    """``"2 errors, 1 warning, 0 info"``."""
    error, warning = counts.get(Severity.ERROR, 0), counts.get(Severity.WARNING, 0)
    return (
        f"{error} error{'' if error == 1 else 's'}, "
        f"{warning} warning{'' if warning == 1 else 's'}, "
        f"{counts.get(Severity.INFO, 0)} info"
    )


def _field(label: str, value: str) -> Text:
    return Text.assemble((f"{label}: ", "dim"), safe_text(value))


def _body(finding: Finding) -> Text:
    """Message, then one labelled line per expected/actual/location part/detail."""
    loc = finding.location
    source = " ".join(part for part in (loc.source_file, loc.source_pointer) if part)
    fields = [
        ("expected", finding.expected),
        ("actual", finding.actual),
        ("spec", loc.spec_pointer),
        ("source", source or None),
        ("interaction", loc.interaction),
        *finding.details,
    ]
    lines = [Text(safe_text(finding.message))]
    lines += [_field(label, value) for label, value in fields if value is not None]
    return Text("\n").join(lines)


def _group(operation: str | None, findings: list[Finding]) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(overflow="fold")
    for finding in findings:
        severity = Text(finding.severity.value, style=_STYLES[finding.severity])
        table.add_row(severity, Text(safe_text(finding.code), style="bold"), _body(finding))
    heading = Text(safe_text(operation or NO_OPERATION), style="bold underline")
    return Group(heading, Padding(table, (0, 0, 1, 2)))


def render_text(
    findings: Iterable[Finding], *, title: str, width: int = 100, color: bool = False
) -> str:
    """Render findings for a terminal: title, findings by operation, per-severity summary.

    Returns plain text (no trailing spaces) unless ``color``, in which case it has ANSI
    styles. Text from findings cannot inject escapes or markup: control and bidi characters
    are shown escaped. The output does not depend on the environment (``COLUMNS``,
    ``NO_COLOR``, ``TERM``...).
    """
    items = list(findings)
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        height=25,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        force_jupyter=False,
        force_interactive=False,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(Text(safe_text(title), style="bold"))
    console.print()
    if not items:
        console.print(Text("No findings."))
        console.print()
    for operation, group in group_by_operation(items):
        console.print(_group(operation, group))
    console.print(Text(summary_line(count_by_severity(items)), style="bold"))
    text = out.getvalue()
    if color:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
