"""Resource flows: create a resource, use it, delete it, and check it is gone.

For each ``POST /things`` whose path has item operations under ``/things/{id}``, the
engine creates a resource with positive requests until one succeeds, takes its id (from an
OpenAPI link of the response, else the ``Location`` header, else the body's ``id`` or
``{param}`` field), runs the item operations with that id, then DELETEs it and GETs it
again: a success then is ``fuzz.use-after-delete``. A DELETE documented as a soft delete
leaves the resource readable on purpose: there the second look is the DELETE again, which
must not succeed on a resource already deleted when the DELETE documents 404 or 410 (HTTP
lets a repeated DELETE succeed, so without them nothing is checked).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from specgen.probe.engine_hypothesis import drive
from specgen.probe.events import PhaseStarted
from specgen.probe.exchange import Exchange
from specgen.probe.messages import Draft
from specgen.probe.session import Session
from specgen.spec.model import Operation
from specgen.spec.pointer import resolve

#: Probe function: (operation, draft, after_delete, flow) -> exchange or None.
Probe = Callable[[Operation, Draft, bool, "DeleteFlow | None"], Exchange | None]


@dataclass(frozen=True, slots=True)
class ResourceFlow:
    """A collection's create operation and the operations on one of its items."""

    create: Operation
    param: str
    uses: tuple[Operation, ...]
    delete: Operation | None
    read: Operation | None


@dataclass(frozen=True, slots=True)
class DeleteFlow:
    """The three requests of a use-after-delete finding, for its reproducer."""

    create: Draft
    delete: Draft
    read: Draft
    param: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "create": self.create.to_json(),
            "delete": self.delete.to_json(),
            "read": self.read.to_json(),
            "param": self.param,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeleteFlow:
        """Inverse of ``to_json``."""
        return cls(
            Draft.from_json(data["create"]),
            Draft.from_json(data["delete"]),
            Draft.from_json(data["read"]),
            str(data["param"]),
        )


def resource_flows(operations: Sequence[Operation]) -> list[ResourceFlow]:
    """Every (create, item operations) group among ``operations``."""
    flows = []
    for create in (op for op in operations if op.method == "POST"):
        prefix = create.path.rstrip("/") + "/{"
        params = sorted(
            {
                op.path[len(prefix) :].split("}")[0]
                for op in operations
                if op.path.startswith(prefix)
            }
        )
        for param in params:
            item = prefix + param + "}"
            under = [op for op in operations if op.path == item or op.path.startswith(item + "/")]
            delete = next((op for op in under if op.method == "DELETE" and op.path == item), None)
            read = next((op for op in under if op.method == "GET" and op.path == item), None)
            uses = tuple(op for op in under if op is not delete)
            flows.append(ResourceFlow(create, param, uses, delete, read))
    return flows


_SOFT = re.compile(r"\bsoft[- ]?delet", re.IGNORECASE)


def soft_delete(op: Operation) -> bool:
    """Whether the DELETE is documented as a soft delete (the resource stays readable)."""
    return bool(_SOFT.search(f"{op.summary or ''} {op.description or ''}"))


def _documents_gone(op: Operation) -> bool:
    """Whether the operation documents 404 or 410: then it answers so for what is deleted."""
    return any(str(status) in ("404", "410") for status in op.statuses())


def created_id(op: Operation, ex: Exchange, param: str) -> str | None:
    """The new resource's id from a create response, or None."""
    response = ex.response
    try:
        body: Any = json.loads(response.body) if response.body else None
    except ValueError:
        body = None
    documented = op.response_for(response.status)
    for link in documented.links if documented else ():
        expression = link.parameters.get(param)
        if isinstance(expression, str):
            value = _evaluate(expression, body, ex)
            if value is not None:
                return value
    location = response.header("location")
    if location:
        last = urlsplit(location).path.rstrip("/").rsplit("/", 1)[-1]
        if last:
            return unquote(last)
    if isinstance(body, dict):
        for key in (param, "id"):
            if isinstance(body.get(key), str | int) and not isinstance(body.get(key), bool):
                return str(body[key])
    return None


