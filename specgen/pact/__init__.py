"""Pact files: reading v1-v4 into one typed model, writing v3/v4, Pact matching rules.

``read_pact``/``parse_pact`` read; ``write_pact_json`` writes; ``check_with_pact_core`` (in
``specgen.pact.core``) asks the real Pact core (pact_ffi) whether it reads a pact the same way.
"""

from specgen.pact.base import JSON, JsonBlob, PactError
from specgen.pact.matchers import Combine, Matcher, RuleGroup
from specgen.pact.model import (
    Body,
    BodyKind,
    Headers,
    HttpInteraction,
    Interaction,
    MessageInteraction,
    Pact,
    ProviderState,
    Query,
    Request,
    Response,
)
from specgen.pact.paths import MatcherPath
from specgen.pact.reader import parse_pact, read_pact
from specgen.pact.rules import Category, MatchingRules
from specgen.pact.writer import write_pact_json

__all__ = [
    "JSON",
    "Body",
    "BodyKind",
    "Category",
    "Combine",
    "Headers",
    "HttpInteraction",
    "Interaction",
    "JsonBlob",
    "Matcher",
    "MatcherPath",
    "MatchingRules",
    "MessageInteraction",
    "Pact",
    "PactError",
    "ProviderState",
    "Query",
    "Request",
    "Response",
    "RuleGroup",
    "parse_pact",
    "read_pact",
    "write_pact_json",
]
