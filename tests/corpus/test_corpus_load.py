"""Every corpus spec loads into the model or fails with a located spec error; the path matcher
maps a concrete path built from each operation's template back to that operation."""

from __future__ import annotations

import collections
import re
import time
from pathlib import Path

import pytest

from specgen.errors import SpecgenError
from specgen.spec.api import API
from specgen.spec.loader import load_spec
from specgen.spec.model import Operation
from specgen.spec.paths import split_path, split_template
from tests.corpus import corpus

pytestmark = pytest.mark.corpus

_PARAM = re.compile(r"\{([^{}/]+)\}")


def concrete_path(template: str) -> str:
    """The template with each parameter replaced by a value no literal segment uses; a
    query or fragment in the template (``/#Action=X``) becomes the request's query."""
    path, constraints = split_template(template)
    query = "&".join(f"{k}={v if v is not None else 'q1'}" for k, v in constraints)
    return _PARAM.sub(lambda m: f"v{len(m.group(1))}q", path) + (f"?{query}" if query else "")


def _shape(segment: str) -> tuple[int, str]:
    return (0 if "{" not in segment else 1, _PARAM.sub("{}", segment))


def literal_precedence_winner(winner: str, loser: str) -> bool:
    """True when ``winner`` beats ``loser`` by OpenAPI's rule: at the first segment where
    they differ, the winner's is literal (or has more literal text) and the loser's is
    templated. Two cases are ambiguous in the spec itself, and the matcher's deterministic
    choice is accepted: templates equal but for parameter names (``/a/{id}`` and
    ``/a/{name}``; the first registered wins), and partial segments with as much literal
    text as each other (``v{n}`` and ``{x}.{y}`` both match ``v1.2``)."""
    winner, loser = split_template(winner)[0], split_template(loser)[0]
    for w, lo in zip(split_path(winner), split_path(loser), strict=False):
        if w == lo:
            continue
        if _shape(w) == _shape(lo):
            continue  # same shape, other names
        return "{" not in w or len(_PARAM.sub("", w)) >= len(_PARAM.sub("", lo))
    return True  # equivalent templates: ambiguous in the spec, first one wins


def check_matcher(api: API) -> tuple[int, int]:
    """Match every operation's concrete path; returns (exact, precedence winners)."""
    exact = winners = 0
    prefixes = ["", *api.base_paths()[:1]]
    for op in api.operations:
        for prefix in prefixes:
            path = prefix + concrete_path(op.path)
            found = api.match(op.method, path)
            assert found is not None, f"{api.name}: {op.key} not matched by {path!r}"
            other: Operation = found.operation
            if other is op:
                exact += 1
                names = _PARAM.findall(split_template(op.path)[0])
                assert set(found.path_params) == set(names), (op.key, found.path_params)
            else:
                assert literal_precedence_winner(other.path, op.path), (
                    f"{api.name}: {path!r} went to {other.key}, not {op.key}"
                )
                winners += 1
    return exact, winners


def test_corpus_loads_and_paths_match() -> None:
    if not corpus.available():
        pytest.skip("corpus not installed: run `make corpus`")
    counts: collections.Counter[str] = collections.Counter()
    rejected: list[str] = []
    unexpected: list[str] = []
    timings: list[tuple[float, str, int]] = []
    matched = collections.Counter[str]()
    for path in corpus.selected_specs():
        name = corpus.label(path)
        start = time.perf_counter()
        try:
            api = load_spec(path)
        except SpecgenError as err:
            assert (err.file and err.pointer is not None) or "line" in err.message, str(err)
            counts["rejected"] += 1
            rejected.append(f"{name}: {err}")
            continue
        except Exception as exc:  # the point of the test: none of these
            unexpected.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        timings.append((time.perf_counter() - start, name, len(api.operations)))
        counts["loaded"] += 1
        counts[f"loaded {api.source_format}"] += 1
        counts["operations"] += len(api.operations)
        counts["operation problems"] += len(api.problems)
        exact, winners = check_matcher(api)
        matched["exact"] += exact
        matched["literal-precedence winner"] += winners
    print(
        f"\ncorpus: {sum(1 for _ in corpus.selected_specs())} specs "
        f"({'full' if len(timings) > 1000 else 'sample'})"
    )
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    for line in rejected[:20]:
        print(f"  rejected: {line}")
    print(f"  path matches: {dict(matched)}")
    print("  slowest:")
    for seconds, name, ops in sorted(timings, reverse=True)[:5]:
        print(f"    {seconds:6.2f} s  {ops:6d} operations  {name}")
    assert not unexpected, "\n".join(unexpected)
    assert counts["loaded"] > 0
    swagger = [p for p in corpus.example_specs() if p.parts[-3] == "2.0"]
    for path in swagger:  # valid Swagger 2.0 examples load through the conversion
        assert load_spec(path).source_format == "swagger-2.0"


def test_the_sample_is_fixed() -> None:
    if not corpus.available():
        pytest.skip("corpus not installed: run `make corpus`")
    first = corpus.selected_specs()
    assert first == corpus.selected_specs()
    assert len(first) >= corpus.SAMPLE_SIZE
    assert all(isinstance(p, Path) and p.exists() for p in first)
