"""An exchange (request, response, the operation it was for) and what checks report.

``Exchange`` computes the spec verdicts (openapi-core on request and response) on first use
and at most once, so checks that need none of them cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.probe.messages import Draft, ProbeRequest, ProbeResponse
from specgen.probe.minted import carries_minted
from specgen.probe.validation import Problem, Validator
from specgen.spec.api import API
from specgen.spec.model import Operation


@dataclass(frozen=True, slots=True)
class Failure:
    """One check failing on one exchange."""

    code: str
    cause: str
    message: str
    expected: str | None = None
    actual: str | None = None
    pointer: str | None = None


@dataclass(slots=True)
class Exchange:
    """A request and its response, with the spec verdicts computed on first use."""

    api: API
    operation: Operation
    draft: Draft
    request: ProbeRequest
    response: ProbeResponse
    base_path: str = ""
    max_response_time: float | None = None
    after_delete: bool = False
    _request: list[Problem] | None = field(default=None, repr=False)
    _response: list[Problem] | None = field(default=None, repr=False)

    @property
    def request_problems(self) -> list[Problem]:
        """How the request breaks the spec (openapi-core); [] when valid."""
        if self._request is None:
            validator = Validator.of(self.api)
            self._request = validator.request_problems(self.operation, self.request, self.base_path)
        return self._request

    @property
    def response_problems(self) -> list[Problem]:
        """How the response breaks the spec (openapi-core); [] when it conforms."""
        if self._response is None:
            validator = Validator.of(self.api)
            self._response = validator.response_problems(
                self.operation, self.request, self.response, self.base_path
            )
        return self._response

    def carries_minted(self) -> bool:
        """Whether the request sends a provider-minted value (a cursor, a signed token)."""
        return carries_minted(self.api, self.operation, self.draft)

    @property
    def stray_body(self) -> bool:
        """Whether the request carries a body its operation does not take: the spec says
        nothing about its answer, so only a server error counts."""
        return self.draft.has_body and self.operation.request_body is None

    def contract_applies(self) -> bool:
        """Whether the response-contract checks apply (see the module docstring)."""
        status = self.response.status
        if status >= 500 or self.stray_body:
            return False
        refusal = 400 <= status < 500 and self.operation.response_for(status) is None
        return not (refusal and self.request_problems)

    def response_pointer(self, *tokens: str) -> str:
        """Pointer to the documented response of this status (or the responses object)."""
        documented = self.operation.response_for(self.response.status)
        base = documented.pointer if documented else f"{self.operation.pointer}/responses"
        return "/".join([base, *tokens])
