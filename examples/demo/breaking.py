"""The next version of a provider spec, with a breaking change its team did not notice."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

#: UserService starts requiring a phone number at sign-up.
CHANGE = "User Service: NewUser.required += phone (sign-up now needs a phone number)"


def next_specs(specs: Path, out: Path) -> Path:
    """A copy of ``specs`` (shared files included) with the breaking change applied."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(specs, out)
    spec = out / "user-service.yaml"
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    document["components"]["schemas"]["NewUser"]["required"].append("phone")
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return out
