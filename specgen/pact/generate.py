"""Pact consumer contracts generated from a spec: ``generate_pact``.

For every selected operation, one interaction per triggered response (``specgen.pact.
triggers``): the primary success response always, others when the spec says how to provoke
them. The request is concrete and valid (``specgen.pact.gen_request``); the provider states
are the spec's or derived (``specgen.pact.states``); the response holds the status, the
``Content-Type`` and required headers, and a body cut down to the required fields, with
matching rules that accept whatever the schema allows (``specgen.pact.body_rules``).

Same spec, options and seed: the same bytes. docs/pacts.md is the user's guide.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from specgen.errors import SpecError, UsageError
from specgen.generate.examples import concrete_status, preferred_media
from specgen.pact.base import JsonBlob
from specgen.pact.gen_request import InvalidExample, Unsupported, build_request
from specgen.pact.model import HttpInteraction, Pact
from specgen.pact.response_parts import build_response
from specgen.pact.states import derived, fill, request_overrides
from specgen.pact.triggers import Trigger, parse_state_options, primary, triggers
from specgen.pact.writer import SPEC_VERSIONS, write_pact_json
from specgen.select import select
from specgen.spec.api import API
from specgen.spec.model import Operation, Response

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class SkippedResponse:
    """A documented response no interaction was generated for, and why."""

    operation: str
    status: str
    reason: str

    def __str__(self) -> str:
        return f"{self.operation} {self.status}: {self.reason}"


@dataclass(frozen=True, slots=True)
class GeneratedPact:
    """A generated pact: the model, the file's text and name, and what was left out."""

    pact: Pact
    text: str
    file_name: str
    skipped: tuple[SkippedResponse, ...]
    operations: tuple[str, ...] = ()

    @property
    def interactions(self) -> int:
        """How many interactions the pact holds."""
        return len(self.pact.interactions)

    def write(self, folder: str | os.PathLike[str]) -> Path:
        """Write the pact as ``folder/<Consumer>-<Provider>.json``, atomically."""
        from specgen.output import write_text

        return write_text(Path(folder) / self.file_name, self.text)


def pact_file_name(consumer: str, provider: str) -> str:
    """``<Consumer>-<Provider>.json``, with characters no file name may hold replaced."""
    return _UNSAFE_NAME.sub("_", f"{consumer}-{provider}") + ".json"


def generate_pact(
    spec: API | str | os.PathLike[str],
    *,
    consumer: str,
    provider: str,
    pact_spec: Literal[3, 4] = 3,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    seed: int = 0,
    states: Mapping[str, Any] | None = None,
    base_path: str | None = None,
    operations: Sequence[Operation] | None = None,
) -> GeneratedPact:
    """A Pact file (v3 or v4) for ``consumer`` calling ``provider`` as ``spec`` describes it.

    ``spec`` is a loaded ``API`` or a path for ``load_spec``. ``include``/``exclude`` are
    operation selectors (``specgen.select``). ``states`` gives provider states where the spec
    has none: ``{"createRefund": {"name": "payment {paymentId} is captured", "params":
    {"status": "captured"}}, "getUser 404": "no user usr_00000000 exists"}`` (keys: an
    operationId, optionally with a status; values as ``x-specgen-state``). ``base_path``
    prefixes every path (default: the first server's path, ``/api/v1``; ``""`` for none).
    ``operations`` (of the loaded ``spec``) replaces the selection by ``include``/``exclude``.
    ``UsageError`` for bad options; a response that cannot be generated is skipped and listed
    in ``skipped``, never an exception.
    """
    if pact_spec not in SPEC_VERSIONS:
        raise UsageError(f"pact specification must be 3 or 4, not {pact_spec!r}")
    for role, name in (("consumer", consumer), ("provider", provider)):
        if not name or not name.strip():
            raise UsageError(f"the {role} name is empty")
    if not isinstance(spec, API):
        from specgen.spec.loader import load_spec

        spec = load_spec(spec)
    api = spec
    options = parse_state_options(api, states or {})
    interactions: list[HttpInteraction] = []
    skipped: list[SkippedResponse] = []
    descriptions: set[str] = set()
    covered: list[str] = []
    chosen = (
        list(operations) if operations is not None else select(api.operations, include, exclude)
    )
    for op in chosen:
        prefix = op.base_path if base_path is None else base_path
        prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
        made, left = _operation(api, op, options, seed, pact_spec == 4, prefix)
        if made:
            covered.append(op.label)
        for interaction in made:
            text, n = interaction.description, 2
            while interaction.description in descriptions:
                interaction = replace(interaction, description=f"{text} #{n}")
                n += 1
            descriptions.add(interaction.description)
            interactions.append(interaction)
        skipped += left
    version = SPEC_VERSIONS[pact_spec]
    metadata = JsonBlob.of(
        {
            "pactSpecification": {"version": version},
            "specgen": {
                "version": _version(),
                "seed": seed,
                "openapi": {"title": api.title, "version": api.version},
            },
        }
    )
    pact = Pact(consumer.strip(), provider.strip(), version, tuple(interactions), metadata)
    text = write_pact_json(pact, pact_spec)
    name = pact_file_name(pact.consumer, pact.provider)
    return GeneratedPact(pact, text, name, tuple(skipped), tuple(covered))


