"""Credentials from the command line and their redaction.

``--header 'Name: value'`` is sent with every request. ``--auth-env VAR`` reads a secret
from the environment: a ``Name: value`` line is sent as that header; anything else is a
token applied as each operation's ``security`` asks (bearer/OAuth2/OpenID: ``Authorization:
Bearer``; HTTP basic: ``user:password``; apiKey: in its header, query parameter or cookie),
and only to operations that declare security.

Secrets never reach a report or reproducer: curl commands are rendered from ``display()``
credentials, which hold ``${VAR}`` for the ``--auth-env`` value and
``${SPECGEN_HEADER_NAME}`` for sensitive ``--header`` values (the variables reproducers
read), and the ``Redactor`` scrubs any secret the provider echoes into a response.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from specgen.errors import UsageError
from specgen.probe.messages import Pairs
from specgen.spec.api import API
from specgen.spec.model import Operation

_SENSITIVE = re.compile(r"auth|token|key|secret|session|cookie|password|credential", re.I)
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_LINE = re.compile(r"^([!#$%&'*+.^_`|~0-9A-Za-z-]+): (.+)$", re.DOTALL)
Parts = tuple[Pairs, Pairs, Pairs]  # headers, query, cookies


def parse_header(line: str) -> tuple[str, str]:
    """``"Name: value"`` as a pair; UsageError when it is not one."""
    name, sep, value = line.partition(":")
    if not sep or not _HEADER_NAME.match(name.strip()):
        raise UsageError(f"bad --header {line.split(':')[0]!r}: use 'Name: value'")
    return name.strip(), value.strip()


def env_name(header: str) -> str:
    """The variable a reproducer reads a redacted header from: ``SPECGEN_HEADER_X_API_KEY``."""
    return "SPECGEN_HEADER_" + re.sub(r"[^A-Z0-9]", "_", header.upper())


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the user gave: plain headers, and at most one secret from the environment."""

    headers: Pairs = ()
    token: str | None = None
    token_var: str | None = None
    placeholders: bool = False

    @classmethod
    def from_args(
        cls,
        headers: Sequence[str],
        auth_env: str | None,
        environ: Mapping[str, str] | None = None,
    ) -> Credentials:
        """Parse ``--header`` lines and read ``--auth-env``; UsageError when unusable."""
        env = os.environ if environ is None else environ
        pairs = tuple(parse_header(line) for line in headers)
        token = None
        if auth_env is not None:
            token = env.get(auth_env, "")
            if not token.strip():
                raise UsageError(f"--auth-env {auth_env}: the variable is not set or empty")
        return cls(pairs, token.strip() if token else None, auth_env)

    def token_header(self) -> tuple[str, str] | None:
        """The ``--auth-env`` value as a header when it is a ``Name: value`` line."""
        found = _LINE.match(self.token or "")
        return (found.group(1), found.group(2).strip()) if found else None

    def secret_headers(self) -> list[tuple[str, str]]:
        """The ``--header`` pairs whose values are redacted (names that look sensitive)."""
        return [(k, v) for k, v in self.headers if _SENSITIVE.search(k) and v]

    def for_operation(self, api: API, op: Operation) -> Parts:
        """Headers, query parameters and cookies to add to ``op``'s requests."""
        headers: list[tuple[str, str]] = list(self.headers)
        query: list[tuple[str, str]] = []
        cookies: list[tuple[str, str]] = []
        line = self.token_header()
        if line is not None:
            headers.append(line)
        elif self.token is not None:
            applied = _apply(api, op, self.token, self.placeholders)
            if applied is not None:
                headers += applied[0]
                query += applied[1]
                cookies += applied[2]
        return tuple(headers), tuple(query), tuple(cookies)

    def per_operation(self, api: API, ops: Sequence[Operation]) -> dict[str, Parts]:
        """``for_operation`` for each operation, by operation key."""
        return {op.key: self.for_operation(api, op) for op in ops}

    def display(self) -> Credentials:
        """These credentials with ``${VAR}`` placeholders for every secret: what curl
        commands show (the shell fills them in from the environment)."""
        secret = {name for name, _ in self.secret_headers()}
        headers = tuple(
            (k, "${" + env_name(k) + "}" if k in secret else v) for k, v in self.headers
        )
        token = None
        if self.token is not None and self.token_var:
            line = self.token_header()
            var = self.token_var
            token = f"{line[0]}: ${{{var}#*: }}" if line else f"${{{var}}}"
        return Credentials(headers, token, self.token_var, placeholders=True)

    def redactor(self) -> Redactor:
        """The redactor for these credentials."""
        secrets: list[tuple[str, str]] = []
        if self.token and self.token_var:
            placeholder = "${" + self.token_var + "}"
            line = self.token_header()
            if line is not None:  # curl's -H 'Name: value' becomes -H "${VAR}"
                secrets.append((f"{line[0]}: {line[1]}", placeholder))
                secrets.append((line[1], f"<value of ${self.token_var}>"))
            else:
                secrets.append((self.token, placeholder))
                encoded = base64.b64encode(self.token.encode()).decode()
                secrets.append((encoded, f"<base64 of ${self.token_var}>"))
        for name, value in self.secret_headers():
            secrets.append((value, "${" + env_name(name) + "}"))
        return Redactor(tuple(secrets))


def _apply(api: API, op: Operation, token: str, placeholder: bool = False) -> Parts | None:
    for requirement in op.security:
        parts: tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]] = (
            [],
            [],
            [],
        )
        usable = bool(requirement.schemes)
        for name, _scopes in requirement.schemes:
            scheme = api.security_schemes.get(name)
            if scheme is None:
                usable = False
                break
            if scheme.type == "apiKey" and scheme.parameter_name:
                where = {"header": 0, "query": 1, "cookie": 2}.get(scheme.location or "", 0)
                parts[where].append((scheme.parameter_name, token))
            elif scheme.type == "http" and (scheme.scheme or "").lower() == "basic":
                encoded = base64.b64encode(token.encode()).decode() if ":" in token else token
                if placeholder:
                    encoded = f"<base64 of {token.strip('${}')}>"
                parts[0].append(("Authorization", f"Basic {encoded}"))
            else:
                bearer = token if token.lower().startswith("bearer ") else f"Bearer {token}"
                parts[0].append(("Authorization", bearer))
        if usable:
            return tuple(parts[0]), tuple(parts[1]), tuple(parts[2])
    return None


#: Shorter secrets are not redacted from free text: they would match everywhere. Curl
#: commands and reproducers never contain them anyway (they are built with placeholders).
MIN_SECRET = 4


@dataclass(frozen=True, slots=True)
class Redactor:
    """Replaces secret values with placeholders in text (a safety net for what the provider
    echoes back: response bodies, error messages)."""

    secrets: tuple[tuple[str, str], ...] = ()

    def __call__(self, text: str) -> str:
        """``text`` with every secret of at least ``MIN_SECRET`` characters replaced."""
        for secret, placeholder in sorted(self.secrets, key=lambda s: -len(s[0])):
            if len(secret) >= MIN_SECRET:
                text = text.replace(secret, placeholder)
        return text

    def __bool__(self) -> bool:
        return bool(self.secrets)
