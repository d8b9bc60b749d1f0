"""Stray bodies: a few requests that carry a body, of an unexpected content type, to an
operation that declares no ``requestBody`` (a ``multipart/form-data`` without boundary, a
broken JSON document, plain text).

HTTP lets a server ignore such a body, and a 4xx refusal is fine too: the spec says nothing
about these requests. But a provider that parses whatever body it gets can crash on them
(schemathesis found one answering 500), so negative mode sends them and only a server error
counts (see ``Exchange.stray_body``). The drafts are few per operation and depend only on
the operation and the seed.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import replace

from specgen.probe.messages import Draft, ProbeRequest
from specgen.spec.model import Operation

ORIGIN = "stray-body"
#: Media type -> bodies to choose from; none fits its media type (or the operation).
BODIES: dict[str, tuple[str, ...]] = {
    "multipart/form-data": ("name=value", "--\r\n\r\n", 'Content-Disposition: form-data; name="a"'),
    "application/json": ("{", '{"a": ', "[1,"),
    "text/plain": ("hello", "0", "a body nobody asked for"),
}


def stray_bodies(op: Operation, seed: int, base: Draft | None = None) -> list[Draft]:
    """One draft per media type of ``BODIES`` (body picked by ``seed``), with ``base``'s
    parameters; [] when ``op`` takes a body."""
    if op.request_body is not None:
        return []
    rng = random.Random(zlib.crc32(f"{seed}\0{op.key}".encode()))
    start = base or Draft(operation=op.key)
    return [
        start.with_parts(body=rng.choice(bodies), has_body=True, media_type=media, origin=ORIGIN)
        for media, bodies in BODIES.items()
    ]


def with_stray_body(request: ProbeRequest, draft: Draft) -> ProbeRequest:
    """``request`` (rendered without a body) carrying ``draft``'s body as it is: bytes, or
    a string in UTF-8, with ``draft.media_type`` as its Content-Type."""
    body = draft.body
    data = body if isinstance(body, bytes) else str("" if body is None else body).encode()
    typed = replace(request, body=data)
    return typed.with_headers((("Content-Type", draft.media_type),)) if draft.media_type else typed
