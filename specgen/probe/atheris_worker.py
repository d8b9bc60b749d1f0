"""The coverage-guided fuzzer process: ``python -m specgen.probe.atheris_worker CONFIG
[libFuzzer args...]``.

Runs in a process of its own because ``atheris.Fuzz()`` never returns (libFuzzer exits the
process at the end of its budget). It loads the bundled document the parent wrote (the spec file is
not read again) and imports specgen, schemathesis and openapi-core first,
uninstrumented, then the provider's app inside ``atheris.instrument_imports`` so coverage
and comparison tracing come from the provider's own code only. Each input is decoded to a
draft (``specgen.probe.decoder``), sent in-process, and checked; the first example of each
new (operation, check, cause) is appended to the output file as one JSON line, flushed at
once (libFuzzer exits without running ``atexit`` handlers). Credentials come in the
``SPECGEN_FUZZ_CREDENTIALS`` environment variable, never in the config file.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

CREDENTIALS_ENV = "SPECGEN_FUZZ_CREDENTIALS"
#: Share of mutations that set a leaf to a constant of the instrumented code.
DICTIONARY_SHARE = 0.6


def _parts(data: Any) -> dict[str, tuple[Any, Any, Any]]:
    return {
        key: tuple(tuple(tuple(pair) for pair in part) for part in parts)  # type: ignore[misc]
        for key, parts in data.items()
    }


def main(argv: list[str]) -> None:
    """Set up from the config file ``argv[1]`` and fuzz until libFuzzer stops."""
    config = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    libfuzzer_args = argv[2:]

    import atheris

    from specgen.probe.checks import all_checks, run_checks
    from specgen.probe.decoder import build, harvest
    from specgen.probe.exchange import Exchange
    from specgen.probe.messages import Draft
    from specgen.probe.strategies import Generator
    from specgen.probe.targets import is_asgi, load_app
    from specgen.probe.transports import ASGITransport, Transport, WSGITransport
    from specgen.probe.validation import Validator
    from specgen.spec.loader import load_spec_data

    document = json.loads(Path(config["document"]).read_text(encoding="utf-8"))
    api = load_spec_data(document, name=config["name"])
    Validator.of(api)
    credentials = _parts(json.loads(os.environ.get(CREDENTIALS_ENV, "{}")))
    generator = Generator(api, config["base_path"], credentials=credentials)
    wanted = set(config["checks"])
    checks = {code: check for code, check in all_checks().items() if code in wanted}
    decoder = build(
        api, [(key, [Draft.from_json(d) for d in drafts]) for key, drafts in config["templates"]]
    )
    operations = {op.key: op for op in api.operations}
    before = set(sys.modules)
    with atheris.instrument_imports(include=config["instrument"]):
        app = load_app(config["app"], factory=config["factory"])
    prefixes = tuple(config["instrument"])
    instrumented = [
        module
        for name, module in sorted(sys.modules.items())
        if name not in before and name.split(".")[0] in prefixes and module is not None
    ]
    words = harvest(instrumented)
    rng = random.Random(config.get("seed", 0))
    transport: Transport = ASGITransport(app) if is_asgi(app) else WSGITransport(app)
    out = Path(config["output"]).open("a", encoding="utf-8")  # noqa: SIM115 - kept open
    seen: set[tuple[str, str, str]] = set()
    started = time.monotonic()
    executions = [0]

    def one_input(data: bytes) -> None:
        executions[0] += 1
        draft = decoder.decode(data)
        if draft is None:
            return
        op = operations[draft.operation]
        try:
            request = generator.render(draft)
        except Exception:
            return
        response = transport.send(request)
        ex = Exchange(
            api, op, draft, request, response, config["base_path"], config.get("max_response_time")
        )
        for failure in run_checks(ex, checks):
            key = (op.key, failure.code, failure.cause)
            if key in seen:
                continue
            seen.add(key)
            line = {
                "key": list(key),
                "draft": draft.to_json(),
                "status": response.status,
                "executions": executions[0],
                "seconds": time.monotonic() - started,
            }
            out.write(json.dumps(line) + "\n")
            out.flush()

    def mutator(data: bytes, max_size: int, seed: int) -> bytes:
        if rng.random() < DICTIONARY_SHARE:
            mutated = decoder.mutate(data, rng, words)
            if mutated is not None and len(mutated) <= max_size:
                return mutated
        return bytes(atheris.Mutate(data, max_size))

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input, custom_mutator=mutator)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
