"""``specgen fuzz`` end to end, as a user runs it: the reference order and user services with
their planted bugs (every one but the magic value found within the default budget,
deduplicated, shrunk, with reproducers that fail while the bug is there and pass against the
fixed provider), the clean service (nothing found), secrets kept out of every output, and
bad input (one line, exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from specgen.cli import main
from tests.conftest import ROOT, Run
from tests.support.servers import serve_wsgi

pytestmark = pytest.mark.slow

SPEC = "specs/order-service/openapi.yaml"
SPEC_USERS = "specs/user-service.yaml"
sys.path.insert(0, str(ROOT / "tests" / "probe"))
from things_app import SPEC as SPEC_THINGS  # noqa: E402

SECRET = "tok-3c1f9e7a-SECRET"
PLANTED = "from examples.providers import order_service, user_service\n"
PLANTED += "app = order_service.make_app(frozenset({'planted'}))\n"
PLANTED += "fixed = order_service.make_app()\n"
PLANTED += "users = user_service.make_app(frozenset({'planted'}))\n"
PLANTED += "fixed_users = user_service.make_app()\n"
# Every planted bug but the magic SKU (only --engine atheris finds that one, see
# test_probe_atheris.py), by (operationId, rule): examples/providers/README.md lists them.
PLANTED_ORDER_BUGS = {
    ("createOrder", "fuzz.negative-data-accepted"),  # (b) quantity 0 accepted
    ("listOrders", "fuzz.status-undeclared"),  # (c) limit=100 answered 422
    ("cancelOrder", "fuzz.server-error"),  # (d) comment null or "" crashes
    ("createOrder", "fuzz.response-schema"),  # (e) express: shippingFee.amount a number
    ("createOrder", "fuzz.response-header"),  # (f) with a coupon: no Location
    ("addOrderNote", "fuzz.positive-data-rejected"),  # (g) inReplyTo: null refused
}


@pytest.fixture
def apps(tmp_path: Path) -> dict[str, str]:
    """An importable module with the planted and the fixed order service; the env to
    import it and to read the token."""
    (tmp_path / "orders_under_test.py").write_text(PLANTED, encoding="utf-8")
    path = os.pathsep.join([str(tmp_path), str(ROOT)])
    return {"PYTHONPATH": path, "ORDER_TOKEN": SECRET}


def findings(report: Path) -> set[tuple[str, str]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {(f["location"]["operation"], f["code"]) for f in data["findings"]}


def run_reproducers(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, **env},
        timeout=120,
    )


def test_planted_bugs_found_with_reproducers(
    cli: Callable[..., Run], apps: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli(
        *f"fuzz {SPEC} --app orders_under_test:app --auth-env ORDER_TOKEN"
        f" --reproducers {out}/repro --report json {out}/fuzz.json"
        f" --report junit {out}/fuzz.xml".split(),
        env=apps,
    )
    assert result.code == 1, result.err
    assert findings(out / "fuzz.json") == PLANTED_ORDER_BUGS
    report = json.loads((out / "fuzz.json").read_text(encoding="utf-8"))
    by_code = {f["code"]: f for f in report["findings"]}
    details = {code: finding["details"] for code, finding in by_code.items()}
    assert details["fuzz.negative-data-accepted"]["cause"] == "body/items/*/quantity: minimum"
    assert '"quantity": 0' in details["fuzz.negative-data-accepted"]["curl"]
    assert details["fuzz.status-undeclared"]["request"].endswith("limit=100")
    assert details["fuzz.server-error"]["cause"] == "500 text/plain Internal Server Error"
    # Every operation's spec examples go first: createOrder's own example (with a coupon)
    # shows the missing Location before any operation's generated requests run.
    first = min(report["findings"], key=lambda f: float(f["details"]["first_seen_after"][:-1]))
    assert (first["location"]["operation"], first["code"]) == (
        "createOrder",
        "fuzz.response-header",
    )
    assert details["fuzz.response-header"]["origin"] == "hypothesis/example"
    assert '"comment": ' in details["fuzz.server-error"]["curl"]
    assert details["fuzz.response-schema"]["cause"] == "201 /shippingFee/amount: type"
    assert '"speed": "express"' in details["fuzz.response-schema"]["curl"]
    assert details["fuzz.response-header"]["cause"] == "Location: missing"
    assert '"couponCode": "' in details["fuzz.response-header"]["curl"]
    assert '"inReplyTo": null' in details["fuzz.positive-data-rejected"]["curl"]
    assert "OPERATION" in result.out and "createOrder" in result.out

    everything = [result.out, result.err]
    everything += [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()]
    assert not any(SECRET in text for text in everything)
    assert "${ORDER_TOKEN}" in by_code["fuzz.status-undeclared"]["details"]["curl"]

    files = sorted(p.name for p in (out / "repro").glob("test_*.py"))
    assert len(files) == len(PLANTED_ORDER_BUGS)
    broken = run_reproducers(out / "repro", apps)
    assert broken.returncode == 1, broken.stdout
    assert f"{len(PLANTED_ORDER_BUGS)} failed" in broken.stdout, broken.stdout
    fixed = run_reproducers(out / "repro", {**apps, "SPECGEN_APP": "orders_under_test:fixed"})
    assert fixed.returncode == 0, fixed.stdout


def test_planted_use_after_delete_found_with_reproducer(
    cli: Callable[..., Run], apps: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli(
        *f"fuzz {SPEC_USERS} --app orders_under_test:users --auth-env ORDER_TOKEN"
        f" --reproducers {out}/repro --report json {out}/fuzz.json".split(),
        env=apps,
    )
    assert findings(out / "fuzz.json") == {("deleteUser", "fuzz.use-after-delete")}, result.out
    assert result.code == 1, result.err
    [test_file] = (out / "repro").glob("test_*.py")
    assert "FLOW = {'create'" in test_file.read_text(encoding="utf-8")
    broken = run_reproducers(out / "repro", apps)
    assert broken.returncode == 1 and "1 failed" in broken.stdout, broken.stdout
    fixed = run_reproducers(out / "repro", {**apps, "SPECGEN_APP": "orders_under_test:fixed_users"})
    assert fixed.returncode == 0, fixed.stdout


def test_clean_provider_gives_nothing(cli: Callable[..., Run], apps: dict[str, str]) -> None:
    result = cli(
        *f"fuzz {SPEC} --app examples.providers.order_service:make_app --factory"
        " --auth-env ORDER_TOKEN --max-examples 20".split(),
        env=apps,
    )
    assert result.code == 0, result.out + result.err
    assert "No findings." in result.out


def test_running_server_over_http(
    cli: Callable[..., Run], apps: dict[str, str], tmp_path: Path
) -> None:
    from examples.providers.order_service import make_app

    report = tmp_path / "fuzz.json"
    with serve_wsgi(make_app(frozenset({"planted"}))) as url:
        result = cli(
            *f"fuzz {SPEC} --url {url} --include listOrders --max-examples 10 --no-flows"
            f" --rate-limit 500/s --report json {report}".split(),
            *("--header", f"Authorization: Bearer {SECRET}"),
            env=apps,
        )
    assert result.code == 1, result.err
    assert findings(report) == {("listOrders", "fuzz.status-undeclared")}
    [finding] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    curl = finding["details"]["curl"]
    assert curl.startswith(f"curl -sS -i -X GET '{url}/v1/orders?")
    assert "'Authorization: '\"${SPECGEN_HEADER_AUTHORIZATION}\"''" in curl
    assert SECRET not in result.out + result.err + report.read_text(encoding="utf-8")


def test_flow_reproducer_replays_create_delete_read(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    spec = tmp_path / "things.json"
    spec.write_text(json.dumps(SPEC_THINGS), encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "probe"), str(ROOT)])}
    result = cli(
        *f"fuzz {spec} --app things_app:undeleted --checks use-after-delete --exclude listThings"
        f" --max-examples 5 --reproducers {tmp_path}/r".split(),
        env=env,
    )
    assert result.code == 1, result.err
    [test_file] = (tmp_path / "r").glob("*.py")
    assert "FLOW = {'create'" in test_file.read_text(encoding="utf-8")
    assert run_reproducers(tmp_path / "r", env).returncode == 1
    fixed = {**env, "SPECGEN_APP": "things_app:clean"}
    assert run_reproducers(tmp_path / "r", fixed).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml", "--app", "x:y"], "missing.yaml"),
        ([SPEC, "--app", "no_such_module_xyz:app"], "cannot import no_such_module_xyz"),
        ([SPEC, "--app", "json:nothing_here"], "has no attribute 'nothing_here'"),
        ([SPEC, "--app", "json:__name__"], "not a WSGI or ASGI app"),
        ([SPEC, "--app", "json"], "MODULE:ATTR"),
        ([SPEC, "--url", "http://127.0.0.1:9"], "cannot reach --url http://127.0.0.1:9"),
        ([SPEC, "--url", "ftp://example.com"], "http(s) URL"),
        ([SPEC, "--url", "http://127.0.0.1:9", "--engine", "atheris"], "needs --app"),
        ([SPEC, "--app", "json:dumps", "--checks", "nope"], "unknown check 'nope'"),
        ([SPEC, "--app", "json:dumps", "--auth-env", "SPECGEN_UNSET_VAR_X"], "not set"),
        ([SPEC, "--app", "json:dumps", "--rate-limit", "fast"], "bad --rate-limit"),
        ([SPEC, "--app", "json:dumps", "--include", "nothing*"], "matches no operation"),
        ([SPEC, "--app", "json:dumps", "--header", "no colon"], "bad --header"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["fuzz", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("specgen: error: ") and err.count("\n") == 1, err
    assert message in err
