"""Choosing the target: ``--app MODULE:ATTR`` (in-process WSGI/ASGI) or ``--url URL``.

Bad targets are usage errors (exit 2), found before any request is sent: a module that does
not import, an attribute that is not an app, a URL nothing listens on.
"""

from __future__ import annotations

import importlib
import inspect
import socket
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from specgen.errors import UsageError
from specgen.probe.transports import ASGITransport, HTTPTransport, Transport, WSGITransport


@dataclass(frozen=True, slots=True)
class Target:
    """Where requests go: ``url`` for a server, ``app_ref`` (``MODULE:ATTR``) for an
    in-process app, or ``app`` itself (library use; reproducers then need
    ``SPECGEN_APP``). ``base_path`` is prepended to every operation path."""

    base_path: str
    url: str | None = None
    app_ref: str | None = None
    factory: bool = False
    app: Any = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        """How reports name the target."""
        if self.url:
            return self.url
        return f"app {self.app_ref}" if self.app_ref else f"app {type(self.app).__name__}"


def load_app(ref: str, *, factory: bool = False) -> Any:
    """Import ``MODULE:ATTR`` (ATTR may be dotted) and return the app; with ``factory``
    call ATTR with no arguments first."""
    module_name, sep, attr = ref.partition(":")
    if not sep or not module_name or not attr:
        raise UsageError(f"--app must be MODULE:ATTR, not {ref!r}")
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        obj: Any = importlib.import_module(module_name)
    except Exception as exc:
        raise UsageError(f"--app {ref}: cannot import {module_name}: {exc}") from None
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise UsageError(f"--app {ref}: {module_name} has no attribute {attr!r}")
        obj = getattr(obj, part)
    if factory:
        try:
            obj = obj()
        except Exception as exc:
            raise UsageError(
                f"--app {ref}: the factory raised {type(exc).__name__}: {exc}"
            ) from None
    if not callable(obj):
        raise UsageError(f"--app {ref}: {attr} is not a WSGI or ASGI app (not callable)")
    return obj


def is_asgi(app: Any) -> bool:
    """ASGI 3 apps are coroutine functions (or objects whose ``__call__`` is one)."""
    call = app if inspect.isfunction(app) or inspect.ismethod(app) else type(app).__call__
    return inspect.iscoroutinefunction(call)


def instrumented_packages(ref: str, app: Any) -> list[str]:
    """Top-level packages the coverage-guided engine instruments: the app module's, and
    the package defining the app's class when that is local code (not site-packages)."""
    found = [ref.partition(":")[0].split(".")[0]]
    for owner in (type(app), app):
        module = sys.modules.get(getattr(owner, "__module__", "") or "")
        if module is not None and _is_local(module):
            found.append(module.__name__.split(".")[0])
    return sorted(set(found) - {"builtins", "specgen"})


def _is_local(module: Any) -> bool:
    file = getattr(module, "__file__", None)
    if not file:
        return False
    roots = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    return not any(Path(file).resolve().is_relative_to(Path(r).resolve()) for r in roots)


def check_reachable(url: str, timeout: float = 5.0) -> None:
    """UsageError unless something accepts TCP connections at ``url``'s host and port."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--url must be an http(s) URL with a host, not {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except OSError as exc:
        raise UsageError(f"cannot reach --url {url}: {exc.strerror or exc}") from None


def base_path_for(url: str | None, spec_base: str) -> str:
    """The path prefix for requests: the URL's own path when it has one, else the spec's
    first server base path."""
    path = urlsplit(url).path.rstrip("/") if url else ""
    return path or spec_base.rstrip("/")


def open_transport(target: Target, *, rate_limit: float | None, timeout: float) -> Transport:
    """The transport for ``target`` (loading the app or checking the URL first)."""
    if target.url is not None:
        check_reachable(target.url)
        return HTTPTransport(target.url, timeout=timeout, rate_limit=rate_limit)
    app = target.app
    if app is None:
        if target.app_ref is None:
            raise UsageError("give a URL or an app to fuzz")
        app = load_app(target.app_ref, factory=target.factory)
    if is_asgi(app):
        return ASGITransport(app, rate_limit=rate_limit)
    return WSGITransport(app, rate_limit=rate_limit)
