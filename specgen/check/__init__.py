"""Cross-checking consumer pacts against provider specs (bi-directional contract testing).

``check_pact(api, pact)`` runs every rule registered under category ``check`` on every
interaction and returns a ``PactResult``; ``specgen.check.matrix`` checks directories of
specs and pacts pair by pair. Rule codes are PactFlow's where PactFlow has one (see
``docs/rules.md`` and ``docs/check.md``).
"""

from specgen.check.engine import (
    PactResult,
    check_interaction,
    check_pact,
    check_pacts,
    check_spec,
)

__all__ = ["PactResult", "check_interaction", "check_pact", "check_pacts", "check_spec"]
