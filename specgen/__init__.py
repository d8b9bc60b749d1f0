"""specgen: turn OpenAPI specs into working contract tests.

The public API is what ``__all__`` lists; everything else is private and may change.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from specgen.errors import RefError, SourceError, SpecError, SpecgenError, UsageError
from specgen.findings import Finding, Location, Severity
from specgen.spec.api import API, OperationMatch
from specgen.spec.loader import load_spec, load_spec_data
from specgen.spec.model import (
    Callback,
    Dialect,
    Example,
    Header,
    Link,
    MediaType,
    Operation,
    Parameter,
    ParameterLocation,
    RequestBody,
    Response,
    Schema,
    SecurityRequirement,
    SecurityScheme,
    Server,
)

__version__ = "0.1.0"

if _TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from os import PathLike
    from typing import Literal

    from specgen.check.engine import PactResult
    from specgen.pact.generate import GeneratedPact
    from specgen.pact.model import Pact
    from specgen.stubs.generate import Stubs


def check_pact(
    spec: "API | str | PathLike[str]", pact: "Pact | str | PathLike[str]"
) -> "PactResult":
    """Check a consumer pact against a provider spec (bi-directional contract testing): a
    ``PactResult`` whose ``.findings`` use PactFlow's rule codes where PactFlow has one
    (docs/rules.md, docs/check.md) and whose ``.errors`` counts the incompatibilities.
    ``spec`` is a loaded ``API`` or a spec file, ``pact`` a ``specgen.pact.Pact`` or a pact
    file (v1.1-v4)."""
    from specgen.check.engine import check_pact as check
    from specgen.pact.model import Pact as _Pact
    from specgen.pact.reader import read_pact

    api = spec if isinstance(spec, API) else load_spec(spec)
    return check(api, pact if isinstance(pact, _Pact) else read_pact(pact))


def generate_pact(
    spec: "API | str | PathLike[str]",
    *,
    consumer: str,
    provider: str,
    pact_spec: "Literal[3, 4]" = 3,
    include: "Sequence[str]" = (),
    exclude: "Sequence[str]" = (),
    seed: int = 0,
    states: "Mapping[str, _Any] | None" = None,
    base_path: str | None = None,
    operations: "Sequence[Operation] | None" = None,
) -> "GeneratedPact":
    """A Pact consumer contract for ``consumer`` calling ``provider`` as ``spec`` describes
    it: a ``GeneratedPact`` (``.text``, ``.skipped``, ``.write(folder)``). The options are
    those of ``specgen pacts``; ``specgen.pact.generate.generate_pact`` and docs/pacts.md
    describe them."""
    from specgen.pact.generate import generate_pact as generate

    return generate(
        spec,
        consumer=consumer,
        provider=provider,
        pact_spec=pact_spec,
        include=include,
        exclude=exclude,
        seed=seed,
        states=states,
        base_path=base_path,
        operations=operations,
    )


def generate_stubs(
    spec: "API | str | PathLike[str]",
    *,
    include: "Sequence[str]" = (),
    exclude: "Sequence[str]" = (),
    seed: int = 0,
    base_path: str | None = None,
) -> "Stubs":
    """WireMock 3 stub mappings for the operations of ``spec``: a ``Stubs`` (``.mappings``,
    ``.problems``, ``.write(folder)``, ``.document()`` for the admin API). The options are
    those of ``specgen stubs``; ``specgen.stubs.generate.generate_stubs`` and docs/stubs.md
    describe them."""
    from specgen.stubs.generate import generate_stubs as generate

    return generate(spec, include=include, exclude=exclude, seed=seed, base_path=base_path)


__all__ = [
    "API",
    "Callback",
    "Dialect",
    "Example",
    "Finding",
    "Header",
    "Link",
    "Location",
    "MediaType",
    "Operation",
    "OperationMatch",
    "Parameter",
    "ParameterLocation",
    "RefError",
    "RequestBody",
    "Response",
    "Schema",
    "SecurityRequirement",
    "SecurityScheme",
    "Server",
    "Severity",
    "SourceError",
    "SpecError",
    "SpecgenError",
    "UsageError",
    "__version__",
    "check_pact",
    "generate_pact",
    "generate_stubs",
    "load_spec",
    "load_spec_data",
]
