"""``specgen check``: formats, output file, ``--fail-on``, exit codes, bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specgen.cli import main

CASES = Path(__file__).resolve().parent / "cases"


def case(name: str) -> tuple[str, str]:
    folder = CASES / name
    return str(folder / "spec.yaml"), str(folder / "pact.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_pact_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    spec, pact = case("response-subset-of-fields")
    code, out, _ = run(capsys, "check", "--spec", spec, pact)
    assert code == 0
    assert "No findings." in out


def test_errors_exit_1_with_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    spec, pact = case("response-undeclared-field-v2")
    code, out, _ = run(capsys, "check", "--spec", spec, pact)
    assert code == 1
    assert "response.body.incompatible" in out
    assert "/interactions/0/response/body/size" in out  # the pact pointer
    assert "spec: /components/schemas/Item" in out  # the spec pointer
    assert "1 error, 0 warnings" in out


def test_warnings_fail_only_with_fail_on_warning(capsys: pytest.CaptureFixture[str]) -> None:
    spec, pact = case("response-optional-field")
    assert run(capsys, "check", "--spec", spec, pact)[0] == 0
    assert run(capsys, "check", "--spec", spec, pact, "--fail-on", "warning")[0] == 1
    assert run(capsys, "check", "--spec", spec, pact, "--fail-on", "WARNING")[0] == 1


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    spec, pact = case("response-enum-v4")
    code, out, _ = run(capsys, "check", "--spec", spec, pact, "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert doc["summary"] == {"error": 1, "warning": 1, "info": 0}
    first = doc["findings"][0]
    assert first["code"] == "response.body.incompatible"
    assert first["location"]["source_pointer"] == "/interactions/0/response/body/content/colour"
    assert first["location"]["spec_pointer"] == "/components/schemas/Item/properties/colour/enum"
    assert first["expected"] == 'enum: ["red", "blue"]' and first["actual"] == '"green"'


def test_junit_report_lists_clean_operations_as_passing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec, pact = case("pact-several-interactions")
    code, out, _ = run(capsys, "check", "--spec", spec, pact, "--format", "junit")
    suite = ET.fromstring(out)
    names = {c.get("name"): c.find("failure") is not None for c in suite.iter("testcase")}
    assert code == 1
    assert names == {"GET /items": False, "POST /items": True}


def test_output_file_and_several_pacts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec, pact = case("response-subset-of-fields")
    _, other = case("response-undeclared-field-v2")
    target = tmp_path / "out" / "report.json"
    code, out, _ = run(
        capsys, "check", "--spec", spec, pact, other, "--format", "json", "-o", str(target)
    )
    assert code == 1 and out == ""
    doc = json.loads(target.read_text())
    assert {f["location"]["source_file"] for f in doc["findings"]} == {other}


def test_a_folder_of_pacts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec, pact = case("response-subset-of-fields")
    (tmp_path / "a.json").write_text(Path(pact).read_text())
    (tmp_path / "b.json").write_text(Path(pact).read_text())
    code, out, _ = run(capsys, "check", "--spec", spec, str(tmp_path), "--format", "json")
    assert code == 0
    assert json.loads(out)["subject"]["pacts"].count(".json") == 2


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not valid JSON"),
        ('{"consumer": {"name": "a"}, "provider": {"name": "b"}}', "interactions"),
        (
            '{"consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": [],'
            ' "metadata": {"pactSpecification": {"version": "9.0"}}}',
            "unsupported pact specification version",
        ),
    ],
)
def test_bad_pact_is_one_line_exit_2(
    cli: Callable[..., Any], tmp_path: Path, content: str, needle: str
) -> None:
    spec, _ = case("response-subset-of-fields")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = cli("check", "--spec", spec, str(bad))
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("specgen: error: ") and needle in lines[0]
    assert str(bad) in lines[0]


def test_bad_spec_and_bad_option_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, pact = case("response-subset-of-fields")
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [\n")
    code, _, err = run(capsys, "check", "--spec", str(broken), pact)
    assert code == 2 and err.startswith("specgen: error: ") and len(err.splitlines()) == 1
    spec, _ = case("response-subset-of-fields")
    code, _, err = run(capsys, "check", "--spec", spec, pact, "--fail-on", "fatal")
    assert code == 2 and "--fail-on" in err
    code, _, err = run(capsys, "check", "--spec", spec, str(tmp_path / "missing.json"))
    assert code == 2 and "missing.json" in err


def test_pointers_name_the_file_of_a_split_spec(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = Path(__file__).resolve().parents[2]
    spec = root / "specs" / "order-service" / "openapi.yaml"
    pact = {
        "consumer": {"name": "Web"},
        "provider": {"name": "Order Service"},
        "interactions": [
            {
                "description": "list orders",
                "request": {"method": "GET", "path": "/orders", "query": {"limit": ["9999"]}},
                "response": {"status": 200},
            }
        ],
    }
    file = tmp_path / "pact.json"
    file.write_text(json.dumps(pact))
    code, out, _ = run(capsys, "check", "--spec", str(spec), str(file), "--format", "json")
    finding = next(
        f for f in json.loads(out)["findings"] if f["code"] == "request.query.incompatible"
    )
    assert code == 1
    assert finding["details"]["spec_file"].endswith("parameters.yaml")
    assert not finding["location"]["spec_pointer"].startswith("/x-specgen-files")
