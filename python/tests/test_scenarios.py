"""Every conformance scenario (tests/scenarios/public, shared/scenarios' copy, and
tests/scenarios/extra) through the Python functions, with the expectations the Rust and
JavaScript runners check (api.md section 6)."""

from __future__ import annotations

import pytest

from conftest import ROOT, load
from scenarios_lib import run_with_ledger, run_with_simulate

FILES = sorted((ROOT / "tests" / "scenarios" / "public").glob("*.json")) + sorted(
    (ROOT / "tests" / "scenarios" / "extra").glob("*.json")
)


def test_the_scenarios_are_there():
    assert len([f for f in FILES if f.parent.name == "public"]) >= 16
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_scenario(path):
    scenario = load(path)
    final = run_with_simulate(scenario)
    assert run_with_ledger(scenario) == final
