"""Form fields (``name=value`` pairs of a urlencoded or multipart body) as the value they
stand for, each piece typed by the schema that applies to it.

Bracketed names build nested values the way Stripe's clients, ``qs`` and Rack write them:
``items[0][price]=p`` is item 0's ``price``, ``expand[]=a`` appends (``items[][a]=x``
fills the last item until it repeats a key, as Rack does). Indexed keys are an array when
the schema allows one. The schema of a key is found through ``$ref``, ``allOf``, ``anyOf``
and ``oneOf`` (Stripe's ``anyOf: [object, enum: [""]]``), then ``properties``,
``patternProperties``, ``additionalProperties``: ``metadata[order]=6735`` stays a string
when the map's values are strings.

Top-level fields follow the media type's ``encoding`` (OpenAPI 3.1.1 settles what 3.0 left
loose): in a urlencoded body, a property whose encoding has ``style``, ``explode`` or
``allowReserved`` travels as an ``in: query`` parameter would (``form`` explode: an
object's properties as fields of their own; ``form`` without: ``name=k,v``; ``deepObject``;
delimited arrays). Otherwise its ``contentType`` decides, by default JSON for objects (an
array's items by their own type): such a field is read as JSON text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from specgen.check.media import is_json
from specgen.check.params import Typing, typed, values_value

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_STYLE_FIELDS = ("style", "explode", "allowReserved")
_MAX_ALTERNATIVES = 64


@dataclass(slots=True)
class _Field:
    """The fields sent under one name: its texts, and the named and appended (``[]``)
    fields under it."""

    texts: list[str] = field(default_factory=list)
    named: dict[str, _Field] = field(default_factory=dict)
    pushed: list[_Field] = field(default_factory=list)

    def add(self, steps: Sequence[str], text: str) -> None:
        node = self
        for at, step in enumerate(steps):
            if step:
                node = node.named.setdefault(step, _Field())
                continue
            rest = steps[at + 1 :]
            last = node.pushed[-1] if node.pushed else None
            if last is None or not rest or last.texts or last.holds(rest):
                last = _Field()
                node.pushed.append(last)
            node = last
        node.texts.append(text)

    def holds(self, steps: Sequence[str]) -> bool:
        """Whether the named ``steps`` were sent already (never, through a ``[]``)."""
        node = self
        for step in steps:
            if not step or step not in node.named:
                return False
            node = node.named[step]
        return True


class _Schemas:
    """Which sub-schema applies to a key or an array index, through ``$ref``, ``allOf``,
    ``anyOf`` and ``oneOf``: each way a value can be valid is one alternative (the parts
    that must all hold); the schemas the alternatives give are offered as an ``anyOf``."""

    def __init__(self, typing: Typing) -> None:
        self.typing = typing

    def alternatives(self, node: Any, depth: int = 0) -> list[tuple[dict[str, Any], ...]]:
        """``node`` as alternatives (``False``: none; no constraint: one, empty)."""
        if node is False:
            return []
        parts = tuple(self.typing.shapes.parts(node))
        found = [parts]
        for part in parts if depth < 8 else ():
            for key in ("anyOf", "oneOf"):
                members = part.get(key)
                if isinstance(members, list):
                    options = [a for m in members for a in self.alternatives(m, depth + 1)]
                    found = [a + o for a in found for o in options][:_MAX_ALTERNATIVES]
        return found

    def _of(self, node: Any, kind: str) -> list[tuple[dict[str, Any], ...]]:
        """The alternatives of ``node`` whose values may be of JSON type ``kind``."""
        return [
            alt
            for alt in self.alternatives(node)
            if all(kind in self.typing.shapes.types(part) for part in alt)
        ]

    def admits(self, node: Any, kind: str) -> bool:
        """Whether a value of ``node`` may be of JSON type ``kind``."""
        return bool(self._of(node, kind))

    def declares(self, node: Any, key: str) -> bool:
        """Whether ``properties`` of some alternative name ``key``."""
        return any(
            isinstance(p.get("properties"), dict) and key in p["properties"]
            for alt in self.alternatives(node)
            for p in alt
        )

    def declared(self, node: Any) -> list[str]:
        """The property names some alternative of ``node`` declares, in order."""
        names = [
            name
            for alt in self.alternatives(node)
            for p in alt
            if isinstance(p.get("properties"), dict)
            for name in p["properties"]
        ]
        return list(dict.fromkeys(names))

    def property(self, node: Any, key: str) -> Any:
        """The schema a value under ``key`` of an object ``node`` must satisfy."""
        return _union([_all(_applies(alt, key)) for alt in self._of(node, "object")])

    def item(self, node: Any, index: int) -> Any:
        """The schema item ``index`` of an array ``node`` must satisfy."""
        return _union([_all(_item(alt, index)) for alt in self._of(node, "array")])


def _applies(alt: Sequence[dict[str, Any]], key: str) -> list[Any]:
    """What each part says of ``key``: its property, else its matching pattern properties,
    else its additional (or unevaluated) properties."""
    found: list[Any] = []
    for part in alt:
        props = part.get("properties")
        if isinstance(props, dict) and key in props:
            found.append(props[key])
            continue
        patterns = part.get("patternProperties")
        matched = [
            sub
            for pattern, sub in (patterns.items() if isinstance(patterns, dict) else ())
            if _search(pattern, key)
        ]
        if matched:
            found += matched
            continue
        for keyword in ("additionalProperties", "unevaluatedProperties"):
            if keyword in part:
                found.append(part[keyword])
                break
    return found


def _item(alt: Sequence[dict[str, Any]], index: int) -> list[Any]:
    found: list[Any] = []
    for part in alt:
        prefix = part.get("prefixItems")
        if isinstance(prefix, list) and index < len(prefix):
            found.append(prefix[index])
        elif isinstance(part.get("items"), dict | bool):
            found.append(part["items"])
    return found


def _search(pattern: str, key: str) -> bool:
    try:
        return re.search(pattern, key) is not None
    except re.error:
        return False


def _all(schemas: list[Any]) -> Any:
    schemas = [s for s in schemas if s is not True]
    if not schemas:
        return True
    return schemas[0] if len(schemas) == 1 else {"allOf": schemas}


def _union(schemas: list[Any]) -> Any:
    unique: list[Any] = []
    for schema in schemas:
        if schema is True:
            return True
        if schema not in unique:
            unique.append(schema)
    if not unique:
        return True
    return unique[0] if len(unique) == 1 else {"anyOf": unique}


class _Reader:
    """Sent fields read as values of the schemas that apply to them."""

    def __init__(self, typing: Typing) -> None:
        self.typing = typing
        self.schemas = _Schemas(typing)

    def value(self, sent: _Field, node: Any) -> Any:
        """The value of ``sent`` under ``node``: texts alone are a leaf, else a container."""
        if not sent.named and not sent.pushed:
            return self.leaf(sent.texts, node)
        inner = self.container(sent, node)
        return [*sent.texts, inner] if sent.texts else inner  # both: no server reads it

    def container(self, sent: _Field, node: Any) -> Any:
        indexed = all(k.isdigit() for k in sent.named)
        arrays = self.schemas.admits(node, "array")
        if indexed and (arrays or not self.schemas.admits(node, "object") or not sent.named):
            order = sorted(sent.named, key=int)
            fields = [sent.named[k] for k in order] + sent.pushed
            return [self.value(f, self.schemas.item(node, i)) for i, f in enumerate(fields)]
        out = {k: self.value(f, self.schemas.property(node, k)) for k, f in sent.named.items()}
        if sent.pushed:  # `a[]=..` beside `a[k]=..`: kept where the schema sees it
            out[""] = [self.value(f, True) for f in sent.pushed]
        return out

    def leaf(self, texts: Sequence[str], node: Any) -> Any:
        """Texts of one name: repeated, an array; one, the first reading the schema
        accepts (a scalar, else comma-separated items), else the reading of its type."""
        arrays = self.schemas.admits(node, "array")
        if len(texts) > 1:
            if not arrays:
                return list(texts)
            return [typed(t, self.schemas.item(node, i), self.typing) for i, t in enumerate(texts)]
        text = texts[0]
        scalar = typed(text, node, self.typing)
        if not arrays or self.typing.valid(node, scalar):
            return scalar
        pieces = text.split(",") if text else []
        items = [typed(p, self.schemas.item(node, i), self.typing) for i, p in enumerate(pieces)]
        others = self.typing.shapes.types(node) - {"array", "null"}
        return items if self.typing.valid(node, items) or not others else scalar

    def json_texts(self, texts: Sequence[str], node: Any) -> Any:
        """Texts of a field whose content type is JSON: one value, or one per item of an
        array sent as a field per item; a text that is not JSON stays text."""
        values = [_loads(t) for t in texts]
        if len(values) == 1 and (
            isinstance(values[0], list) or not self.schemas.admits(node, "array")
        ):
            return values[0]
        return values

    def json_default(self, texts: Sequence[str], node: Any) -> bool:
        """Whether OpenAPI's default content type of the field is JSON: objects, and arrays
        of objects (each item its own field), when the texts are JSON text."""
        if not all(t.lstrip()[:1] in ("{", "[") for t in texts):
            return False
        if self.schemas.admits(node, "object"):
            return True
        return self.schemas.admits(node, "array") and self.schemas.admits(
            self.schemas.item(node, 0), "object"
        )


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _steps(name: str) -> list[str] | None:
    """``a[b][]`` as ``["a", "b", ""]``; None when the name is not bracketed."""
    base, bracket, rest = name.partition("[")
    if not bracket or not base:
        return None
    steps = _BRACKETS.findall("[" + rest)
    if "".join(f"[{s}]" for s in steps) != "[" + rest:
        return None
    return [base, *steps]


def form_value(
    fields: Sequence[tuple[str, str]],
    typing: Typing,
    encoding: Mapping[str, Any],
    styled: bool,
) -> dict[str, Any]:
    """The object the form ``fields`` stand for under the body schema ``typing.root``;
    ``styled``: a urlencoded body, where ``style``/``explode`` apply."""
    reader = _Reader(typing)
    root, schemas = typing.root, reader.schemas
    sent = _Field()
    for name, text in fields:
        base, *steps = (None if schemas.declares(root, name) else _steps(name)) or [name]
        sent.named.setdefault(base, _Field()).add(steps, text)
    out: dict[str, Any] = {}
    for name, one in sent.named.items():
        node = schemas.property(root, name)
        spec = encoding.get(name)
        spec = spec if isinstance(spec, Mapping) else {}
        content_type = spec.get("contentType")
        if one.named or one.pushed:
            out[name] = reader.value(one, node)
        elif styled and any(key in spec for key in _STYLE_FIELDS):
            out[name] = _styled(reader, one.texts, node, spec)
        elif _json_field(reader, one.texts, node, content_type):
            out[name] = reader.json_texts(one.texts, node)
        else:
            out[name] = reader.leaf(one.texts, node)
    if styled:
        _gather_exploded(out, sent, reader, encoding)
    return out


def _json_field(reader: _Reader, texts: Sequence[str], node: Any, content_type: Any) -> bool:
    """Whether the field's content type is JSON, declared or by OpenAPI's default."""
    if isinstance(content_type, str):
        return is_json(content_type)
    return content_type is None and reader.json_default(texts, node)


def _style(spec: Mapping[str, Any]) -> tuple[str, bool]:
    style = spec.get("style", "form")
    style = style if isinstance(style, str) else "form"
    explode = spec.get("explode", style == "form")
    return style, explode is True


def _styled(reader: _Reader, texts: Sequence[str], node: Any, spec: Mapping[str, Any]) -> Any:
    style, explode = _style(spec)
    if style == "deepObject":
        return reader.leaf(texts, node)  # a deepObject sent whole: a scalar alternative
    return values_value(texts, node, reader.typing, style, explode)


def _gather_exploded(
    out: dict[str, Any], sent: _Field, reader: _Reader, encoding: Mapping[str, Any]
) -> None:
    """Properties of ``form``-exploded objects sent as fields of their own, moved into
    their object (fields the body schema declares itself stay where they are)."""
    root, schemas = reader.typing.root, reader.schemas
    for name, spec in encoding.items():
        if name in out or not isinstance(spec, Mapping):
            continue
        if not any(key in spec for key in _STYLE_FIELDS) or _style(spec) != ("form", True):
            continue
        node = schemas.property(root, name)
        if not schemas.admits(node, "object"):
            continue
        keys = [
            k
            for k in schemas.declared(node)
            if k in out and k in sent.named and not schemas.declares(root, k)
        ]
        if keys:
            out[name] = {k: reader.value(sent.named[k], schemas.property(node, k)) for k in keys}
            for k in keys:
                del out[k]
