"""The public surface is exactly ``__all__``; the version is one value everywhere."""

from __future__ import annotations

import tomllib
import types

import specgen
from tests.conftest import ROOT


def test_all_lists_exactly_the_public_names() -> None:
    public = {n for n in vars(specgen) if not n.startswith("_")} - {
        "errors",
        "findings",
        "spec",
        "cli",
        "report",
        "listing",
        "rules",
    }
    assert set(specgen.__all__) - {"__version__"} == public


def test_version_matches_pyproject() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert specgen.__version__ == meta["project"]["version"]
