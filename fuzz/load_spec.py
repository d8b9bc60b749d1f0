"""Fuzz the spec loader: bytes -> text -> YAML/JSON -> $ref bundling -> the API model.

    python fuzz/load_spec.py -runs=100000 [CORPUS_DIR]

Seeds: every file under ``specs/``. Anything but a ``SpecgenError`` is a crash.
"""

from __future__ import annotations

import tempfile

import atheris
from _harness import run, spec_files

with atheris.instrument_imports(include=["specgen.spec"]):
    from specgen.errors import SpecgenError
    from specgen.spec.loader import load_spec_data
    from specgen.spec.source import Limits, decode_text, parse_text

LIMITS = Limits(max_bytes=1 << 20, max_nodes=200_000)
BASE = tempfile.mkdtemp(prefix="specgen-fuzz-base-")  # relative refs resolve to nothing here


def test_one_input(data: bytes) -> None:
    """Load ``data`` as a spec file; only SpecgenError may escape."""
    try:
        doc = parse_text(decode_text(data, "fuzz.yaml"), "fuzz.yaml", LIMITS)
        api = load_spec_data(doc, name="fuzz.yaml", base_dir=BASE)
        for op in api.operations:
            api.match(op.method, op.path)
    except SpecgenError:
        pass


if __name__ == "__main__":
    run("load_spec", test_one_input, (p.read_bytes() for p in spec_files()))
