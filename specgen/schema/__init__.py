"""JSON Schema helpers shared by generation, checking and fuzzing: the one place that
follows the ``$ref``s of a spec's schemas.

- ``to_json_schema``: an OpenAPI schema as self-contained JSON Schema 2020-12, per direction
- ``unroll``: the same without ``$ref``s, recursion cut at a depth
- ``validator_for`` / ``violations``: compiled validation, every violation located
- ``example_value``: a deterministic, realistic, valid example
- ``string_regex``: a portable regex for the string forms of a primitive schema's values
- ``strategy_for``: a hypothesis strategy of valid values
"""

from specgen.schema.convert import to_json_schema, unroll
from specgen.schema.dialects import Direction
from specgen.schema.examples import example_value
from specgen.schema.formats import FORMAT_CHECKER, check_format
from specgen.schema.regex import string_form, string_regex
from specgen.schema.strategies import strategy_for
from specgen.schema.validation import Violation, validator_for, violations

__all__ = [
    "FORMAT_CHECKER",
    "Direction",
    "Violation",
    "check_format",
    "example_value",
    "strategy_for",
    "string_form",
    "string_regex",
    "to_json_schema",
    "unroll",
    "validator_for",
    "violations",
]
