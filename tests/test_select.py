"""Operation selectors."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from specgen.errors import UsageError
from specgen.select import select
from specgen.spec.loader import load_spec
from specgen.spec.model import Operation
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ops() -> tuple[Operation, ...]:
    return load_spec(ROOT / "specs" / "user-service.yaml").operations


def ids(selected: Iterable[Operation]) -> list[str]:
    return sorted(op.operation_id or "" for op in selected)


def test_no_selector_selects_everything(ops: tuple[Operation, ...]) -> None:
    assert len(select(ops)) == len(ops)


def test_operation_id_glob_tag_and_method_path(ops: tuple[Operation, ...]) -> None:
    assert ids(select(ops, ["getUser"])) == ["getUser"]
    assert ids(select(ops, ["list*"])) == ["listUsers"]
    assert ids(select(ops, ["GET /users/*"])) == ["getUser"]
    assert ids(select(ops, ["* /users/{userId}"])) == ["deleteUser", "getUser", "updateUser"]
    tag = ops[0].tags[0]
    assert ids(select(ops, [f"tag:{tag}"])) == ids(op for op in ops if tag in op.tags)


def test_exclude_wins(ops: tuple[Operation, ...]) -> None:
    got = ids(select(ops, ["* /users*"], ["deleteUser", "PATCH /users/*"]))
    assert got == ["createUser", "getUser", "listUsers"]


def test_a_selector_matching_nothing_is_a_usage_error(ops: tuple[Operation, ...]) -> None:
    with pytest.raises(UsageError, match="getUsr"):
        select(ops, ["getUsr"])
