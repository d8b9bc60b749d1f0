"""Running a real WireMock standalone server (a JVM) for tests and ``specgen serve-stubs``.

``WireMock`` starts ``java -jar wiremock-standalone-*.jar`` on 127.0.0.1 in its own process
group, waits until the admin API answers, and kills the whole group on ``stop()``, on leaving
the ``with`` block, when garbage-collected and at interpreter exit: no JVM is left behind
unless this process itself is killed with SIGKILL. Mappings are added through the admin API,
which reports a bad mapping as data (422 with JSON pointers), where a bad file under
``mappings/`` would stop the whole server from starting.

Only the stdlib is used (``http.client``), so importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from specgen.errors import SpecgenError

JAR_ENV = "SPECGEN_WIREMOCK_JAR"
INSTALL_HINT = "install it with `npm install wiremock@3.13.2` (or `make npm-tools` in a checkout)"
JAR_DIR = Path("node_modules", "wiremock", "build")
MIN_JAVA = 11
#: C1-only JIT and class-data sharing: ready in about 0.8-1.0 s instead of 1.0-1.5 s here.
FAST_START_JVM_ARGS = ("-XX:TieredStopAtLevel=1", "-Xshare:auto")
_HOST = "127.0.0.1"


class ToolNotFoundError(SpecgenError):
    """An external tool specgen runs (WireMock's jar, ``java``) is missing or too old."""

    code = "tool.missing"


class WireMockError(SpecgenError):
    """WireMock did not start (bad mapping file, port taken, timeout) or stopped answering."""

    code = "stubs.wiremock"


@dataclass(frozen=True, slots=True)
class MappingError:
    """One reason WireMock refused a mapping; ``pointer`` is a JSON pointer into it."""

    pointer: str
    title: str
    detail: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.detail}"


@dataclass(frozen=True, slots=True)
class AddResult:
    """WireMock's answer to one mapping (or one import): accepted, or refused with reasons."""

    status: int
    stub_id: str | None = None
    errors: tuple[MappingError, ...] = ()

    @property
    def accepted(self) -> bool:
        """True when WireMock took the mapping (HTTP 2xx)."""
        return 200 <= self.status < 300


def find_wiremock_jar(*, cwd: Path | None = None) -> Path:
    """WireMock's standalone jar: ``$SPECGEN_WIREMOCK_JAR``, then ``tools/npm/`` of the
    checkout or ``cwd``, then ``./node_modules``, then the global npm root."""
    configured = os.environ.get(JAR_ENV)
    if configured:
        path = Path(configured).expanduser()
        if path.is_file():
            return path
        raise ToolNotFoundError(f"{JAR_ENV}={configured} is not a file; {INSTALL_HINT}")
    here = (cwd or Path.cwd()).resolve()
    checkout = Path(__file__).resolve().parents[2]
    dirs = [base / "tools" / "npm" / JAR_DIR for base in (here, checkout)]
    dirs.append(here / JAR_DIR)
    dirs.extend(root / "wiremock" / "build" for root in _npm_global_root())
    for folder in dirs:
        jars = sorted(folder.glob("wiremock-standalone-*.jar"), key=_version_key)
        if jars:
            return jars[-1]
    raise ToolNotFoundError(f"WireMock's standalone jar was not found; {INSTALL_HINT}")


