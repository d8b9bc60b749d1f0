"""Credentials for generated requests: placeholders for the operation's first security
requirement specgen can satisfy, with regex rules so that a consumer's real token matches
the pact too. A provider verified with such a pact accepts any token (the reference
providers do), or the verifier replaces the header (custom headers / request filters).
"""

from __future__ import annotations

import base64

from specgen.spec.api import API
from specgen.spec.model import Operation

TOKEN = "specgen-placeholder-token"
API_KEY = "specgen-placeholder-key"

Pairs = list[tuple[str, str]]


def credentials(api: API, op: Operation) -> tuple[Pairs, Pairs, Pairs]:
    """(headers, query, cookies) for the first security requirement specgen can satisfy."""
    for requirement in op.security:
        headers: Pairs = []
        query: Pairs = []
        cookies: Pairs = []
        for name, _scopes in requirement.schemes:
            scheme = api.security_schemes.get(name)
            if scheme is None:
                break
            if scheme.type == "apiKey" and scheme.parameter_name:
                where = {"header": headers, "query": query}.get(scheme.location or "", cookies)
                where.append((scheme.parameter_name, API_KEY))
            elif scheme.type == "http" and (scheme.scheme or "").lower() == "basic":
                basic = base64.b64encode(b"specgen:placeholder").decode()
                headers.append(("Authorization", f"Basic {basic}"))
            elif scheme.type in ("http", "oauth2", "openIdConnect"):
                headers.append(("Authorization", f"Bearer {TOKEN}"))
            else:
                break  # mutualTLS and unknown types: no header to send
        else:
            return headers, query, cookies
    return [], [], []


def secret_regex(value: str) -> str:
    """The regex a header carrying credentials like ``value`` must match."""
    scheme, sep, _ = value.partition(" ")
    return f"^{scheme} .+$" if sep and scheme in ("Bearer", "Basic") else "^.+$"
