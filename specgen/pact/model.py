"""The pact model: one typed, immutable shape for pact files of every specification version.

``read_pact`` (``specgen.pact.reader``) builds it from v1, v1.1, v2, v3 and v4 files;
``write_pact_json`` (``specgen.pact.writer``) writes it as v3 or v4. JSON pointers into the
source file ride along on every part (they are not compared: a pact written and read back is
equal to the original even though it came from another file).
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from specgen.pact.base import EMPTY_OBJECT, JSON, JsonBlob, canonical
from specgen.pact.rules import EMPTY_RULES, MatchingRules

_JSON_TYPE = re.compile(
    r"^\s*application/(?:[\w.+-]*\+)?json\b|^\s*[\w.+-]+/[\w.+-]*\+json\b", re.I
)


def is_json_content_type(content_type: str | None) -> bool:
    """``application/json``, ``application/problem+json``, ``text/x+json``... (not ``*/*``)."""
    return bool(content_type and _JSON_TYPE.match(content_type))


class _MultiMap(Mapping[str, tuple[str, ...]]):
    """An immutable name -> values mapping that keeps insertion order and original names.

    Built from a mapping or pairs; a value may be one string or an iterable of strings.
    """

    __slots__ = ("_index", "_items")
    _fold = False

    def __init__(
        self, items: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]] = ()
    ):
        pairs = items.items() if isinstance(items, Mapping) else items
        merged: dict[str, tuple[str, list[str]]] = {}
        for name, values in pairs:
            key = name.lower() if self._fold else name
            if key not in merged:
                merged[key] = (name, [])
            merged[key][1].extend((values,) if isinstance(values, str) else values)
        self._items = tuple((name, tuple(values)) for name, values in merged.values())
        self._index = {key: i for i, key in enumerate(merged)}

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self._items[self._index[name.lower() if self._fold else name]][1]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        return (name.lower() if self._fold else name) in self._index

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def first(self, name: str) -> str | None:
        """The first value of ``name``, or None."""
        values = self.get(name)
        return values[0] if values else None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _MultiMap):
            return type(self) is type(other) and sorted(self._items) == sorted(other._items)
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._items)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self._items)!r})"


class Headers(_MultiMap):
    """Header name -> values; lookups ignore case, the names keep the case they were written in."""

    __slots__ = ()
    _fold = True


class Query(_MultiMap):
    """Query parameter name -> values in order (a parameter without ``=`` has the value ``""``)."""

    __slots__ = ()


class BodyKind(enum.StrEnum):
    """Pact's four body states: no body, a JSON null, an empty body, a body with content."""

    MISSING = "missing"
    NULL = "null"
    EMPTY = "empty"
    PRESENT = "present"


@dataclass(frozen=True, slots=True, eq=False)
class Body:
    """A request, response or message body.

    ``content`` is the parsed JSON value for JSON bodies, the text for text bodies, and for
    ``encoded == "base64"`` the base64 text of the bytes (``raw()`` decodes it). Equality and
    hashing compare the content as JSON (``true`` is not ``1``); ``pointer`` is not compared.
    """

    kind: BodyKind = BodyKind.MISSING
    content: JSON = None
    content_type: str | None = None
    encoded: str | None = None
    content_type_hint: str | None = None
    pointer: str | None = field(default=None, compare=False)

    @property
    def is_present(self) -> bool:
        """Whether the body has content (not missing, null or empty)."""
        return self.kind is BodyKind.PRESENT

    @property
    def is_json(self) -> bool:
        """Whether the content is JSON: a JSON content type, or none and a non-string value."""
        if self.encoded:
            return False
        if self.content_type:
            return is_json_content_type(self.content_type)
        return self.kind is BodyKind.PRESENT and not isinstance(self.content, str)

    def raw(self) -> bytes:
        """The body's bytes (JSON re-serialised compactly; base64 decoded leniently)."""
        if self.kind is not BodyKind.PRESENT:
            return b""
        if self.encoded == "base64" and isinstance(self.content, str):
            try:
                return base64.b64decode(self.content)
            except (binascii.Error, ValueError):
                return self.content.encode()
        if isinstance(self.content, str) and not self.is_json:
            return self.content.encode()
        return canonical(self.content).encode()

    def _key(self) -> tuple[object, ...]:
        return (
            self.kind,
            canonical(self.content),
            self.content_type,
            self.encoded,
            self.content_type_hint,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Body):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


MISSING_BODY = Body()


@dataclass(frozen=True, slots=True)
class ProviderState:
    """A provider state with its parameters (None when the file gives none)."""

    name: str
    params: JsonBlob | None = None


@dataclass(frozen=True, slots=True)
class Request:
    """The expected request of an HTTP interaction."""

    method: str
    path: str
    query: Query = field(default_factory=Query)
    headers: Headers = field(default_factory=Headers)
    body: Body = MISSING_BODY
    matching_rules: MatchingRules = EMPTY_RULES
    generators: JsonBlob | None = None
    pointer: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Response:
    """The response an HTTP interaction expects."""

    status: int
    headers: Headers = field(default_factory=Headers)
    body: Body = MISSING_BODY
    matching_rules: MatchingRules = EMPTY_RULES
    generators: JsonBlob | None = None
    pointer: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class HttpInteraction:
    """A request/response interaction (v1-v3 interactions, v4 ``Synchronous/HTTP``)."""

    description: str
    request: Request
    response: Response
    provider_states: tuple[ProviderState, ...] = ()
    pending: bool = False
    comments: JsonBlob | None = None
    pointer: str | None = field(default=None, compare=False)

    @property
    def state_names(self) -> tuple[str, ...]:
        """The provider state names."""
        return tuple(state.name for state in self.provider_states)


@dataclass(frozen=True, slots=True)
class MessageInteraction:
    """A non-HTTP interaction, kept whole so a checker can report it as not checked.

    ``type`` is the v4 interaction type (``Asynchronous/Messages``, ``Synchronous/Messages``,
    or a plugin's) or ``Message`` for the ``messages`` of a v3 message pact; ``raw`` is the
    interaction's JSON as written.
    """

    type: str
    description: str
    provider_states: tuple[ProviderState, ...] = ()
    raw: JsonBlob = EMPTY_OBJECT
    pointer: str | None = field(default=None, compare=False)


Interaction = HttpInteraction | MessageInteraction


@dataclass(frozen=True, slots=True)
class Pact:
    """A consumer's pact with one provider.

    ``spec_version`` is normalised (``1.0.0``, ``1.1.0``, ``2.0.0``, ``3.0.0``, ``4.0``,
    ``4.1``); ``metadata`` is the file's metadata object as written.
    """

    consumer: str
    provider: str
    spec_version: str
    interactions: tuple[Interaction, ...] = ()
    metadata: JsonBlob = EMPTY_OBJECT
    file: str | None = field(default=None, compare=False)

    @property
    def major_version(self) -> int:
        """1, 2, 3 or 4."""
        return int(self.spec_version.split(".")[0])

    @property
    def http_interactions(self) -> tuple[HttpInteraction, ...]:
        """The HTTP interactions, in file order."""
        return tuple(i for i in self.interactions if isinstance(i, HttpInteraction))

    @property
    def message_interactions(self) -> tuple[MessageInteraction, ...]:
        """The non-HTTP interactions, in file order."""
        return tuple(i for i in self.interactions if isinstance(i, MessageInteraction))
