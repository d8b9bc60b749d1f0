"""Fuzz the path matcher: templates and concrete paths built from the fuzzer's bytes.

    python fuzz/path_matcher.py -runs=100000 [CORPUS_DIR]

Property: a path made by filling a registered template's parameters with non-empty values
(percent-encoded) always matches, and the match is the filled template or one with at least
as many literal segments (OpenAPI's precedence); parameters of the filled template come back
decoded. Seeds: the path templates of ``specs/``.
"""

from __future__ import annotations

import re
import urllib.parse

import atheris
from _harness import run, spec_files

with atheris.instrument_imports(include=["specgen.spec.paths"]):
    from specgen.spec.paths import PathMatcher, split_path, split_template

_PARAM = re.compile(r"\{([^{}/]+)\}")


def _literal_segments(template: str) -> int:
    return sum(1 for s in split_path(split_template(template)[0]) if "{" not in s)


def test_one_input(data: bytes) -> None:
    """Register fuzzed templates, fill one, and check it is found."""
    fdp = atheris.FuzzedDataProvider(data)
    templates = [
        "/" + fdp.ConsumeUnicodeNoSurrogates(24).strip("/?#")
        for _ in range(fdp.ConsumeIntInRange(1, 6))
    ]
    templates = [t for t in templates if "?" not in t and "#" not in t and "%" not in t]
    if not templates:
        return
    matcher = PathMatcher((t, t) for t in templates)
    chosen = templates[fdp.ConsumeIntInRange(0, len(templates) - 1)]
    names = _PARAM.findall(chosen)
    if len(set(names)) != len(names) or "{}" in chosen or "}{" in chosen:
        return  # duplicate or adjacent parameters cannot be told apart
    values = {n: fdp.ConsumeUnicodeNoSurrogates(8) or "x" for n in names}
    path = _PARAM.sub(lambda m: urllib.parse.quote(values[m.group(1)], safe=""), chosen)
    found = matcher.match(path)
    assert found is not None, (templates, chosen, path)
    assert _literal_segments(found.template) >= _literal_segments(chosen), (found, chosen)
    if found.template == chosen and all("{" not in v and "}" not in v for v in values.values()):
        shape_ok = all(re.fullmatch(r"\{[^{}/]+\}", s) for s in split_path(chosen) if "{" in s)
        if shape_ok:
            assert found.params == values, (found.params, values, path)


def seeds() -> list[bytes]:
    found = []
    for spec in spec_files():
        text = spec.read_text(encoding="utf-8", errors="replace")
        found += [m.encode() for m in re.findall(r"^  (/[^:\s]*):", text, re.MULTILINE)]
    return found


if __name__ == "__main__":
    run("path_matcher", test_one_input, seeds())
