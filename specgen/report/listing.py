"""Rendering ``specgen inspect`` listings as text or JSON.

The text table is laid out here rather than with ``rich.table``: rich measures every cell
and takes about a second for GitHub's 845 operations, which is most of ``inspect``'s time.
"""

from __future__ import annotations

import json
from typing import Any

from specgen.report.words import counted

_COLUMNS = ("METHOD", "PATH", "OPERATION ID", "STATUSES", "MEDIA TYPES")
_MAX_WIDTH = (14, 60, 48, 30, 80)


def listing_json(listing: dict[str, Any]) -> str:
    """The listing as a JSON document (indent 2, trailing newline)."""
    return json.dumps(listing, indent=2, ensure_ascii=False) + "\n"


def _rows(listing: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for kind, entries in (("", listing["operations"]), ("webhook ", listing["webhooks"])):
        for op in entries:
            media = sorted(set(op["requestMediaTypes"]) | set(op["responseMediaTypes"]))
            rows.append(
                (
                    kind + op["method"],
                    op["path"],
                    op["operationId"] or "-",
                    " ".join(op["statuses"]) or "-",
                    " ".join(media) or "-",
                )
            )
    return rows


def listing_text(listing: dict[str, Any]) -> str:
    """The listing as an aligned table a person reads (long cells are not cut)."""
    rows = _rows(listing)
    widths = [
        min(limit, max([len(col)] + [len(r[i]) for r in rows]))
        for i, (col, limit) in enumerate(zip(_COLUMNS, _MAX_WIDTH, strict=True))
    ]
    head = (
        f"{listing['title'] or listing['spec']} {listing['version']}  "
        f"({listing['format']}, {counted(len(listing['operations']), 'operation')}"
        + (f", {counted(len(listing['webhooks']), 'webhook')}" if listing["webhooks"] else "")
        + ")"
    )
    lines = [head, ""]
    for row in [_COLUMNS, *rows]:
        cells = [cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"
