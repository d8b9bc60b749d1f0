"""Request generation: hypothesis strategies of drafts, and drafts to wire requests.

These are public (both engines, the shrinker and the reproducers use them): schemathesis
generates positive cases (valid by the spec) and negative ones (breaking it), from the
bundled ``api.document`` so Swagger 2.0 and multi-file specs work; ``render`` turns a draft
into the exact bytes sent, through schemathesis' serialisation and ``requests``' encoding.
Credentials are added at render time, so drafts (and everything derived from them) never
hold a secret.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from specgen.probe.messages import Draft, Pairs, ProbeRequest
from specgen.probe.minted import minted_parameters
from specgen.probe.stray_bodies import with_stray_body
from specgen.spec.api import API
from specgen.spec.model import Operation

#: Headers schemathesis or requests add on their own; dropped unless the spec declares them.
_NOISE = {
    "user-agent",
    "accept-encoding",
    "connection",
    "accept",
    "x-schemathesis-testcaseid",
    "content-length",
}
MODES = ("positive", "negative")


def without(draft: Draft, parameters: frozenset[tuple[str, str]]) -> Draft:
    """``draft`` without the given (location, name) parameters."""
    if not parameters:
        return draft
    parts = {"query": draft.query, "header": draft.headers, "cookie": draft.cookies}
    kept = {
        loc: {k: v for k, v in values.items() if (loc, k) not in parameters}
        for loc, values in parts.items()
    }
    return draft.with_parts(query=kept["query"], headers=kept["header"], cookies=kept["cookie"])


def schemathesis_schema(api: API) -> Any:
    """The schemathesis schema of ``api`` (built once per API)."""

    def build() -> Any:
        import schemathesis

        return schemathesis.openapi.from_dict(api.document)

    return api.cached("probe.schemathesis", build)


class Generator:
    """Strategies and rendering for one API, target base path and set of credentials."""

    def __init__(
        self,
        api: API,
        base_path: str = "",
        *,
        credentials: Mapping[str, tuple[Pairs, Pairs, Pairs]] | None = None,
    ) -> None:
        self.api = api
        self.base_url = "http://target" + base_path
        self.base_path = base_path
        self.schema = schemathesis_schema(api)
        self.credentials = credentials or {}
        self._ops: dict[str, Any] = {}

    def operation(self, op: Operation) -> Any:
        """The schemathesis ``APIOperation`` for ``op``."""
        if op.key not in self._ops:
            self._ops[op.key] = self.schema[op.path][op.method]
        return self._ops[op.key]

    def drafts(
        self, op: Operation, mode: str, *, path_parameters: Mapping[str, Any] | None = None
    ) -> st.SearchStrategy[Draft]:
        """Drafts for ``op``: ``positive`` (valid) or ``negative`` (breaking the spec);
        ``path_parameters`` fixes some path parameters (ids from a created resource)."""
        from schemathesis import GenerationMode

        strategy = self.operation(op).as_strategy(
            generation_mode=GenerationMode(mode),
            path_parameters=dict(path_parameters) if path_parameters else None,
        )
        minted = minted_parameters(self.api, op) if mode == "positive" else frozenset()
        drafts: st.SearchStrategy[Draft] = strategy.map(
            lambda case: without(from_case(op, case, mode), minted)
        )
        return drafts

    def examples(self, op: Operation) -> st.SearchStrategy[Draft] | None:
        """Drafts built from the spec's examples (missing parts generated); None if none."""
        found = self.operation(op).get_strategies_from_examples()
        if not found:
            return None
        minted = minted_parameters(self.api, op)
        return st.one_of(found).map(lambda case: without(from_case(op, case, "example"), minted))

    def coverage(self, op: Operation, modes: Sequence[str]) -> list[Draft]:
        """schemathesis' deterministic coverage cases: boundary values (a maximum, one
        below a minimum), each required part missing, wrong types... for ``modes``."""
        from schemathesis import GenerationMode

        sop = self.operation(op)
        config = self.schema.config.generation_for(operation=sop)
        minted = minted_parameters(self.api, op)
        drafts = []
        for case in self.schema.iter_coverage_cases(
            sop, generation_modes=[GenerationMode(m) for m in modes], generation_config=config
        ):
            meta = getattr(case, "meta", None)
            mode = str(meta.generation.mode) if meta is not None else "positive"
            draft = from_case(op, case, f"coverage-{mode}")
            drafts.append(without(draft, minted) if mode == "positive" else draft)
        return drafts

    def render(self, draft: Draft, *, with_credentials: bool = True) -> ProbeRequest:
        """The wire request for ``draft`` (with the operation's credentials unless told)."""
        import requests
        from schemathesis.core import NOT_SET

        op = self.api.operation(draft.operation)
        if op is None:
            raise KeyError(f"no operation {draft.operation}")
        if draft.has_body and op.request_body is None:
            # schemathesis serialises bodies by the operation's media types: there are none
            bare = draft.with_parts(body=None, has_body=False, media_type=None)
            return with_stray_body(self.render(bare, with_credentials=with_credentials), draft)
        extra_headers: Pairs = ()
        query, cookies = dict(draft.query), dict(draft.cookies)
        if with_credentials and op.key in self.credentials:
            extra_headers, extra_query, extra_cookies = self.credentials[op.key]
            query.update(extra_query)
            cookies.update(extra_cookies)
        case = self.operation(op).Case(
            path_parameters=dict(draft.path_parameters),
            query=query,
            headers=dict(draft.headers),
            cookies=cookies,
            body=draft.body if draft.has_body else NOT_SET,
            media_type=draft.media_type if draft.has_body else None,
        )
        kwargs = case.as_transport_kwargs(base_url=self.base_url)
        if "json" in kwargs and kwargs["json"] is None:
            kwargs.pop("json")
            kwargs["data"] = b"null"
        wanted = {
            k: kwargs[k]
            for k in ("method", "url", "headers", "params", "json", "data", "files", "cookies")
            if k in kwargs
        }
        prepared = requests.Request(**wanted).prepare()
        declared = {str(k).lower() for k in draft.headers}
        headers = tuple(
            (k, v if isinstance(v, str) else v.decode("latin-1"))
            for k, v in prepared.headers.items()
            if k.lower() not in _NOISE or k.lower() in declared
        )
        raw = prepared.body or b""
        body = raw.encode("utf-8") if isinstance(raw, str) else raw
        if not isinstance(body, bytes):
            raise TypeError(f"cannot send a streamed body ({type(body).__name__})")
        url = prepared.url or ""
        rest = url[len("http://target") :] if url.startswith("http://target") else url
        path, _, query_string = rest.partition("?")
        request = ProbeRequest(draft_method(op), path or "/", query_string, headers, body)
        return request.with_headers(extra_headers) if extra_headers else request


def draft_method(op: Operation) -> str:
    """The HTTP method of ``op``."""
    return op.method.upper()


def from_case(op: Operation, case: Any, origin: str) -> Draft:
    """The draft of a schemathesis ``Case``."""
    from schemathesis.core import NotSet

    has_body = not isinstance(case.body, NotSet)
    return Draft(
        operation=op.key,
        path_parameters=dict(case.path_parameters or {}),
        query=dict(case.query or {}),
        headers=dict(case.headers or {}),
        cookies=dict(case.cookies or {}),
        body=case.body if has_body else None,
        has_body=has_body,
        media_type=case.media_type if has_body else None,
        origin=origin,
    )
