"""Fuzz checks: one registered rule per way a provider can break its contract.

Each check takes one ``Exchange`` (the operation, the request sent, the response) and
returns ``Failure`` values; ``cause`` is what deduplication keys on together with the
operation and the rule code, so it never holds generated values.

Two policies keep findings honest. A 5xx is reported as a server error only: its body is a
crash page, and checking it against the declared error schema would report the same crash
again. A request that breaks the spec may be refused with any 4xx, declared or not: the spec
describes the answers to valid requests, and a refusal is what negative testing wants. A
request with a body its operation does not take (``Exchange.stray_body``) is outside the spec
altogether: it may be ignored (2xx) or refused (any 4xx), and only a server error counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from specgen.errors import UsageError
from specgen.findings import Severity
from specgen.probe.exchange import Exchange, Failure
from specgen.probe.messages import ProbeResponse
from specgen.rules import RULES, load_rules

CATEGORY = "fuzz"
#: Statuses that say "your request is malformed": a valid request must not get them.
REJECTING = frozenset({400, 405, 415})
_NOISE = re.compile(r"[0-9a-fA-F]{8,}|\d+")


Check = Callable[[Exchange], list[Failure]]


def _failures(
    ex: Exchange,
    code: str,
    kinds: tuple[str, ...],
    pointer: str,
    *,
    message: str | None = None,
    expected: str | None = None,
    actual: str | None = None,
) -> list[Failure]:
    """A ``code`` failure per response problem of ``kinds`` (when the contract applies):
    openapi-core's message, or ``message``/``expected``/``actual`` when given."""
    if not ex.contract_applies():
        return []
    return [
        Failure(
            code, p.cause, message or p.message, expected=expected, actual=actual, pointer=pointer
        )
        for p in ex.response_problems
        if p.kind in kinds
    ]


def fingerprint(response: ProbeResponse) -> str:
    """Status, media type and the first line of the body with numbers and ids blurred."""
    first = response.body[:400].decode("utf-8", "replace").strip().splitlines()
    head = _NOISE.sub("#", first[0])[:80] if first else ""
    return f"{response.status} {response.media_type or '-'} {head}".strip()


@RULES.register(
    "fuzz.server-error",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="The provider answered with a 5xx status (or crashed in-process).",
)
def server_error(ex: Exchange) -> list[Failure]:
    """Any 5xx response is a finding, declared or not: a valid or invalid request alike
    should be answered, not crash the provider. Deduplicated by status, media type and the
    first line of the body (numbers and ids blurred), so two different crashes of one
    operation are two findings. For in-process apps an exception escaping the app counts as
    a 500 whose body names the exception."""
    if ex.response.status < 500:
        return []
    body = ex.response.body[:200].decode("utf-8", "replace")
    return [
        Failure(
            "fuzz.server-error",
            fingerprint(ex.response),
            f"server error {ex.response.status}",
            expected="a status below 500",
            actual=f"{ex.response.status}: {body}",
            pointer=ex.operation.pointer,
        )
    ]


@RULES.register(
    "fuzz.status-undeclared",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="The response status is not declared for the operation.",
)
def status_undeclared(ex: Exchange) -> list[Failure]:
    """The status is neither listed, covered by a range (``4XX``) nor by ``default``.
    Not reported for a 4xx answering a request that breaks the spec (a refusal is fine)."""
    return _failures(
        ex,
        "fuzz.status-undeclared",
        ("status",),
        f"{ex.operation.pointer}/responses",
        message=f"status {ex.response.status} is not declared",
        expected=" ".join(ex.operation.statuses()),
        actual=str(ex.response.status),
    )


@RULES.register(
    "fuzz.content-type-undeclared",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="The response's Content-Type is not declared for its status.",
)
def content_type_undeclared(ex: Exchange) -> list[Failure]:
    """The response has a media type its documented response does not list."""
    documented = ex.operation.response_for(ex.response.status)
    declared = " ".join(m.media_type for m in documented.content) if documented else ""
    return _failures(
        ex,
        "fuzz.content-type-undeclared",
        ("media-type",),
        ex.response_pointer("content"),
        message=f"Content-Type {ex.response.media_type} is not declared",
        expected=declared or None,
        actual=ex.response.media_type,
    )


@RULES.register(
    "fuzz.response-schema",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="The response body does not match its declared schema.",
)
def response_schema(ex: Exchange) -> list[Failure]:
    """openapi-core validates the body against the schema of the documented response and
    media type. Deduplicated by status, the instance path (array indices as ``*``) and the
    failing keyword, so one missing field is one finding however many responses show it."""
    return _failures(ex, "fuzz.response-schema", ("schema", "body"), ex.response_pointer("content"))


@RULES.register(
    "fuzz.response-header",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="A declared response header is missing or does not match its schema.",
)
def response_header(ex: Exchange) -> list[Failure]:
    """Required headers of the documented response must be present, and every declared
    header that is present must match its schema."""
    return _failures(
        ex,
        "fuzz.response-header",
        ("header-missing", "header-invalid"),
        ex.response_pointer("headers"),
    )


