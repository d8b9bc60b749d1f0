"""Writing outputs so that nothing is ever half-written: each file goes to a temporary file
in the same folder and is renamed over the target. Callers compute every output first and
write after, so bad input leaves the output folder as it was."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from specgen.errors import UsageError


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, creating parent folders."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"cannot write: {exc.strerror or exc}", file=str(target)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_files(folder: str | os.PathLike[str], files: Mapping[str, str]) -> list[Path]:
    """Write several files under ``folder`` (relative POSIX paths), each atomically, in
    sorted order."""
    base = Path(folder)
    return [write_text(base / rel, files[rel]) for rel in sorted(files)]
