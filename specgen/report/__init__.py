"""Report renderers: findings in, a string out. Nothing here prints or writes files.

The CLI picks a renderer by name from ``RENDERERS`` (``FORMATS`` lists the names) and
passes one ``ReportContext`` holding what any of them needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from specgen.errors import UsageError
from specgen.findings import Finding
from specgen.report.json_report import render_json
from specgen.report.junit import render_junit

if TYPE_CHECKING:
    from specgen.report.text import render_text

__all__ = [
    "FORMATS",
    "RENDERERS",
    "Renderer",
    "ReportContext",
    "get_renderer",
    "render_json",
    "render_junit",
    "render_text",
]


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything a renderer may need besides the findings.

    ``title`` is the text report's title and the JUnit suite name; ``subject`` describes
    what was checked (e.g. ``{"spec": "api.yaml", "pact": "web.json"}``); ``cases`` are the
    operations checked, so JUnit lists the ones without findings as passing.
    """

    title: str
    tool_version: str
    subject: Mapping[str, str] = field(default_factory=dict)
    cases: Sequence[str] | None = None
    width: int = 100
    color: bool = False


Renderer = Callable[[Sequence[Finding], ReportContext], str]


def __getattr__(name: str) -> Any:
    # rich is imported only when text is rendered: it costs `specgen inspect` ~50 ms
    if name == "render_text":
        from specgen.report.text import render_text

        return render_text
    raise AttributeError(name)


def _text(findings: Sequence[Finding], ctx: ReportContext) -> str:
    from specgen.report.text import render_text

    return render_text(findings, title=ctx.title, width=ctx.width, color=ctx.color)


def _json(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return render_json(findings, tool_version=ctx.tool_version, subject=ctx.subject)


def _junit(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return render_junit(findings, suite_name=ctx.title, cases=ctx.cases)


#: Renderer by format name.
RENDERERS: Mapping[str, Renderer] = MappingProxyType(
    {"text": _text, "json": _json, "junit": _junit}
)

#: The format names, in the order ``--format`` help lists them.
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def get_renderer(name: str) -> Renderer:
    """The renderer for format ``name``; UsageError (exit 2 in the CLI) if unknown."""
    try:
        return RENDERERS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None
