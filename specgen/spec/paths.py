"""Matching a concrete request path to a path template.

OpenAPI's rule: "when matching URLs, concrete (non-templated) paths are matched before their
templated counterparts" (``/users/me`` wins over ``/users/{id}``). The matcher is a trie of
segments searched depth-first with literal children first, so the precedence holds segment by
segment. Templated segments are keyed by their shape (``{}``, ``{}.{}``, ``v{}``), so
``/a/{id}/x`` and ``/a/{name}/{y}`` share the node for their second segment and the literal
``x`` still wins; a segment with more literal text is tried before a bare ``{}``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

_PARAM = re.compile(r"\{([^{}/]+)\}")
Constraints = tuple[tuple[str, str | None], ...]


def split_path(path: str) -> list[str]:
    """Segments of a path (``"/a/b/"`` is ``["a", "b", ""]``; ``"/"`` is ``[]``)."""
    stripped = path[1:] if path.startswith("/") else path
    return stripped.split("/") if stripped else []


def split_template(template: str) -> tuple[str, Constraints]:
    """A path template's path part and the query it demands. Real specs put queries in
    path keys (``/alerts?lat={lat}``) or tell operations apart with a fragment
    (``/#Action=RunInstances``, AWS): ``Action`` must then be ``RunInstances``."""
    cut = min((i for i in (template.find("?"), template.find("#")) if i >= 0), default=-1)
    if cut < 0:
        return template, ()
    constraints: list[tuple[str, str | None]] = []
    for item in re.split(r"[&?#]", template[cut + 1 :]):
        name, eq, value = item.partition("=")
        if name and eq:
            constraints.append((name, None if "{" in value else value))
    return template[:cut] or "/", tuple(constraints)


def _satisfied(constraints: Constraints, query: dict[str, list[str]]) -> bool:
    return all(
        name in query and (value is None or value in query[name]) for name, value in constraints
    )


def _segment_regex(shape: str) -> re.Pattern[str]:
    pieces = shape.split("{}")
    body = "".join(
        re.escape(piece)
        + ("" if i == len(pieces) - 1 else "(.+?)" if i < len(pieces) - 2 or pieces[-1] else "(.+)")
        for i, piece in enumerate(pieces)
    )
    return re.compile(body + r"\Z", re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    template: str
    names: tuple[str, ...]
    constraints: Constraints
    value: T


@dataclass(slots=True)
class _Node(Generic[T]):
    literal: dict[str, _Node[T]] = field(default_factory=dict)
    # shape -> (regex, child); kept sorted: more literal text first
    templated: list[tuple[str, re.Pattern[str], _Node[T]]] = field(default_factory=list)
    entries: list[_Entry[T]] = field(default_factory=list)  # most constrained first


@dataclass(frozen=True, slots=True)
class PathMatch(Generic[T]):
    """A match: the template, its value and the decoded path parameters."""

    template: str
    value: T
    params: dict[str, str]


class PathMatcher(Generic[T]):
    """Maps concrete paths to the values registered under path templates."""

    def __init__(self, entries: Iterable[tuple[str, T]] = ()) -> None:
        self._root: _Node[T] = _Node()
        for template, value in entries:
            self.add(template, value)

    def add(self, template: str, value: T) -> None:
        """Register ``value`` under ``template`` (several values may share a template)."""
        node = self._root
        path, constraints = split_template(template)
        for segment in split_path(path):
            if "{" not in segment:
                node = node.literal.setdefault(segment, _Node())
                continue
            shape = _PARAM.sub("{}", segment)
            for known, _rx, child in node.templated:
                if known == shape:
                    node = child
                    break
            else:
                child = _Node[T]()
                node.templated.append((shape, _segment_regex(shape), child))
                node.templated.sort(key=lambda t: (-len(t[0].replace("{}", "")), t[0]))
                node = child
        node.entries.append(_Entry(template, tuple(_PARAM.findall(path)), constraints, value))
        node.entries.sort(key=lambda e: -len(e.constraints))

    def iter_matches(self, path: str) -> Iterator[PathMatch[T]]:
        """Every registered value the path matches, best template first."""
        path, _, query_text = path.partition("?")
        query = urllib.parse.parse_qs(query_text, keep_blank_values=True) if query_text else {}
        for node, values in self._search(self._root, split_path(path), 0, []):
            for entry in node.entries:
                if not entry.constraints or _satisfied(entry.constraints, query):
                    params = dict(zip(entry.names, values, strict=False))
                    yield PathMatch(entry.template, entry.value, params)

    def match_all(self, path: str) -> list[PathMatch[T]]:
        """The values registered under the best matching template (there may be several)."""
        best: list[PathMatch[T]] = []
        for m in self.iter_matches(path):
            if best and m.template != best[0].template:
                break
            best.append(m)
        return best

    def match(self, path: str, accept: Callable[[T], bool] | None = None) -> PathMatch[T] | None:
        """The best match whose value ``accept`` takes (all, by default), or None. A method
        filter here gives a router's behaviour: ``DELETE /users/me`` falls through to
        ``/users/{id}`` when ``/users/me`` has no DELETE."""
        for m in self.iter_matches(path):
            if accept is None or accept(m.value):
                return m
        return None

    def _search(
        self, node: _Node[T], segments: list[str], i: int, values: list[str]
    ) -> Iterator[tuple[_Node[T], list[str]]]:
        if i == len(segments):
            if node.entries:
                yield node, values
            return
        segment = segments[i]
        child = node.literal.get(segment)
        if child is None and "%" in segment:
            child = node.literal.get(urllib.parse.unquote(segment))
        if child is not None:
            yield from self._search(child, segments, i + 1, values)
        if not segment:
            return
        for _shape, rx, tchild in node.templated:
            m = rx.match(segment)
            if m is not None:
                decoded = [urllib.parse.unquote(g) for g in m.groups()]
                yield from self._search(tchild, segments, i + 1, values + decoded)
