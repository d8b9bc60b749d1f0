"""WireMock stub mappings generated from a loaded API (``generate_stubs``).

For each selected operation (see ``specgen.stubs.errors`` for the roles):

- a **success** stub per request-body kind, matching only requests the spec allows
  (``specgen.stubs.matching``, ``specgen.stubs.security``);
- **unauthorized**, **invalid** and **not-found** stubs that give requests the success stub
  refused the spec's own error response instead of WireMock's 404;
- a **selected** stub per other exactly documented status, served on ``Prefer: code=N``.

Priorities order the stubs the way OpenAPI routes requests, then by role
(``specgen.stubs.operation``).

Everything is computed before anything is written, and the same API, selectors and seed
give the same mappings, ids and file names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specgen.errors import SpecError
from specgen.output import write_files, write_text
from specgen.select import select
from specgen.spec.api import API
from specgen.spec.loader import load_spec
from specgen.spec.model import Operation
from specgen.stubs import model as wm
from specgen.stubs.bodyschema import BUDGET
from specgen.stubs.operation import OperationStubs

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Stubs:
    """Generated stub mappings, sorted by name, and what could not be generated."""

    api_title: str
    mappings: tuple[wm.StubMapping, ...]
    problems: tuple[SpecError, ...]
    operations: int

    def document(self) -> dict[str, Any]:
        """One ``{"mappings": [...]}`` document, for ``POST /__admin/mappings/import``."""
        return {"mappings": [m.to_json() for m in self.mappings]}

    def files(self) -> dict[str, str]:
        """``mappings/NAME.json`` -> file text, one mapping per file."""
        return {f"mappings/{m.name}.json": dump(m.to_json()) for m in self.mappings}

    def write(self, folder: str | os.PathLike[str]) -> list[Path]:
        """Write ``folder/mappings/*.json`` (each file atomically) and remove the files an
        earlier run wrote for this API that this run no longer writes."""
        files = self.files()
        written = write_files(folder, files)
        for stale in sorted(Path(folder, "mappings").glob("*.json")):
            if f"mappings/{stale.name}" not in files and _ours(stale, self.api_title):
                stale.unlink(missing_ok=True)
        return written

    def write_document(self, path: str | os.PathLike[str]) -> Path:
        """Write the single import document to ``path`` atomically."""
        return write_text(path, dump(self.document()))


def dump(value: Any) -> str:
    """JSON text as specgen writes mapping files: indented, UTF-8, a final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _ours(path: Path, title: str) -> bool:
    try:
        meta = json.loads(path.read_text("utf-8")).get("metadata", {}).get("specgen", {})
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(meta, dict) and meta.get("api") == title


def generate_stubs(
    spec: API | str | os.PathLike[str],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    seed: int = 0,
    base_path: str | None = None,
    schema_budget: int = BUDGET,
) -> Stubs:
    """WireMock stub mappings for the operations of the API chosen by ``include``/``exclude``
    (selectors as in ``specgen.select``). Paths start with ``base_path``, by default each
    operation's first server's. ``seed`` varies generated example bodies and headers;
    ``schema_budget`` bounds the bytes of one body schema (see ``specgen.stubs.bodyschema``).
    An operation or response that cannot be stubbed is left out and reported in
    ``problems``; ``UsageError`` for a selector that matches nothing. ``spec`` is a loaded
    API or a spec file to load."""
    api = spec if isinstance(spec, API) else load_spec(spec)
    slugs = _slugs(api.operations)
    mappings: list[wm.StubMapping] = []
    problems: list[SpecError] = []
    ops = select(api.operations, include, exclude)
    for op in ops:
        base = base_path if base_path is not None else op.base_path
        builder = OperationStubs(api, op, base, seed, schema_budget, slugs[op.key])
        try:
            builder.build()
        except SpecError as err:
            problems.append(err)
        mappings.extend(builder.mappings)
        problems.extend(builder.problems)
    mappings.sort(key=lambda m: m.name)
    return Stubs(api.title, tuple(mappings), tuple(problems), len(ops))


def _slugs(operations: Sequence[Operation]) -> dict[str, str]:
    """A file-name-safe stem per operation: its operationId (else method and path), with a
    hash of the operation when two stems would collide (case-insensitively)."""
    stems: dict[str, str] = {}
    for op in operations:
        text = op.operation_id or f"{op.method.lower()}-{op.path}"
        stems[op.key] = _UNSAFE.sub("_", text).strip("_.-")[:80] or "operation"
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem.lower()] = counts.get(stem.lower(), 0) + 1
    return {
        key: stem if counts[stem.lower()] == 1 else f"{stem}-{_digest(key)}"
        for key, stem in stems.items()
    }


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
