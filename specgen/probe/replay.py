"""Running a finding again: what generated reproducers call.

``Replay(spec, target, credentials).failures(check, draft, flow)`` loads the spec, opens
the target (``SPECGEN_APP`` / ``SPECGEN_BASE_URL`` override the recorded one), sends the
draft (or replays the recorded create-delete-read flow) and returns the failures of
``check``. Credentials come from the environment only.
"""

from __future__ import annotations

import os
from typing import Any

from specgen.errors import UsageError
from specgen.probe.checks import all_checks
from specgen.probe.credentials import Credentials, env_name
from specgen.probe.exchange import Exchange, Failure
from specgen.probe.flows import DeleteFlow, replay_delete_flow
from specgen.probe.messages import Draft
from specgen.probe.strategies import Generator
from specgen.probe.targets import Target, base_path_for, open_transport
from specgen.spec.model import Operation


def _credentials(recorded: dict[str, Any]) -> Credentials:
    headers = []
    for name, value in recorded.get("headers", []):
        if name in recorded.get("secret_headers", []):
            value = os.environ.get(env_name(name), "")
            if not value:
                raise UsageError(f"set {env_name(name)} to the {name} header's value")
        headers.append(f"{name}: {value}")
    return Credentials.from_args(headers, recorded.get("auth_env"))


class Replay:
    """One reproducer's spec, target and credentials."""

    def __init__(self, spec: str, target: dict[str, Any], credentials: dict[str, Any]) -> None:
        from specgen.spec.loader import load_spec

        self.api = load_spec(spec)
        spec_base = self.api.base_path
        url = os.environ.get("SPECGEN_BASE_URL") or None
        app = os.environ.get("SPECGEN_APP") or None
        if url is None and app is None:
            url, app = target.get("url"), target.get("app")
        base = base_path_for(url, spec_base) if url else target.get("base_path", spec_base)
        factory = bool(target.get("factory")) and app == target.get("app")
        self.target = Target(base_path=base, url=url, app_ref=app, factory=factory)
        creds = _credentials(credentials).per_operation(self.api, self.api.operations)
        self.generator = Generator(self.api, base, credentials=creds)
        self.transport = open_transport(self.target, rate_limit=None, timeout=30.0)
        self.checks = all_checks()

    def _op(self, key: str) -> Operation:
        op = self.api.operation(key)
        if op is None:
            raise UsageError(f"the spec has no operation {key}")
        return op

    def _exchange(
        self, op: Operation, draft: Draft, after_delete: bool, flow: DeleteFlow | None
    ) -> Exchange:
        request = self.generator.render(draft)
        response = self.transport.send(request)
        return Exchange(
            self.api, op, draft, request, response, self.target.base_path, None, after_delete
        )

    def failures(
        self, check: str, draft: dict[str, Any], flow: dict[str, Any] | None = None
    ) -> list[Failure]:
        """The failures of ``check`` when the recorded request (or flow) is sent again."""
        try:
            if flow is not None:
                ex = replay_delete_flow(DeleteFlow.from_json(flow), self._exchange, self._op)
                if ex is None:
                    raise AssertionError("the create/delete steps of the flow did not succeed")
            else:
                parsed = Draft.from_json(draft)
                ex = self._exchange(self._op(parsed.operation), parsed, False, None)
            return self.checks[check](ex)
        finally:
            self.transport.close()
