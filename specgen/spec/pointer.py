"""JSON pointers (RFC 6901): escape, join, split, resolve."""

from __future__ import annotations

from typing import Any


def escape(token: str) -> str:
    """One reference token, escaped for a pointer."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """One escaped reference token back to its key."""
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens`` (``join("/paths", "/users")`` is ``/paths/~1users``)."""
    if len(tokens) == 1:  # the hot path when building a big model
        only = tokens[0]
        if type(only) is str and "~" not in only and "/" not in only:
            return f"{pointer}/{only}"
    for token in tokens:
        text = token if isinstance(token, str) else str(token)
        if "~" in text or "/" in text:
            text = escape(text)
        pointer = pointer + "/" + text
    return pointer


def split(pointer: str) -> list[str]:
    """The unescaped tokens of ``pointer`` (``""`` is the whole document)."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


_MISSING = object()


def resolve(doc: Any, pointer: str) -> Any:
    """The value ``pointer`` names in ``doc``; ``LookupError`` naming the first missing token."""
    node = doc
    seen = ""
    for token in split(pointer):
        if isinstance(node, dict):
            node = node.get(token, _MISSING)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            node = _MISSING
        seen = join(seen, token)
        if node is _MISSING:
            raise LookupError(f"nothing at {seen}")
    return node
