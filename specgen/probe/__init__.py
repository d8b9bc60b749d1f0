"""Provider testing: generate requests from the spec, send them to the provider, report
every response that breaks the declared contract.

Public: the strategies (``specgen.probe.strategies``), the checks (registered rules in
``specgen.probe.checks``), transports, and ``fuzz`` (``specgen.probe.runner``). The engines
(``engine_hypothesis``, ``engine_atheris``) are private: they consume the same strategies
and checks.
"""

from specgen.probe.messages import Draft, ProbeRequest, ProbeResponse
from specgen.probe.session import FuzzOptions
from specgen.probe.targets import Target
from specgen.probe.transports import (
    ASGITransport,
    HTTPTransport,
    Transport,
    TransportError,
    WSGITransport,
)

__all__ = [
    "ASGITransport",
    "Draft",
    "FuzzOptions",
    "HTTPTransport",
    "ProbeRequest",
    "ProbeResponse",
    "Target",
    "Transport",
    "TransportError",
    "WSGITransport",
]
