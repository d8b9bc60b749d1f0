"""The public surface is exactly ``__all__``; the version is one value everywhere."""

from __future__ import annotations

import tomllib
import types

import specgen
from tests.conftest import ROOT


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(specgen).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(specgen.__all__) - {"__version__"} == public


def test_version_matches_pyproject() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert specgen.__version__ == meta["project"]["version"]
