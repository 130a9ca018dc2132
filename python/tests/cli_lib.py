"""The native CLI (built by `make test-python`: target/release/settlement-preview, or SP_CLI)
and its report, as comparable rows."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import settlement_preview as sp
from conftest import ROOT

CLI = Path(os.environ.get("SP_CLI", ROOT / "target" / "release" / "settlement-preview"))
AMOUNTS = [c for c in sp.REPORT_COLUMNS if c.startswith(("expected_", "recorded_")) or c.endswith("_drift")]


def cli(*args: str, check_codes=(0,)) -> subprocess.CompletedProcess:
    assert CLI.exists(), f"{CLI} is missing: make test-python builds it (cargo build --release --features cli)"
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode in check_codes, f"{args}: exit {done.returncode}\n{done.stderr}"
    return done


def generate(path: Path, orders: int, seed: int, rate: float, truth: Path | None = None) -> None:
    args = ["generate", "--orders", str(orders), "--seed", str(seed), "--rate", str(rate), "--output", str(path)]
    if truth is not None:
        args += ["--truth", str(truth)]
    cli(*args)


def cli_report(path: Path, jobs: int = 2) -> list[tuple]:
    """The CLI's JSON Lines report of `path` as rows (exit 0 or 1: differences are found)."""
    out = cli("reconcile", str(path), "--jobs", str(jobs), "--format", "jsonl", "--quiet", "--no-summary",
              check_codes=(0, 1)).stdout
    return [row(json.loads(line)) for line in out.splitlines() if line.strip()]


def row(r: Any) -> tuple:
    """A report row, whatever its source (CLI JSON, pyarrow's to_pylist, Spark's Row), as a
    tuple in REPORT_COLUMNS order: amounts as Decimal (compared as decimals: 64.23 == 64.230),
    codes as a tuple."""
    get = r.asDict() if hasattr(r, "asDict") else r
    assert list(get) == list(sp.REPORT_COLUMNS), list(get)
    out = []
    for name in sp.REPORT_COLUMNS:
        v = get[name]
        if name in AMOUNTS and v is not None:
            assert isinstance(v, (str, Decimal)), f"{name}: {v!r} is not exact"
            v = Decimal(v)
        if name == "codes":
            v = tuple(v)
        out.append(v)
    return tuple(out)


def rows(records: Iterable[Any]) -> list[tuple]:
    return [row(r) for r in records]
