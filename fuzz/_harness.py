"""Shared plumbing for specgen's own atheris harnesses (``python fuzz/<name>.py -runs=N``).

Each harness feeds fuzzer bytes to one of specgen's parsers. Input specgen cannot use must
raise a ``SpecgenError``; any other exception is a crash, which libFuzzer records as
``crash-<sha1>`` (keep it under ``fuzz/regressions/<name>/`` once fixed). Without a corpus
folder on the command line the harness fuzzes a temporary one; a corpus folder that is
empty (the first nightly run) is seeded from ``seeds()`` and the kept regressions first.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
sys.path.insert(0, str(ROOT))


def spec_files() -> list[Path]:
    """Every YAML/JSON file under ``specs/``."""
    return sorted(p for p in (ROOT / "specs").rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


def run(name: str, test_one_input: Callable[[bytes], None], seeds: Iterable[bytes]) -> None:
    """Fuzz ``test_one_input`` with libFuzzer; never returns."""
    args = list(sys.argv)
    folders = [Path(a) for a in args[1:] if not a.startswith("-")]
    if not folders:
        corpus = Path(tempfile.mkdtemp(prefix=f"specgen-fuzz-{name}-"))
        args.append(str(corpus))
    else:
        corpus = folders[0]  # libFuzzer writes new inputs to the first folder
    if corpus.is_dir() and not any(corpus.iterdir()):
        found = list(seeds) + [p.read_bytes() for p in sorted((REGRESSIONS / name).glob("*"))]
        for index, data in enumerate(found):
            (corpus / f"seed-{index:04d}").write_bytes(data)
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()
