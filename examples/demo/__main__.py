"""``python -m examples.demo [--out DIR]``: see the package docstring."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from examples.consumer.checkout import ConsumerError, checkout, sign_up
from examples.consumer.clients import PaymentClient, UserClient
from examples.demo.breaking import CHANGE, next_specs
from examples.demo.pairs import PAIRS, PAYMENT, PROVIDERS, USER
from specgen.stubs.wiremock import WireMock

ROOT = Path(__file__).resolve().parents[2]
TOKEN_VARIABLE = "DEMO_ORDER_TOKEN"


class DemoError(Exception):
    """A step did not show what it should."""


class Demo:
    def __init__(self, out: Path, fuzz_examples: int) -> None:
        self.out = out
        self.fuzz_examples = fuzz_examples
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            TOKEN_VARIABLE: "demo-token",
            "PACT_DO_NOT_TRACK": "true",
        }

    def rel(self, path: Path) -> str:
        with contextlib.suppress(ValueError):
            return str(path.relative_to(ROOT))
        return str(path)

    def specgen(self, *args: str | Path, expect: int = 0, show: int = 40) -> str:
        """Run ``specgen ARGS`` as a user would, print the command and (up to ``show``
        lines of) its output, and insist on exit status ``expect``."""
        argv = [a if isinstance(a, str) else self.rel(a) for a in args]
        print(f"  $ specgen {shlex.join(argv)}", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "specgen", *argv],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600,
        )
        text = (done.stdout + done.stderr).rstrip()
        lines = text.splitlines()
        for line in lines[:show]:
            print(f"    {line}")
        if 0 < show < len(lines):
            print(f"    ... ({len(lines) - show} more lines)")
        if done.returncode != expect:
            raise DemoError(f"specgen {argv[0]} exited {done.returncode}, expected {expect}")
        return done.stdout

    # 1 -------------------------------------------------------------------------------
    def generate(self) -> None:
        for pair in PAIRS:
            selectors = [a for op in pair.operations for a in ("--include", op)]
            self.specgen(
                "pacts", pair.provider.spec, "--consumer", pair.consumer,
                "--provider", pair.provider.name, "-o", self.out / "pacts", *selectors, show=1,
            )
        for provider in PROVIDERS:
            self.specgen("stubs", provider.spec, "-o", self.out / "stubs" / provider.folder)

    # 2 -------------------------------------------------------------------------------
    def consume(self) -> None:
        stubs = self.out / "stubs"
        print("  starting WireMock for UserService and PaymentService (the generated stubs)")
        with WireMock(root_dir=stubs / USER.folder) as users, WireMock(
            root_dir=stubs / PAYMENT.folder
        ) as payments:
            print(f"    UserService    -> {users.base_url}/api/v1")
            print(f"    PaymentService -> {payments.base_url}/api/v1")
            user_client = UserClient(users.base_url + "/api/v1", "demo-token")
            payment_client = PaymentClient(payments.base_url + "/api/v1", "demo-key")
            try:
                for line in [*checkout(user_client, payment_client), *sign_up(user_client)]:
                    print(f"    {line}")
            except ConsumerError as error:
                raise DemoError(f"the consumer failed against the stubs: {error}") from error
        print("  WireMock stopped.  By hand: specgen serve-stubs SPEC --port 8081")

    # 3 -------------------------------------------------------------------------------
    def cross_check(self) -> None:
        reports = self.out / "reports"
        pacts = self.out / "pacts"
        self.specgen("matrix", "--specs", ROOT / "specs", "--pacts", pacts, show=8)
        print(f"\n  The identity team's next spec: {CHANGE}")
        specs_next = next_specs(ROOT / "specs", self.out / "specs-next")
        table = self.specgen("matrix", "--specs", specs_next, "--pacts", pacts, expect=1)
        if "WebFrontend" not in table:
            raise DemoError("the matrix does not show the consumer that breaks")
        self.specgen(
            "matrix", "--specs", specs_next, "--pacts", pacts, "--format", "junit",
            "--output", reports / "matrix-next.xml", expect=1, show=0,
        )

    # 4 -------------------------------------------------------------------------------
    def fuzz(self) -> None:
        reports, reproducers = self.out / "reports", self.out / "reproducers"
        if reproducers.exists():
            shutil.rmtree(reproducers)
        self.specgen(
            "fuzz", "specs/order-service/openapi.yaml", "--app", "examples.providers.planted:app",
            "--auth-env", TOKEN_VARIABLE, "--max-examples", str(self.fuzz_examples),
            "--reproducers", reproducers, "--report", "json", reports / "fuzz.json",
            "--report", "junit", reports / "fuzz.xml", "--quiet", expect=1, show=0,
        )
        found = json.loads((reports / "fuzz.json").read_text(encoding="utf-8"))["findings"]
        if not found:
            raise DemoError("the fuzzer found none of the planted bugs")
        print(f"    {len(found)} findings (details: {self.rel(reports / 'fuzz.json')}):")
        for finding in found:
            where = finding["location"].get("operation", "")
            cause = finding["details"].get("cause", "")
            print(f"      {where:<14} {finding['code']:<28} {finding['message'][:44]} ({cause})")
        print("\n  The reproducers fail while the bugs are there:")
        print(f"  $ pytest {self.rel(reproducers)}")
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(reproducers)],
            cwd=reproducers, env=self.env, capture_output=True, text=True, timeout=300,
        )
        print(f"    {done.stdout.strip().splitlines()[-1]}")
        if done.returncode != 1:
            raise DemoError(f"the reproducers exited {done.returncode}, expected 1 (failing)")

    # 5 -------------------------------------------------------------------------------
    def artifacts(self) -> None:
        rel = self.rel
        pacts = len(list((self.out / "pacts").glob("*.json")))
        print(f"  pacts        {rel(self.out / 'pacts')}/  ({pacts} files)")
        for provider in PROVIDERS:
            folder = self.out / "stubs" / provider.folder
            count = len(list((folder / "mappings").glob("*.json")))
            print(f"  stubs        {rel(folder)}/mappings/  ({count} mappings)")
        print(f"  next specs   {rel(self.out / 'specs-next')}/")
        for report in sorted((self.out / "reports").glob("*")):
            print(f"  report       {rel(report)}")
        print(f"  reproducers  {rel(self.out / 'reproducers')}/")


STEPS: Sequence[tuple[str, Callable[[Demo], None]]] = (
    ("Generate pacts for each consumer -> provider pair, and WireMock stubs", Demo.generate),
    ("A consumer working without its providers: WireMock serves the stubs", Demo.consume),
    ("Cross-check every pact against its provider's spec, then a breaking change",
     Demo.cross_check),
    ("Fuzz the order service that has planted contract bugs", Demo.fuzz),
    ("Where everything is", Demo.artifacts),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m examples.demo", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "demo-out", help="artifacts go here")
    parser.add_argument("--fuzz-examples", type=int, default=30, metavar="N")
    args = parser.parse_args(argv)
    demo = Demo(args.out.resolve(), args.fuzz_examples)
    (demo.out / "reports").mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    for number, (title, step) in enumerate(STEPS, 1):
        print(f"\n[{number}/{len(STEPS)}] {title}", flush=True)
        begun = time.monotonic()
        try:
            step(demo)
        except DemoError as error:
            print(f"\ndemo failed at step {number}: {error}", file=sys.stderr)
            return 1
        print(f"  ({time.monotonic() - begun:.1f} s)", flush=True)
    print(f"\nspecgen demo done in {time.monotonic() - started:.0f} s; nothing left running.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
