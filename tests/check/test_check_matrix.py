"""``specgen matrix``: provider resolution (x-pact-provider, info.title, a map file), the
consumer x provider table, the pair rules (a pact with no spec, a spec with no pact), exit
codes, and one load per spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import specgen.check.matrix as matrix_module
from specgen.cli import main


def spec(title: str, extra: dict[str, Any] | None = None, field: str = "id") -> dict[str, Any]:
    item = {"type": "object", "properties": {field: {"type": "integer"}}, "required": [field]}
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1"},
        "paths": {
            "/items": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"type": "array", "items": item}}
                            },
                        }
                    }
                }
            }
        },
    }
    doc.update(extra or {})
    return doc


def pact(consumer: str, provider: str, body: Any) -> dict[str, Any]:
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {
                "description": "list",
                "request": {"method": "GET", "path": "/items"},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": body,
                },
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    specs, pacts = tmp_path / "specs", tmp_path / "pacts"
    (specs / "inventory" / "parts").mkdir(parents=True)
    pacts.mkdir()
    (specs / "users.yaml").write_text(yaml.safe_dump(spec("User Service")))
    inventory = spec("Inventory API", {"x-pact-provider": "inventory"})
    (specs / "inventory" / "openapi.yaml").write_text(yaml.safe_dump(inventory))
    (specs / "inventory" / "parts" / "fragment.yaml").write_text("Item: {type: object}\n")
    (specs / "billing.json").write_text(json.dumps(spec("Billing")))
    (pacts / "web-users.json").write_text(json.dumps(pact("Web", "user-service", [{"id": 1}])))
    (pacts / "web-inv.json").write_text(json.dumps(pact("Web", "inventory", [{"idd": 1}])))
    (pacts / "app-users.json").write_text(json.dumps(pact("App", "User Service", [{"id": 2}])))
    return specs, pacts


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_table_verdicts_and_exit_code(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]
) -> None:
    specs, pacts = folders
    code, out = run(capsys, "matrix", "--specs", str(specs), "--pacts", str(pacts))
    table = out.split("\n\n")[0].splitlines()
    assert code == 1  # Web -> inventory relies on an undeclared field
    assert table[0].split() == [
        "consumer",
        "\\",
        "provider",
        "Billing",
        "User",
        "Service",
        "inventory",
    ]
    rows = {line.split()[0]: line for line in table[2:]}
    assert "FAIL (1 error)" in rows["Web"] and "ok" in rows["Web"]
    assert "ok" in rows["App"] and "FAIL" not in rows["App"]
    assert "no pact names: Billing" in out
    assert "pact-broker.no-pacts-found" in out


def test_json_pairs(capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]) -> None:
    specs, pacts = folders
    code, out = run(
        capsys, "matrix", "--specs", str(specs), "--pacts", str(pacts), "--format", "json"
    )
    pairs = {(p["consumer"], p["provider"]): p for p in json.loads(out)["pairs"]}
    assert code == 1
    assert pairs[("Web", "inventory")]["verdict"] == "incompatible"
    assert pairs[("Web", "User Service")]["verdict"] == "compatible"
    assert pairs[("App", "User Service")]["verdict"] == "compatible"
    assert pairs[(None, "Billing")]["verdict"] == "no pacts"


def test_junit_has_a_case_per_pair(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]
) -> None:
    specs, pacts = folders
    _, out = run(
        capsys, "matrix", "--specs", str(specs), "--pacts", str(pacts), "--format", "junit"
    )
    assert 'name="App -&gt; User Service"' in out
    assert 'name="Web -&gt; inventory: GET /items"' in out


def test_pact_without_a_spec_fails(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]
) -> None:
    specs, pacts = folders
    (pacts / "web-pay.json").write_text(json.dumps(pact("Web", "Payments", [])))
    (pacts / "web-inv.json").unlink()
    code, out = run(capsys, "matrix", "--specs", str(specs), "--pacts", str(pacts))
    assert code == 1
    assert "NO SPEC" in out and "request.spec.missing" in out


def test_provider_map(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path], tmp_path: Path
) -> None:
    specs, pacts = folders
    (pacts / "web-inv.json").unlink()
    (pacts / "web-bill.json").write_text(json.dumps(pact("Web", "invoicing", [{"id": 3}])))
    mapping = tmp_path / "providers.yaml"
    mapping.write_text(yaml.safe_dump({"invoicing": "specs/billing.json"}))
    code, out = run(
        capsys,
        "matrix",
        "--specs",
        str(specs),
        "--pacts",
        str(pacts),
        "--providers",
        str(mapping),
        "--format",
        "json",
    )
    pairs = {(p["consumer"], p["provider"]): p["verdict"] for p in json.loads(out)["pairs"]}
    assert code == 0
    assert pairs[("Web", "invoicing")] == "compatible"


def test_bad_inputs_exit_2(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path], tmp_path: Path
) -> None:
    specs, pacts = folders
    (pacts / "broken.json").write_text("{")
    code = main(["matrix", "--specs", str(specs), "--pacts", str(pacts)])
    err = capsys.readouterr().err
    assert code == 2 and "broken.json" in err and len(err.strip().splitlines()) == 1
    (pacts / "broken.json").unlink()
    (specs / "users-copy.yaml").write_text(yaml.safe_dump(spec("User Service")))
    assert main(["matrix", "--specs", str(specs), "--pacts", str(pacts)]) == 2
    assert "several specs answer" in capsys.readouterr().err
    assert main(["matrix", "--specs", str(tmp_path / "nope"), "--pacts", str(pacts)]) == 2


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "--providers: cannot read it"),
        ("a: [", "--providers: not YAML or JSON"),
        ("[a, b]", "--providers: the file must hold a map of provider name -> spec file"),
        ("a: 1", "--providers: the file must hold a map of provider name -> spec file"),
    ],
)
def test_a_bad_provider_map_is_one_located_error(
    capsys: pytest.CaptureFixture[str],
    folders: tuple[Path, Path],
    tmp_path: Path,
    content: str | None,
    fragment: str,
) -> None:
    specs, pacts = folders
    mapping = tmp_path / "providers.yaml"
    if content is not None:
        mapping.write_text(content)
    argv = ["matrix", "--specs", str(specs), "--pacts", str(pacts), "--providers", str(mapping)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"specgen: error: {mapping}: {fragment}")
    assert len(err.strip().splitlines()) == 1


def test_each_spec_is_loaded_once(
    monkeypatch: pytest.MonkeyPatch, folders: tuple[Path, Path]
) -> None:
    from specgen.commands import common

    specs, pacts = folders
    for n in range(5):
        body = [{"id": n}]
        (pacts / f"more-{n}.json").write_text(json.dumps(pact(f"C{n}", "User Service", body)))
    loaded: list[str] = []
    real = common.load

    def counting(args: Any, path: str | None = None) -> Any:
        loaded.append(str(path))
        return real(args, path)

    monkeypatch.setattr(common, "load", counting)
    assert main(["matrix", "--specs", str(specs), "--pacts", str(pacts), "-o", "/dev/null"]) == 1
    assert len(loaded) == len(set(loaded)) == 3
    assert matrix_module.norm("User-Service") == matrix_module.norm("user service")


def test_a_mapped_spec_inside_relative_specs_is_one_spec(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    folders: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    """Regression: the map's paths are absolute and --specs' were relative, so the same file
    was loaded twice and then answered twice to its title (exit 2)."""
    from specgen.commands import common

    _, pacts = folders
    (pacts / "web-bill.json").write_text(json.dumps(pact("Web", "invoicing", [{"id": 3}])))
    (tmp_path / "providers.yaml").write_text(yaml.safe_dump({"invoicing": "specs/billing.json"}))
    monkeypatch.chdir(tmp_path)
    loaded: list[str] = []
    real = common.load

    def counting(args: Any, path: str | None = None) -> Any:
        loaded.append(str(Path(str(path)).resolve()))
        return real(args, path)

    monkeypatch.setattr(common, "load", counting)
    code, out = run(
        capsys, "matrix", "--specs", "specs", "--pacts", "pacts",
        "--providers", "providers.yaml", "--format", "json",
    )
    pairs = {(p["consumer"], p["provider"]): p["verdict"] for p in json.loads(out)["pairs"]}
    assert pairs[("Web", "invoicing")] == "compatible"
    assert code == 1  # Web -> inventory is incompatible in the fixture
    assert len(loaded) == len(set(loaded)) == 3


def test_no_pacts_is_bad_input(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """A gate that checks nothing must not pass."""
    specs, _ = folders
    (tmp_path / "empty").mkdir()
    assert main(["matrix", "--specs", str(specs), "--pacts", str(tmp_path / "empty")]) == 2
    assert "no pact files" in capsys.readouterr().err