def _evaluate(expression: str, body: Any, ex: Exchange) -> str | None:
    if expression.startswith("$response.body#"):
        try:
            value = resolve(body, expression[len("$response.body#") :])
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        return str(value) if isinstance(value, str | int) else None
    if expression.startswith("$response.header."):
        return ex.response.header(expression[len("$response.header.") :])
    return None


def _fix(draft: Draft, param: str, value: str) -> Draft:
    return draft.with_parts(path_parameters={**draft.path_parameters, param: value})


def replay_delete_flow(
    flow: DeleteFlow, probe: Probe, api_op: Callable[[str], Operation]
) -> Exchange | None:
    """Re-run a recorded use-after-delete flow; the read's exchange, or None if a step
    before it did not succeed."""
    create_op = api_op(flow.create.operation)
    made = probe(create_op, flow.create, False, None)
    if made is None or not 200 <= made.response.status < 300:
        return None
    ident = created_id(create_op, made, flow.param)
    if ident is None:
        return None
    deleted = probe(
        api_op(flow.delete.operation), _fix(flow.delete, flow.param, ident), False, None
    )
    if deleted is None or not 200 <= deleted.response.status < 300:
        return None
    return probe(api_op(flow.read.operation), _fix(flow.read, flow.param, ident), True, flow)


def run_flow(session: Session, flow: ResourceFlow, deadline: float | None) -> None:
    """Create, use, delete, re-read one resource."""
    gen, budget = session.generator, max(1, session.options.max_examples // 4)
    made: list[tuple[Draft, str]] = []

    def create(draft: Draft) -> bool:
        ex = session.probe(flow.create, draft)
        ident = created_id(flow.create, ex, flow.param) if ex and ex.response.status < 300 else None
        if ex is not None and 200 <= ex.response.status < 300 and ident is not None:
            made.append((draft, ident))
        return bool(made)

    session.emit(PhaseStarted(flow.create.label, f"flow {flow.param}"))
    strategy = gen.drafts(flow.create, "positive")
    drive(
        session,
        flow.create,
        strategy,
        max_examples=10,
        label="create",
        deadline=deadline,
        until=create,
    )
    if not made:
        return
    ident = made[0][1]
    fixed = {flow.param: ident}
    for op in flow.uses:
        strategy = gen.drafts(op, "positive", path_parameters=fixed)
        drive(session, op, strategy, max_examples=budget, label=f"use {ident}", deadline=deadline)
    if flow.delete is None or flow.read is None:
        return
    if soft_delete(flow.delete) and not _documents_gone(flow.delete):
        return  # a repeated DELETE may succeed: HTTP calls DELETE idempotent
    deletes: list[Draft] = []

    def delete(draft: Draft) -> bool:
        ex = session.probe(flow.delete, draft) if flow.delete else None
        if ex is not None and 200 <= ex.response.status < 300:
            deletes.append(draft)
        return bool(deletes)

    again = gen.drafts(flow.create, "positive")
    made.clear()
    drive(
        session,
        flow.create,
        again,
        max_examples=10,
        label="create again",
        deadline=deadline,
        until=create,
    )
    if not made:
        return
    create_draft, ident = made[0]
    strategy = gen.drafts(flow.delete, "positive", path_parameters={flow.param: ident})
    drive(
        session,
        flow.delete,
        strategy,
        max_examples=5,
        label="delete",
        deadline=deadline,
        until=delete,
    )
    if not deletes:
        return
    read_op = flow.delete if soft_delete(flow.delete) else flow.read
    strategy = gen.drafts(read_op, "positive", path_parameters={flow.param: ident})

    def read(draft: Draft) -> bool:
        record = DeleteFlow(create_draft, deletes[0], draft, flow.param)
        session.probe(read_op, draft, after_delete=True, flow=record)
        return True

    drive(
        session,
        read_op,
        strategy,
        max_examples=1,
        label="read deleted",
        deadline=deadline,
        until=read,
    )


def run(session: Session, operations: Sequence[Operation]) -> None:
    """Every resource flow among ``operations``."""
    for flow in resource_flows(operations):
        if session.expired():
            return
        run_flow(session, flow, session.deadline)
