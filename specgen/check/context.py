"""What every rule sees about one interaction: the pact side, the operation it resolves to,
and what both sides' content negotiation selects, each computed once and shared by the rules.

Findings are located twice: ``source_pointer`` into the pact file, ``spec_pointer`` into the
spec (into the file that holds it, named in the ``spec_file`` detail when that is not the
main file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar
from urllib.parse import urlencode

from specgen.check.media import find_matching_type
from specgen.check.params import path_value, typing_for
from specgen.errors import SpecError
from specgen.findings import Finding, Location
from specgen.pact.model import Body, BodyKind, HttpInteraction, MessageInteraction, Pact
from specgen.rules import RULES
from specgen.spec import pointer as jp
from specgen.spec.api import API, OperationMatch
from specgen.spec.model import MediaType, Operation, ParameterLocation, Response

DEFAULT_MEDIA_TYPE = "application/json"
T = TypeVar("T")


def spec_location(api: API, pointer: str | None) -> tuple[str | None, dict[str, str]]:
    """A document pointer as (pointer in its file, details naming the file if not the main)."""
    if pointer is None:
        return None, {}
    file, local = api.locate(pointer)
    main, _ = api.locate("")
    return local, ({} if file == main else {"spec_file": file})


def fits(api: API, match: OperationMatch) -> bool:
    """Whether every path parameter of ``match`` fits its schema."""
    for param in match.operation.parameters:
        text = match.path_params.get(param.name)
        if param.location is not ParameterLocation.PATH or text is None or not param.schema:
            continue
        try:
            typing = typing_for(api, param.schema)
        except SpecError:
            continue
        if not typing.validator.is_valid(path_value(param, text, typing)):
            return False
    return True


def _state_details(names: tuple[str, ...]) -> dict[str, str]:
    return {"provider_state": "; ".join(names)} if names else {}


@dataclass(frozen=True, slots=True)
class MediaChoice:
    """The media type a header selects among the declared ones."""

    declared: tuple[MediaType, ...]
    header: str | None  # the pact's header value, if sent
    chosen: MediaType | None  # None: nothing declared, or the header matches nothing

    @property
    def incompatible(self) -> bool:
        """The pact names a type, the spec declares types, and none of them matches."""
        return bool(self.header and self.declared and self.chosen is None)


def choose_media(declared: tuple[MediaType, ...], *wanted: str | None) -> MediaChoice:
    """The declared media type the first sent header selects (else the first declared)."""
    names = [m.media_type for m in declared]
    header = next((w for w in wanted if w), None)
    if header is None:
        if not declared:
            return MediaChoice(declared, None, None)
        default = find_matching_type(DEFAULT_MEDIA_TYPE, names) or names[0]
        return MediaChoice(declared, None, declared[names.index(default)])
    found = find_matching_type(header, names)
    return MediaChoice(declared, header, declared[names.index(found)] if found else None)


class InteractionContext:
    """One HTTP interaction of a pact, against one API."""

    def __init__(self, api: API, pact: Pact, interaction: HttpInteraction, index: int) -> None:
        self.api = api
        self.pact = pact
        self.interaction = interaction
        self.index = index
        self.request = interaction.request
        self.response = interaction.response
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """Compute something several rules need once per interaction."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]  # type: ignore[no-any-return]

    # -- the route -------------------------------------------------------------------------

    @cached_property
    def match(self) -> OperationMatch | None:
        """The operation the request resolves to (None when the method/path is unknown)."""
        path = self.request.path if self.request.path.startswith("/") else "/" + self.request.path
        if "?" in path or "#" in path:
            return None  # a query belongs in the pact's query, not its path
        if self.request.query:
            # some specs tell operations apart by a query (`/#Action=RunInstances`)
            pairs = [(k, v) for k in self.request.query for v in self.request.query[k]]
            path = f"{path}?{urlencode(pairs)}"
        found = self.api.match(self.request.method, path)
        if found is None or fits(self.api, found):
            return found
        # Templates of one shape (`/items/{id}`, `/items/{slug}`): the first whose path
        # parameters fit is the one the request is for.
        others = (m for m in self._matches(path) if m.operation is not found.operation)
        return next((m for m in others if fits(self.api, m)), found)

    def _matches(self, path: str) -> Iterator[OperationMatch]:
        bare = path.partition("?")[0]
        stripped = [
            path[len(base) :] or "/"
            for base in self.api.base_paths()
            if bare == base or bare.startswith(base + "/")
        ]
        for candidate in [*stripped, path]:
            for m in self.api.matcher.iter_matches(candidate):
                if m.value.method == self.request.method:
                    yield OperationMatch(m.value, m.params)

    @property
    def operation(self) -> Operation | None:
        """The matched operation."""
        return self.match.operation if self.match else None

    @cached_property
    def valid_request(self) -> bool:
        """Whether the consumer expects success (status < 400): only then must the request
        satisfy the spec, as in PactFlow's tools (a pact may send a bad request on purpose
        when it expects an error)."""
        return self.response.status < 400

    # -- negotiation -----------------------------------------------------------------------

    @cached_property
    def request_media(self) -> MediaChoice:
        """The request body's media type, chosen by the pact's ``Content-Type``."""
        op = self.operation
        declared = op.request_body.content if op and op.request_body else ()
        return choose_media(declared, self.request.headers.first("content-type"))

    @cached_property
    def spec_response(self) -> Response | None:
        """The response the pact's status selects: exact, then range, then ``default``."""
        op = self.operation
        return op.response_for(self.response.status) if op else None

    @cached_property
    def response_media(self) -> MediaChoice:
        """The response body's media type: chosen by the pact's response ``Content-Type``,
        falling back to the request's ``Accept`` (PactFlow uses ``Accept`` only)."""
        declared = self.spec_response.content if self.spec_response else ()
        content_type = self.response.headers.first("content-type")
        choice = choose_media(declared, content_type)
        if content_type is None:
            accept = self.request.headers.first("accept")
            alternative = choose_media(declared, accept)
            if alternative.chosen is not None:
                return MediaChoice(declared, None, alternative.chosen)
        return choice

    # -- locations -------------------------------------------------------------------------

    def pact_pointer(self, side: str, *tokens: str | int) -> str:
        """A pointer into the pact below the request or response (``side``)."""
        part = self.request if side == "request" else self.response
        base = part.pointer or jp.join(self.interaction.pointer or "", side)
        return jp.join(base, *tokens) if tokens else base

    def query_pointer(self, name: str) -> str:
        """Where a query parameter is in the pact (v1/v2 keep the query as one string)."""
        if self.pact.major_version < 3:
            return self.pact_pointer("request", "query")
        return self.pact_pointer("request", "query", name)

    def header_pointer(self, side: str, name: str) -> str:
        """Where a header is in the pact, under the name as the pact spells it."""
        headers = self.request.headers if side == "request" else self.response.headers
        spelled = next((h for h in headers if h.lower() == name.lower()), name)
        return self.pact_pointer(side, "headers", spelled)

    @staticmethod
    def body_pointer(body: Body, instance_pointer: str = "") -> str:
        """Where a value inside a body is in the pact."""
        return (body.pointer or "") + instance_pointer

    def finding(
        self,
        code: str,
        message: str,
        *,
        pact: str | None,
        spec: str | None,
        expected: str | None = None,
        actual: str | None = None,
        details: Mapping[str, str] | None = None,
    ) -> Finding:
        """A finding of rule ``code`` located in this interaction."""
        op = self.operation
        spec_pointer, spec_details = spec_location(self.api, spec)
        return RULES.get(code).finding(
            message,
            location=Location(
                operation=op.key if op else f"{self.request.method} {self.request.path}",
                spec_pointer=spec_pointer,
                source_file=self.pact.file,
                source_pointer=pact,
                interaction=self.interaction.description,
            ),
            expected=expected,
            actual=actual,
            details={
                **spec_details,
                **_state_details(self.interaction.state_names),
                **(details or {}),
            },
        )


def body_value(body: Body) -> tuple[bool, Any]:
    """(present, value) of a body for validation: ``null`` is a value, empty is absent."""
    if body.kind is BodyKind.PRESENT:
        return True, body.content
    if body.kind is BodyKind.NULL:
        return True, None
    return False, None


@dataclass(frozen=True, slots=True)
class MessageContext:
    """A message interaction of a pact (checked against nothing: OpenAPI has no messages)."""

    pact: Pact
    interaction: MessageInteraction
    index: int

    def finding(self, code: str, message: str) -> Finding:
        """A finding of rule ``code`` located at this message."""
        return RULES.get(code).finding(
            message,
            location=Location(
                operation=f"message: {self.interaction.description}",
                source_file=self.pact.file,
                source_pointer=self.interaction.pointer,
                interaction=self.interaction.description,
            ),
            details={"type": self.interaction.type},
        )
