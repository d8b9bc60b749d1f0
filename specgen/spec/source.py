"""Reading one document: bytes from a file or stdin, size limits, safe JSON/YAML parsing.

Everything here guards against hostile input before anything else looks at it: a size limit
on the bytes, a check for binary content, YAML parsed with the safe loader (no Python tags),
and a bound on how far YAML aliases expand (a "billion laughs" document is a few hundred
bytes that alias into 10^9 nodes).
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from specgen.errors import SourceError

STDIN = "-"
_MiB = 1024 * 1024
DEFAULT_MAX_BYTES = 128 * _MiB
DEFAULT_MAX_NODES = 20_000_000


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SourceError(f"{name} must be a whole number of bytes, not {raw!r}") from None
    if value <= 0:
        raise SourceError(f"{name} must be positive, not {value}")
    return value


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on input. ``max_bytes`` per file (default 128 MiB, env ``SPECGEN_MAX_SPEC_BYTES``
    or ``--max-spec-size``); ``max_nodes`` bounds the nodes YAML aliases may expand to."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_nodes: int = DEFAULT_MAX_NODES

    @classmethod
    def from_env(cls, max_bytes: int | None = None) -> Limits:
        """Limits from the environment, with an explicit ``max_bytes`` winning."""
        if max_bytes is None:
            max_bytes = _env_int("SPECGEN_MAX_SPEC_BYTES", DEFAULT_MAX_BYTES)
        return cls(max_bytes=max_bytes)


def read_bytes(path: str, limits: Limits) -> bytes:
    """The raw bytes of ``path`` (or stdin for ``-``), refusing what is not a readable file."""
    if path == STDIN:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
    else:
        p = Path(path)
        try:
            if p.is_dir():
                raise SourceError("is a directory, not a spec file", file=path)
            size = p.stat().st_size
            if size > limits.max_bytes:
                raise SourceError(_too_big(size, limits), file=path)
            with p.open("rb") as fh:
                data = fh.read(limits.max_bytes + 1)
        except FileNotFoundError:
            raise SourceError("no such file", file=path) from None
        except PermissionError:
            raise SourceError("permission denied", file=path) from None
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}", file=path) from None
    if len(data) > limits.max_bytes:
        raise SourceError(_too_big(len(data), limits), file=path)
    return data


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"{size} bytes is more than the limit of {limits.max_bytes} bytes "
        "(raise it with --max-spec-size or SPECGEN_MAX_SPEC_BYTES)"
    )


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped), refusing binary content and empty input."""
    if b"\x00" in data[:8192] or b"\x00" in data:
        raise SourceError("binary content, not a YAML or JSON document", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 text (invalid byte at offset {exc.start})", file=name
        ) from None
    if not text.strip():
        raise SourceError("empty file", file=name)
    return text


class _SpecLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML loader that keeps timestamps as strings (a spec's `2024-01-01` example is
    a string in JSON) and turns every mapping key into a string (YAML reads `200:` as int)."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        if isinstance(key, list | dict):
            mark = key_node.start_mark
            raise yaml.MarkedYAMLError(problem="a mapping key must be a scalar", problem_mark=mark)
        result[_key_text(key)] = loader.construct_object(value_node, deep=False)
    return result


def _construct_map_node(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    data: dict[str, Any] = {}
    yield data
    data.update(_construct_mapping(loader, node))


_SpecLoader.add_constructor("tag:yaml.org,2002:map", _construct_map_node)

_LOOKS_LIKE_JSON = re.compile(r"\s*[\[{]")


def parse_text(text: str, name: str, limits: Limits) -> Any:
    """Parse JSON (fast path) or YAML, with located, one-line errors."""
    if _LOOKS_LIKE_JSON.match(text):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if name.endswith(".json"):
                raise SourceError(
                    f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=name
                ) from None
        except RecursionError:
            raise SourceError("JSON nested too deeply", file=name) from None
    try:
        doc = yaml.load(text, Loader=_SpecLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise SourceError(f"invalid YAML{where}: {problem}", file=name) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML: {exc}", file=name) from None
    except RecursionError:
        raise SourceError("YAML nested too deeply", file=name) from None
    if "&" in text and "*" in text and isinstance(doc, dict | list):
        check_alias_expansion(doc, name, limits)
    return doc


def check_alias_expansion(doc: Any, name: str, limits: Limits) -> None:
    """Refuse YAML whose aliases expand past ``limits.max_nodes`` nodes or refer to
    themselves. Shared nodes are sized once (memoised by identity), so this is linear in
    the document's distinct nodes, not in its expansion."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(doc, False)]
    while stack:
        node, done = stack.pop()
        ident = id(node)
        if done:
            children = node.values() if isinstance(node, dict) else node
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            if total > limits.max_nodes:
                raise SourceError(
                    f"YAML aliases expand to more than {limits.max_nodes} nodes (an alias bomb?)",
                    file=name,
                )
            sizes[ident] = total
            on_path.discard(ident)
            continue
        if ident in sizes:
            continue
        if ident in on_path:
            raise SourceError("YAML alias refers to a node that contains it", file=name)
        on_path.add(ident)
        stack.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, dict | list):
                if id(child) in on_path:
                    raise SourceError("YAML alias refers to a node that contains it", file=name)
                stack.append((child, False))
    return None


def load_document(path: str, limits: Limits) -> Any:
    """Read and parse one document (the building block of multi-file loading)."""
    return parse_text(decode_text(read_bytes(path, limits), path), path, limits)