def _version() -> str:
    from specgen import __version__

    return __version__


def _status(response: Response, main: bool, v4: bool) -> tuple[int, str | None]:
    """The example status and, for a range or ``default``, the v4 status class."""
    if not response.is_range and not response.is_default:
        if not response.status.isdigit():
            raise Unsupported(f"status {response.status!r} is no HTTP status")
        return int(response.status), None
    if not v4:
        raise Unsupported(f"{response.status} stands for several statuses: needs Pact v4")
    if response.is_default:
        return (200, "success") if main else (500, "error")
    classes = {"1": "info", "2": "success", "3": "redirect", "4": "clientError"}
    return concrete_status(response), classes.get(response.status[0], "serverError")


def _operation(
    api: API,
    op: Operation,
    options: Mapping[tuple[str, str], Any],
    seed: int,
    v4: bool,
    base_path: str,
) -> tuple[list[HttpInteraction], list[SkippedResponse]]:
    found, left = triggers(api, op, options)
    skipped = [SkippedResponse(op.label, u.response.status, u.reason) for u in left]
    main = primary(op)
    made: list[HttpInteraction] = []
    fallback: Trigger | None = None
    main_made = False
    for trigger in found:
        is_main = trigger.response is main
        try:
            made.append(_interaction(api, op, trigger, is_main, seed, v4, base_path))
            main_made = main_made or is_main
        except InvalidExample as exc:
            skipped.append(SkippedResponse(op.label, trigger.response.status, str(exc)))
            if is_main:  # the plain request still gets the success response
                fallback = Trigger(trigger.response, trigger.states, None, "")
        except (Unsupported, SpecError) as exc:
            reason = exc.message if isinstance(exc, SpecError) else str(exc)
            skipped.append(SkippedResponse(op.label, trigger.response.status, reason))
    if fallback is not None and not main_made:
        try:
            made.insert(0, _interaction(api, op, fallback, True, seed, v4, base_path))
        except (Unsupported, SpecError) as exc:
            reason = exc.message if isinstance(exc, SpecError) else str(exc)
            skipped.append(SkippedResponse(op.label, fallback.response.status, reason))
    if not op.responses:
        skipped.append(SkippedResponse(op.label, "-", "no documented response"))
    return made, skipped


def _interaction(
    api: API, op: Operation, trigger: Trigger, main: bool, seed: int, v4: bool, base_path: str
) -> HttpInteraction:
    response = trigger.response
    status, status_class = _status(response, main, v4)
    media = preferred_media(response.content)
    accept = media.media_type if media is not None and "*" not in media.media_type else None
    overrides = request_overrides(trigger.states or ())
    built = build_request(
        api,
        op,
        seed=seed,
        base_path=base_path,
        accept=accept,
        overrides=overrides,
        example=trigger.example,
        v4=v4,
        strict=status < 400,  # a documented error may well need an invalid request
    )
    if trigger.states is not None:
        states = fill(trigger.states, built.values)
    else:
        states = derived(op, built.path_params, status)
    pact_response = build_response(
        api, response, media, status, status_class, trigger.example, seed=seed, v4=v4
    )
    label = trigger.example or (states[0].name if trigger.label and states else "")
    label = f" ({label})" if label else ""
    return HttpInteraction(
        f"{op.label} returns {response.status}{label}",
        built.request,
        pact_response,
        states,
    )