@RULES.register(
    "fuzz.negative-data-accepted",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="A request that breaks the spec was accepted with a 2xx status.",
)
def negative_data_accepted(ex: Exchange) -> list[Failure]:
    """The request violates the spec (as openapi-core reads it: a missing required field,
    a value below its minimum, a wrong type...) yet the provider answered 2xx. Deduplicated
    by the violated rules, e.g. ``body/items/*/quantity: minimum``."""
    # not for a stray body (one the operation does not take): HTTP lets a server ignore it
    if not 200 <= ex.response.status < 300 or ex.stray_body or not ex.request_problems:
        return []
    causes = sorted({p.cause for p in ex.request_problems})
    return [
        Failure(
            "fuzz.negative-data-accepted",
            "; ".join(causes[:3]),
            f"invalid request accepted with {ex.response.status}",
            expected="a 4xx refusal",
            actual=f"{ex.response.status}; the request breaks: "
            + "; ".join(p.message for p in ex.request_problems[:3]),
            pointer=ex.operation.pointer,
        )
    ]


@RULES.register(
    "fuzz.positive-data-rejected",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="A request that conforms to the spec was refused as malformed (400/405/415).",
)
def positive_data_rejected(ex: Exchange) -> list[Failure]:
    """The request is valid by the spec (openapi-core finds nothing wrong with it) but the
    provider answered 400, 405 or 415: its validation is stricter than its contract.
    401/403 (credentials), 404 (generated ids name nothing), 409 and 422 (business rules)
    are not refusals of the request's form and are not reported here; nor is a request that
    carries an invented value for a parameter only the provider can mint (a ``cursor``, a
    page token, a parameter described as opaque)."""
    # nor a stray body: the spec says nothing of the answer to a request outside it
    if (
        ex.response.status not in REJECTING
        or ex.stray_body
        or ex.carries_minted()
        or ex.request_problems
    ):
        return []
    return [
        Failure(
            "fuzz.positive-data-rejected",
            str(ex.response.status),
            f"valid request refused with {ex.response.status}",
            expected="not 400/405/415 for a request the spec allows",
            actual=f"{ex.response.status}: " + ex.response.body[:200].decode("utf-8", "replace"),
            pointer=ex.operation.pointer,
        )
    ]


@RULES.register(
    "fuzz.use-after-delete",
    severity=Severity.ERROR,
    category=CATEGORY,
    summary="A resource could still be read after a successful DELETE.",
)
def use_after_delete(ex: Exchange) -> list[Failure]:
    """In a create-then-delete flow (POST a resource, DELETE it with 2xx), a GET of the
    same resource must not succeed. When the DELETE's summary or description says it is a
    soft delete (the resource then stays readable by design), a second DELETE must not
    succeed instead, if the DELETE documents 404 or 410."""
    if not ex.after_delete or not 200 <= ex.response.status < 300:
        return []
    return [
        Failure(
            "fuzz.use-after-delete",
            "deleted resource readable",
            f"resource still there after DELETE ({ex.response.status})",
            expected="404 or 410",
            actual=str(ex.response.status),
            pointer=ex.operation.pointer,
        )
    ]


@RULES.register(
    "fuzz.response-time",
    severity=Severity.WARNING,
    category=CATEGORY,
    summary="A response took longer than --max-response-time.",
)
def response_time(ex: Exchange) -> list[Failure]:
    """Only with ``--max-response-time SECONDS``: each slower response is reported, one
    finding per operation."""
    limit = ex.max_response_time
    if limit is None or ex.response.elapsed <= limit:
        return []
    return [
        Failure(
            "fuzz.response-time",
            "slow",
            f"response took {ex.response.elapsed:.3f}s",
            expected=f"<= {limit:g}s",
            actual=f"{ex.response.elapsed:.3f}s",
            pointer=ex.operation.pointer,
        )
    ]


def all_checks() -> dict[str, Check]:
    """Every fuzz check by code, from the registry."""
    load_rules()
    return {r.code: r.func for r in RULES.all() if r.category == CATEGORY and r.func}  # type: ignore[misc]


def select_checks(include: Sequence[str] = (), exclude: Sequence[str] = ()) -> dict[str, Check]:
    """Checks named by ``--checks``/``--exclude-checks`` (codes, with or without the
    ``fuzz.`` prefix, or ``all``); UsageError for an unknown name."""
    checks = all_checks()

    def resolve(names: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for raw in (n.strip() for item in names for n in item.split(",")):
            if not raw:
                continue
            if raw == "all":
                out |= set(checks)
                continue
            code = raw if raw.startswith("fuzz.") else f"fuzz.{raw}"
            if code not in checks:
                raise UsageError(f"unknown check {raw!r} (choose from {', '.join(checks)})")
            out.add(code)
        return out

    chosen = resolve(include) or set(checks)
    chosen -= resolve(exclude)
    return {code: checks[code] for code in sorted(chosen)}


def run_checks(ex: Exchange, checks: dict[str, Check]) -> list[Failure]:
    """Every selected check's failures on ``ex``."""
    return [failure for check in checks.values() for failure in check(ex)]
