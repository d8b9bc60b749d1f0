"""``specgen pacts``: the file it writes, what it prints, and one-line errors for bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, minimal_spec

USER = "specs/user-service.yaml"


def test_writes_the_pact_and_lists_what_it_skipped(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "pacts"
    run = cli(
        "pacts", USER, "--consumer", "WebFrontend", "--provider", "UserService", "-o", str(out)
    )
    assert run.code == 0, run.err
    target = out / "WebFrontend-UserService.json"
    assert run.out.splitlines()[0] == (f"wrote {target}: Pact v3, 5 interactions for 5 operations")
    assert "skipped 14 responses:" in run.out
    assert "  getUser 404: no trigger (x-specgen-state or a paired example)" in run.out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["metadata"]["pactSpecification"]["version"] == "3.0.0"
    assert [p.name for p in out.iterdir()] == [target.name]  # no temporary file left over
    again = cli(
        "pacts", USER, "--consumer", "WebFrontend", "--provider", "UserService", "-o", str(out)
    )
    assert (
        again.code == 0
        and target.read_text(encoding="utf-8")
        == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )


def test_options(cli: Callable[..., Run], tmp_path: Path, write: Callable[..., Path]) -> None:
    states = write("states.yaml", {"createRefund": "payment {paymentId} is captured"})
    run = cli(
        "pacts",
        "specs/payment-service.yaml",
        "--consumer",
        "Orders",
        "--provider",
        "Payments",
        "-o",
        str(tmp_path),
        "--pact-spec",
        "4",
        "--include",
        "tag:refunds",
        "--seed",
        "3",
        "--states",
        str(states),
        "--base-path",
        "",
    )
    assert run.code == 0, run.err
    assert "Pact v4, 1 interaction for 1 operation" in run.out
    data = json.loads((tmp_path / "Orders-Payments.json").read_text(encoding="utf-8"))
    interaction = data["interactions"][0]
    assert interaction["type"] == "Synchronous/HTTP"
    assert interaction["request"]["path"].startswith("/payments/pay_")
    assert interaction["providerStates"][0]["name"].endswith(" is captured")
    assert data["metadata"]["specgen"]["seed"] == 3


def _one_line_error(run: Run, *fragments: str) -> None:
    assert run.code == 2, (run.code, run.out, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("specgen: error: "), run.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "Traceback" not in run.err and run.out == ""


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        ((), ("--consumer NAME is required",)),
        (("--consumer", "C"), ("--provider NAME is required",)),
        (("--consumer", "C", "--provider", "P", "--pact-spec", "5"), ("--pact-spec must be",)),
        (("--consumer", "C", "--provider", "P", "--seed", "x"), ("--seed must be a whole",)),
        (("--consumer", "C", "--provider", "P", "--include", "nope"), ("matches no operation",)),
        (("--consumer", "C", "--provider", "P", "--states", "missing.yaml"), ("--states",)),
    ],
)
def test_bad_options(
    cli: Callable[..., Run], tmp_path: Path, extra: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    _one_line_error(cli("pacts", USER, "-o", str(tmp_path), *extra), *fragments)
    assert not any(tmp_path.iterdir())  # nothing written


def test_bad_spec_and_bad_states_file(
    cli: Callable[..., Run], tmp_path: Path, write: Callable[..., Path]
) -> None:
    broken = write("broken.yaml", minimal_spec(components={"schemas": {}}))
    args = ("--consumer", "C", "--provider", "P", "-o", str(tmp_path / "out"))
    _one_line_error(cli("pacts", str(broken), *args), "does not resolve")
    listed = write("list.yaml", ["not", "a", "map"])
    _one_line_error(cli("pacts", USER, *args, "--states", str(listed)), "map of operation")
    unknown = write("unknown.yaml", {"noSuchOperation": "x"})
    _one_line_error(cli("pacts", USER, *args, "--states", str(unknown)), "names no operation")
    assert not (tmp_path / "out").exists()
