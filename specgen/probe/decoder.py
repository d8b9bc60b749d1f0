"""Bytes to drafts, for the coverage-guided engine: a direct map the fuzzer can steer.

An input is ``[operation byte][template byte]chunk\\0chunk\\0...``. The template is a valid
draft generated from the spec (positive, preferably one the provider accepted); its scalar
leaves (path, query, header and cookie values, then body values in document order) are
numbered, and chunk ``i``, when not empty, replaces leaf ``i``: verbatim for a string,
parsed for a number or boolean. Because a string leaf is a verbatim slice of the input,
libFuzzer's comparison tracing works: when the provider compares a value taken from chunk
``i`` with a constant, the fuzzer can write that constant into chunk ``i``. ``seed_inputs``
spells every leaf of every template out, so the first comparisons already involve bytes
of the input.

libFuzzer's table of recent comparisons is small and a real provider compares many
strings per request, so its hints get crowded out. ``mutate`` adds a structure-aware
mutation beside libFuzzer's own: set one leaf's chunk to a constant harvested from the
instrumented code (``harvest``), the way AFL's auto-dictionaries and hypothesis' local
constants do.
"""

from __future__ import annotations

import dis
import random
import types
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from specgen.probe.leaves import Leaf, fits, leaves
from specgen.probe.messages import Draft
from specgen.spec.api import API

Path = tuple[str, tuple[str | int, ...]]
SEPARATOR = b"\x00"


def _convert(text: str, old: Any) -> Any:
    if isinstance(old, bool):
        return text[:1] in ("1", "t", "T", "y", "Y")
    if isinstance(old, int):
        try:
            return int(text)
        except ValueError:
            return old
    if isinstance(old, float):
        try:
            return float(text)
        except ValueError:
            return old
    return text


def _set(container: Any, trail: tuple[str | int, ...], value: Any) -> Any:
    if not trail:
        return value
    head, rest = trail[0], trail[1:]
    if isinstance(container, dict):
        return {**container, head: _set(container[head], rest, value)}
    copy = list(container)
    copy[int(head)] = _set(copy[int(head)], rest, value)
    return copy


@dataclass(frozen=True, slots=True)
class Template:
    """A valid draft and its leaves (with the schema nodes each must fit)."""

    draft: Draft
    leaves: tuple[Leaf, ...]


@dataclass(frozen=True, slots=True)
class Decoder:
    """Maps fuzzer inputs to drafts over fixed templates."""

    operations: tuple[str, ...]
    templates: tuple[tuple[Template, ...], ...]
    fitting: dict[tuple[int, int, int, int], list[bytes]] = field(default_factory=dict)

    def decode(self, data: bytes) -> Draft | None:
        """The draft ``data`` stands for; None when it is too short."""
        if len(data) < 2 or not self.operations:
            return None
        op_index = data[0] % len(self.operations)
        options = self.templates[op_index]
        if not options:
            return None
        template = options[data[1] % len(options)]
        draft = template.draft
        chunks = data[2:].split(SEPARATOR)
        for (path, old, nodes), chunk in zip(template.leaves, chunks, strict=False):
            if not chunk:
                continue
            value = _convert(chunk.decode("utf-8", "replace"), old)
            if value != old and all(fits(value, node) for node in nodes):
                draft = _replace(draft, path, value)
        return draft.with_parts(origin="fuzzer")

    def seed_inputs(self) -> list[bytes]:
        """One input per template with every leaf spelled out. (Not the bare two-byte
        input too: it makes the same request, so libFuzzer would keep only the shorter and
        comparisons would involve no byte of the input.)"""
        seeds = []
        for op_index, options in enumerate(self.templates):
            for index, template in enumerate(options):
                head = bytes([op_index % 256, index % 256])
                spelled = SEPARATOR.join(
                    str(value).lower().encode() if isinstance(value, bool) else str(value).encode()
                    for _, value, _ in template.leaves
                )
                seeds.append(head + spelled)
        return seeds

    def mutate(self, data: bytes, rng: random.Random, words: Sequence[bytes]) -> bytes | None:
        """``data`` with one leaf's chunk set to a dictionary word that fits the leaf's
        schema, or None when there is no such word (or no template)."""
        if len(data) < 2 or not words or not self.operations:
            return None
        op_index = data[0] % len(self.operations)
        options = self.templates[op_index]
        if not options:
            return None
        index = data[1] % len(options)
        template = options[index]
        if not template.leaves:
            return None
        leaf = rng.randrange(len(template.leaves))
        key = (op_index, index, leaf, id(words))
        if key not in self.fitting:
            _, old, nodes = template.leaves[leaf]
            self.fitting[key] = [
                w
                for w in words
                if all(fits(_convert(w.decode("utf-8", "replace"), old), n) for n in nodes)
            ]
        choices = self.fitting[key]
        if not choices:
            return None
        chunks = data[2:].split(SEPARATOR)
        chunks += [b""] * (len(template.leaves) - len(chunks))
        chunks[leaf] = rng.choice(choices)
        return data[:2] + SEPARATOR.join(chunks)