def find_java(java: str | None = None) -> str:
    """The ``java`` to run (``java`` if given, else ``$JAVA_HOME/bin/java``, else the one on
    PATH), checked to be Java 11 or newer by running ``java -version``."""
    home = Path(os.environ.get("JAVA_HOME") or "/nonexistent", "bin", "java")
    if java is not None:
        candidate = shutil.which(java)
    else:
        candidate = str(home) if home.is_file() else shutil.which("java")
    if candidate is None:
        raise ToolNotFoundError(
            f"{java or 'java'} was not found (PATH, JAVA_HOME); WireMock needs Java "
            f"{MIN_JAVA} or newer (e.g. `apt-get install openjdk-17-jre-headless`)"
        )
    try:
        proc = subprocess.run([candidate, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolNotFoundError(f"{candidate} -version failed: {exc}") from exc
    found = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    major = (int(found[2] or 0) if found[1] == "1" else int(found[1])) if found else 0
    if major < MIN_JAVA:
        raise ToolNotFoundError(
            f"{candidate} is Java {major or 'of unknown version'}; "
            f"WireMock needs Java {MIN_JAVA} or newer"
        )
    return candidate


class WireMock:
    """A WireMock standalone server on 127.0.0.1; use it as a context manager.

    ``port=None`` lets WireMock pick a free port itself (``--port 0``, read back from its
    startup output), which cannot race with other processes the way probing a port first
    does. ``root_dir`` holds ``mappings/`` and ``__files/``; by default an empty temporary
    folder, so nothing is written to the working directory.
    """

    def __init__(
        self,
        *,
        root_dir: str | Path | None = None,
        port: int | None = None,
        jar: str | Path | None = None,
        java: str | None = None,
        request_journal: bool = True,
        async_responses: bool = False,
        verbose: bool = False,
        extra_args: Sequence[str] = (),
        jvm_args: Sequence[str] = FAST_START_JVM_ARGS,
        start_timeout: float = 60.0,
        stop_timeout: float = 5.0,
    ) -> None:
        self._root_dir = Path(root_dir) if root_dir is not None else None
        self._requested_port = port
        self._jar = Path(jar) if jar is not None else None
        self._java = java
        self._args = ["--disable-banner", *(["--verbose"] if verbose else [])]
        self._args += ["--no-request-journal"] if not request_journal else []
        self._args += ["--async-response-enabled", "true"] if async_responses else []
        self._args += list(extra_args)
        self._jvm_args = list(jvm_args)
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._scratch: Path | None = None
        self._port: int | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        #: Seconds from launching the JVM until the admin API answered.
        self.start_seconds: float | None = None

    def start(self) -> Self:
        """Launch the JVM and wait until ``GET /__admin/mappings`` answers."""
        if self._proc is not None:
            raise RuntimeError("this WireMock was already started")
        java = find_java(self._java)
        jar = self._jar or find_wiremock_jar()
        if not jar.is_file():
            raise ToolNotFoundError(f"WireMock jar {jar} is not a file; {INSTALL_HINT}")
        self._scratch = Path(tempfile.mkdtemp(prefix="specgen-wiremock-"))
        root = self._root_dir or self._scratch / "root"
        port = self._requested_port or 0
        cmd = [java, *self._jvm_args, "-jar", str(jar), "--port", str(port)]
        cmd += ["--bind-address", _HOST, "--root-dir", str(root), *self._args]
        began = time.monotonic()
        out_log, err_log = self._scratch / "stdout.log", self._scratch / "stderr.log"
        try:
            with open(out_log, "wb") as out, open(err_log, "wb") as err:
                self._proc = subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
                )
        except OSError:
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise
        self._finalizer = weakref.finalize(
            self, _terminate, self._proc, self._stop_timeout, self._scratch, os.getpid()
        )
        try:
            self._wait_ready(self._proc, began + self._start_timeout)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Stop the server: SIGTERM to its process group, SIGKILL after ``stop_timeout``."""
        if self._finalizer is not None:
            self._finalizer()

    def __enter__(self) -> Self:
        return self.start() if self._proc is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        """The JVM's process id, which is also its process group id."""
        if self._proc is None:
            raise RuntimeError("WireMock is not started")
        return self._proc.pid

    @property
    def port(self) -> int:
        """The HTTP port WireMock listens on."""
        if self._port is None:
            raise RuntimeError("WireMock is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, where the stubs are served."""
        return f"http://{_HOST}:{self.port}"

    @property
    def admin_url(self) -> str:
        """``http://127.0.0.1:PORT/__admin``."""
        return f"{self.base_url}/__admin"

    def logs(self) -> str:
        """What WireMock printed so far (stdout then stderr), for debugging."""
        return self._read("out") + self._read("err")

    def add_mapping(self, mapping: Mapping[str, Any]) -> AddResult:
        """POST one stub mapping; a refusal (422) comes back in the result, never raised."""
        status, body = self._call("POST", "/__admin/mappings", mapping)
        if 200 <= status < 300:
            return AddResult(status, _json(body).get("id"))
        return AddResult(status, None, _mapping_errors(status, body))

    def add_mappings(self, mappings: Iterable[Mapping[str, Any]]) -> list[AddResult]:
        """POST each mapping on its own, so every bad one is reported with its reasons."""
        return [self.add_mapping(mapping) for mapping in mappings]

    def import_mappings(self, document: Mapping[str, Any]) -> AddResult:
        """POST ``{"mappings": [...]}`` to ``/__admin/mappings/import`` (all or nothing).

        Missing ``importOptions`` fields get their defaults: WireMock answers 500 (a Java
        NullPointerException) when ``importOptions`` lacks one of its two fields.
        """
        if not isinstance(document.get("mappings"), list):
            raise TypeError('import_mappings expects {"mappings": [...]}')
        body = dict(document)
        if "importOptions" in body:
            defaults = {"duplicatePolicy": "OVERWRITE", "deleteAllNotInImport": False}
            body["importOptions"] = {**defaults, **body["importOptions"]}
        status, raw = self._call("POST", "/__admin/mappings/import", body)
        errors = () if 200 <= status < 300 else _mapping_errors(status, raw)
        return AddResult(status, None, errors)

    def mappings(self) -> list[dict[str, Any]]:
        """The stub mappings WireMock holds now."""
        return list(_json(self._expect("GET", "/__admin/mappings")).get("mappings", []))

    def reset(self) -> None:
        """Forget added mappings and the request journal (mapping files are reloaded)."""
        self._expect("POST", "/__admin/reset")

    def requests(self) -> list[dict[str, Any]]:
        """The request journal, newest first, for debugging."""
        if "--no-request-journal" in self._args:
            raise WireMockError("the request journal is off (WireMock(request_journal=False))")
        return list(_json(self._expect("GET", "/__admin/requests")).get("requests", []))

    def _wait_ready(self, proc: subprocess.Popen[bytes], deadline: float) -> None:
        while True:
            code = proc.poll()
            if code is not None:
                raise self._start_error(f"WireMock exited with code {code} while starting")
            # The options, port included, are printed once Jetty is listening: waiting for
            # them means another server on a requested port is never taken for ours.
            if self._port is None:
                found = re.search(r"^port:\s+(\d+)", self._read("out"), re.MULTILINE)
                self._port = int(found[1]) if found else None
            if self._port is not None and self._answers():
                return
            if time.monotonic() > deadline:
                raise self._start_error(f"WireMock did not answer within {self._start_timeout:g} s")
            time.sleep(0.02)

    def _answers(self) -> bool:
        try:
            status, _ = self._call("GET", "/__admin/mappings", timeout=2.0)
        except (OSError, http.client.HTTPException):
            return False
        return status == 200

    def _start_error(self, what: str) -> WireMockError:
        """The error for a failed start: WireMock's exception lines, without the stack."""
        lines = [line for line in self._read("err").splitlines() if line.strip()]
        lines = [
            line for line in lines if not re.match(r"\s+(at [\w$./<>-]+\(|\.\.\. \d+ more)", line)
        ]
        reason = " | ".join(lines)[:2000]
        bad_file = re.search(r"(MappingFileException): Error loading file (.+?):(?: \| |$)", reason)
        if bad_file:
            detail = reason[bad_file.end() :] or "unreadable"
            message = f"WireMock cannot load this mapping file ({bad_file[1]}): {detail}"
            return WireMockError(message, file=bad_file[2])
        return WireMockError(f"{what}: {reason}" if reason else what)

    def _read(self, stream: str) -> str:
        if self._scratch is None:
            return ""
        try:
            return (self._scratch / f"std{stream}.log").read_text("utf-8", errors="replace")
        except OSError:
            return ""

    def _expect(self, method: str, path: str) -> bytes:
        status, body = self._call(method, path)
        if not 200 <= status < 300:
            detail = _mapping_errors(status, body)[0].detail
            raise WireMockError(f"{method} {path} answered {status}: {detail[:300]}")
        return body

    def _call(
        self, method: str, path: str, payload: Any = None, *, timeout: float = 30.0
    ) -> tuple[int, bytes]:
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        conn = http.client.HTTPConnection(_HOST, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def _terminate(proc: subprocess.Popen[bytes], grace: float, scratch: Path, owner: int) -> None:
    """Kill ``proc``'s whole process group and reap it; remove the scratch folder."""
    if os.getpid() != owner:  # a forked child must not stop its parent's server
        return
    try:
        if proc.returncode is None:  # not reaped, so the group id cannot have been reused
            _signal_group(proc.pid, signal.SIGTERM)
            deadline = time.monotonic() + grace
            while not _exited(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.02)
            _signal_group(proc.pid, signal.SIGKILL)  # stragglers, or a JVM ignoring SIGTERM
            proc.wait(timeout=max(grace, 5.0))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _exited(pid: int) -> bool:
    """Whether ``pid`` has exited, leaving it unreaped (so its group id stays ours)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _mapping_errors(status: int, body: bytes) -> tuple[MappingError, ...]:
    """WireMock's ``errors[]`` (JSON:API style), or one error made of an HTML error page."""
    try:
        found = tuple(
            MappingError(
                str((error.get("source") or {}).get("pointer", "")),
                str(error.get("title", "")),
                str(error.get("detail", "")),
            )
            for error in json.loads(body).get("errors", [])
        )
    except (ValueError, AttributeError):
        found = ()
    if found:
        return found
    text = body.decode("utf-8", "replace")
    title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    detail = html.unescape(title[1]) if title else text.strip()[:500]
    return (MappingError("", f"HTTP {status}", detail),)


def _json(body: bytes) -> dict[str, Any]:
    value = json.loads(body) if body.strip() else {}
    return value if isinstance(value, dict) else {}


def _npm_global_root() -> list[Path]:
    """``npm root -g`` when npm is installed and answers within a few seconds."""
    npm = shutil.which("npm")
    try:
        proc = subprocess.run([npm or "npm", "root", "-g"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):  # no npm, or a hanging one
        return []
    root = proc.stdout.decode(errors="replace").strip()
    return [Path(root)] if proc.returncode == 0 and root else []


def _version_key(jar: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", jar.name))
