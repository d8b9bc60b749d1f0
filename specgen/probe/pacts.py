"""Pact interactions as seeds: each HTTP interaction of the pacts in ``--pacts DIR`` that
matches an operation of the spec becomes a draft, sent before generation starts."""

from __future__ import annotations

from pathlib import Path

from specgen.errors import UsageError
from specgen.pact.model import BodyKind, HttpInteraction
from specgen.pact.reader import read_pact
from specgen.probe.messages import Draft
from specgen.spec.api import API

_SKIP_HEADERS = {"content-type", "content-length", "host"}


def pact_files(folder: Path) -> list[Path]:
    """The ``*.json`` files under ``folder``, sorted; UsageError when it is not a folder."""
    if not folder.is_dir():
        raise UsageError(f"--pacts {folder}: not a folder")
    return sorted(folder.rglob("*.json"))


def draft_of(api: API, interaction: HttpInteraction) -> Draft | None:
    """The draft of one interaction, or None when no operation of ``api`` serves it."""
    request = interaction.request
    found = api.match(request.method, request.path)
    if found is None:
        return None
    query = {k: (v[0] if len(v) == 1 else list(v)) for k, v in request.query.items()}
    headers = {
        k: ", ".join(v) for k, v in request.headers.items() if k.lower() not in _SKIP_HEADERS
    }
    body = request.body
    has_body = body.kind in (BodyKind.PRESENT, BodyKind.NULL)
    media_type = body.content_type or ("application/json" if body.is_json else None)
    content = body.content if body.is_json or body.kind is BodyKind.NULL else body.raw()
    return Draft(
        operation=found.operation.key,
        path_parameters=dict(found.path_params),
        query=query,
        headers=headers,
        body=content if has_body else None,
        has_body=has_body,
        media_type=media_type if has_body else None,
        origin="pact",
    )


def pact_seeds(api: API, folder: Path) -> dict[str, list[Draft]]:
    """Drafts by operation key from every pact under ``folder``."""
    seeds: dict[str, list[Draft]] = {}
    for path in pact_files(folder):
        pact = read_pact(path)
        for interaction in pact.http_interactions:
            draft = draft_of(api, interaction)
            if draft is not None:
                seeds.setdefault(draft.operation, []).append(draft)
    return seeds
