"""specgen: turn OpenAPI specs into working contract tests.

The public API is what ``__all__`` lists; everything else is private and may change.
"""

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
    "load_spec",
    "load_spec_data",
]
