"""Example values: deterministic, realistic and valid.

A value is built from the converted schema (``to_json_schema``), preferring what the spec
author wrote (``example``/``examples``, ``default``, ``const``, ``enum``) and synthesising
the rest (see ``specgen.schema.synth``); whatever is returned has passed the same validator
that ``violations`` uses. A schema no value satisfies, or one too contrived to find a value
for within a fixed budget of validations, is a located ``SpecError``.
"""

from __future__ import annotations

import copy
from typing import Any

from specgen.errors import SpecError
from specgen.schema.convert import as_schema, cache_key
from specgen.schema.dialects import Direction
from specgen.schema.synth import OutOfBudget, Synth
from specgen.schema.validation import Compiled, compiled
from specgen.spec.api import API
from specgen.spec.model import Schema

_BUDGET = 1500  # validations per value: ample for real specs, bounded for hostile ones
_ROOT_CANDIDATES = 40


def example_value(
    api: API,
    schema: Schema | Any,
    *,
    direction: Direction,
    seed: int = 0,
    optional: bool = False,
    pointer: str | None = None,
) -> Any:
    """A valid value of ``schema`` (a ``Schema``, or raw JSON with its ``pointer``) for
    ``direction``: the schema's own example, default, const or enum value when valid, else
    a synthesised one with every required property (and the optional ones too when
    ``optional``). ``seed`` varies synthesised values; the same inputs always give the same
    value. Raises ``SpecError`` when no value is found, and no other exception."""
    schema = as_schema(schema, pointer)
    found = compiled(api, schema, direction)
    key = f"specgen.schema.example:{direction}:{cache_key(api, schema)}:{seed}:{optional}"
    result = api.cached(key, lambda: _search(api, found, seed, optional))
    if isinstance(result, SpecError):
        raise SpecError(result.message, file=result.file, pointer=result.pointer)
    return copy.deepcopy(result[0])


def _search(api: API, found: Compiled, seed: int, optional: bool) -> tuple[Any] | SpecError:
    """``(value,)`` or the error to raise (both cached)."""
    root = found.converted.schema
    attempts = [(seed, optional), (seed, False), (seed + 1, False), (seed + 7, False)]
    budget = _BUDGET
    nearest: Any = None
    blame: Any = None
    for attempt_seed, attempt_optional in dict.fromkeys(attempts):
        synth = Synth(
            root, found.validator, seed=attempt_seed, optional=attempt_optional, budget=budget
        )
        try:
            for count, value in enumerate(synth.values(root, (), "", attempt_seed)):
                if synth.valid(root, value):
                    return (value,)
                if nearest is None:
                    nearest = (value,)
                if count >= _ROOT_CANDIDATES:
                    break
        except (OutOfBudget, RecursionError):
            pass
        budget = max(synth.budget, 0)
        if blame is None and synth.failed:
            blame = synth.failed[0]
        if budget == 0:
            break
    return _unsatisfiable(api, found, nearest, blame)


def _unsatisfiable(api: API, found: Compiled, nearest: Any, blame: Any) -> SpecError:
    conv = found.converted
    where = conv.origins.get(id(blame), conv.pointer) if blame is not None else conv.pointer
    detail = ""
    if nearest is not None:
        errors = sorted(found.validator.iter_errors(nearest[0]), key=lambda e: list(e.path))
        if errors:
            detail = f"; the nearest candidate fails: {errors[0].message}"
    file, local = api.locate(where)
    return SpecError(
        f"specgen found no value that satisfies this schema{detail}", file=file, pointer=local
    )
