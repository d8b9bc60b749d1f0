"""The loaded API: the model plus what is built once per spec (the path matcher)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from specgen.errors import SpecError
from specgen.spec.model import Dialect, Operation, SecurityScheme, Server
from specgen.spec.paths import PathMatcher
from specgen.spec.refs import Bundle

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class OperationMatch:
    """A request path resolved to an operation, with its path parameters (decoded)."""

    operation: Operation
    path_params: Mapping[str, str]


class API:
    """One loaded spec. Built by ``specgen.load_spec``; read-only after that."""

    def __init__(
        self,
        *,
        name: str,
        source_format: str,
        openapi_version: str,
        dialect: Dialect,
        info: Mapping[str, Any],
        operations: tuple[Operation, ...],
        webhooks: tuple[Operation, ...],
        servers: tuple[Server, ...],
        security_schemes: Mapping[str, SecurityScheme],
        problems: tuple[SpecError, ...],
        bundle: Bundle,
    ) -> None:
        self.name = name
        self.source_format = source_format  # "openapi-3.0", "openapi-3.1" or "swagger-2.0"
        self.openapi_version = openapi_version  # of the document the model was built from
        self.dialect = dialect
        self.info = info
        self.operations = operations
        self.webhooks = webhooks
        self.servers = servers
        self.security_schemes = security_schemes
        self.problems = problems
        self._bundle = bundle
        self._matcher: PathMatcher[Operation] | None = None
        self._base_paths: tuple[str, ...] | None = None
        self._cache: dict[str, Any] = {}
        self._by_id = {op.operation_id: op for op in operations if op.operation_id}

    @property
    def title(self) -> str:
        """``info.title`` ("" when absent)."""
        title = self.info.get("title")
        return title if isinstance(title, str) else ""

    @property
    def version(self) -> str:
        """``info.version`` ("" when absent)."""
        version = self.info.get("version")
        return str(version) if version is not None else ""

    @property
    def document(self) -> dict[str, Any]:
        """The bundled OpenAPI 3.x document (local refs only) for validators such as
        openapi-core. Treat it as read-only."""
        return self._bundle.doc

    def cached(self, key: str, factory: Callable[[], T]) -> T:
        """Build something expensive once per API (compiled validators, converted schemas):
        later callers with the same ``key`` get the same object."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]  # type: ignore[no-any-return]

    def locate(self, pointer: str) -> tuple[str, str]:
        """(file, pointer in that file) for a pointer into ``document``."""
        return self._bundle.locate(pointer)

    def operation(self, ident: str) -> Operation | None:
        """An operation by operationId or by ``"METHOD /path"``."""
        if ident in self._by_id:
            return self._by_id[ident]
        method, _, path = ident.partition(" ")
        for op in self.operations:
            if op.method == method.upper() and op.path == path:
                return op
        return None

    @property
    def base_path(self) -> str:
        """The base path of the document's first server; ``""`` without servers."""
        return self.servers[0].base_path if self.servers else ""

    def base_paths(self) -> tuple[str, ...]:
        """Every server base path in use, longest first."""
        if self._base_paths is None:
            paths = {s.base_path for op in self.operations for s in op.servers} | {
                s.base_path for s in self.servers
            }
            self._base_paths = tuple(sorted((p for p in paths if p), key=lambda p: (-len(p), p)))
        return self._base_paths

    @property
    def matcher(self) -> PathMatcher[Operation]:
        """The path matcher over every operation (built on first use)."""
        if self._matcher is None:
            self._matcher = PathMatcher((op.path, op) for op in self.operations)
        return self._matcher

    def _candidates(self, path: str) -> list[str]:
        bare, sep, query = path.partition("?")
        bare = bare or "/"
        found = [
            (bare[len(base) :] or "/") + sep + query
            for base in self.base_paths()
            if bare == base or bare.startswith(base + "/")
        ]
        return [*found, bare + sep + query]

    def match(self, method: str, path: str) -> OperationMatch | None:
        """The operation serving ``method path``. A server base path is stripped first
        (``/api/v1/users/1`` with server ``/api/v1``); a path without it matches too.
        Literal segments win over templated ones among the operations with that method."""
        method = method.upper()
        for candidate in self._candidates(path):
            m = self.matcher.match(candidate, lambda op: op.method == method)
            if m is not None:
                return OperationMatch(m.value, m.params)
        return None

    def operations_at(self, path: str) -> tuple[Operation, ...]:
        """Every operation on the path template ``path`` resolves to (any method)."""
        for candidate in self._candidates(path):
            matches = self.matcher.match_all(candidate)
            if matches:
                return tuple(m.value for m in matches)
        return ()