_LOADS = {"LOAD_CONST", "LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF"}
_COMPARES = {"COMPARE_OP", "CONTAINS_OP"}


def _operands(code: types.CodeType, namespace: dict[str, Any]) -> Iterator[Any]:
    """Values compared against in ``code``: the constant or global loaded right before a
    comparison (``x == "A"``, ``x == LIMIT``, ``x in {"a", "b"}``)."""
    recent: list[dis.Instruction] = []
    for ins in dis.get_instructions(code):
        if ins.opname in _COMPARES:
            for loaded in recent[-2:]:
                if loaded.opname == "LOAD_CONST":
                    yield loaded.argval
                elif loaded.opname in _LOADS and isinstance(loaded.argval, str):
                    yield namespace.get(loaded.argval)
        if ins.opname not in ("CACHE", "PRECALL", "NOP", "EXTENDED_ARG"):
            recent = [*recent[-1:], ins]
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _operands(const, namespace)


def _module_code(module: types.ModuleType) -> types.CodeType | None:
    """The module's code compiled afresh from its source (the loaded code may be
    instrumented: atheris replaces comparisons by calls)."""
    file = getattr(module, "__file__", None)
    if not file or not str(file).endswith(".py"):
        return None
    try:
        with open(file, "rb") as handle:
            return compile(handle.read(), file, "exec", dont_inherit=True)
    except (OSError, SyntaxError, ValueError):
        return None


def harvest(modules: Iterable[types.ModuleType], limit: int = 2000) -> list[bytes]:
    """The comparison operands in the source of ``modules``: strings and integers the
    code compares inputs against (members of a compared-against collection included), as
    the fuzzer's dictionary."""
    found: dict[bytes, None] = {}

    def add(value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, str) and 0 < len(value) <= 64 and "\x00" not in value:
            found.setdefault(value.encode("utf-8", "replace"), None)
        elif isinstance(value, int) and -(10**12) < value < 10**12:
            found.setdefault(str(value).encode(), None)
        elif isinstance(value, tuple | frozenset | set | list | dict):
            for item in list(value)[:100]:
                if isinstance(item, str | int):
                    add(item)

    for module in modules:
        code = _module_code(module)
        if code is not None:
            for operand in _operands(code, vars(module)):
                add(operand)
    return sorted(found)[:limit]


def _replace(draft: Draft, path: Path, value: Any) -> Draft:
    part, trail = path
    if part == "body":
        return draft.with_parts(body=_set(draft.body, trail, value))
    current = dict(getattr(draft, part))
    return draft.with_parts(**{part: _set(current, trail, value)})


def build(api: API, templates: Sequence[tuple[str, Sequence[Draft]]]) -> Decoder:
    """A decoder over (operation key, drafts) pairs of ``api``."""
    keys, groups = [], []
    for key, drafts in templates:
        op = api.operation(key)
        if op is None:
            continue
        keys.append(key)
        groups.append(tuple(Template(d, tuple(leaves(api, op, d))) for d in drafts))
    return Decoder(tuple(keys), tuple(groups))
