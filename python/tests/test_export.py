"""The same export through the CLI and through Python (read_export → reconcile_batch): the
same report, row for row, exactly; and each row's figures are those `reconcile` gives for
its order."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal

import pyarrow as pa

import settlement_preview as sp
from cli_lib import cli_report, rows


def test_python_gives_the_clis_report_row_for_row(export):
    expected = cli_report(export["path"])
    assert len(expected) > 240  # every order has at least one row; some have several payments
    table = sp.read_export(export["path"], batch_size=7).read_all()
    assert rows(sp.reconcile_batch(table).to_pylist()) == expected
    # One batch at a time (as Spark hands them over) gives the same rows.
    assert [r for b in sp.read_export(export["path"], batch_size=7)
            for r in rows(sp.reconcile_batch(b).to_pylist())] == expected
    statuses = {r[5] for r in expected}
    assert {"matched", "difference", "invalid"} <= statuses, statuses


def test_the_gzip_export_gives_the_same_report(export, tmp_path):
    gz = tmp_path / "export.jsonl.gz"
    gz.write_bytes(gzip.compress(export["path"].read_bytes()))
    expected = cli_report(gz)
    assert rows(sp.reconcile_batch(sp.read_export(gz).read_all()).to_pylist()) == expected
    # A truncated .gz: the rows read so far, then one invalid row where reading stopped.
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gz.read_bytes()[: gz.stat().st_size // 2])
    expected = cli_report(cut)
    got = rows(sp.reconcile_batch(sp.read_export(cut).read_all()).to_pylist())
    assert got == expected
    assert got[-1][5] == "invalid" and got[-1][19].startswith("line: the input is unreadable here")


def test_damaged_lines_are_one_invalid_row_each_with_the_clis_reason(export):
    report = sp.reconcile_batch(sp.read_export(export["path"]).read_all()).to_pylist()
    for line in export["damaged"]:
        mine = [r for r in report if r["line"] == line]
        assert len(mine) == 1 and mine[0]["status"] == "invalid", mine
        assert mine[0]["error"].split(":")[0] in ("line", "order")


def test_each_row_is_what_reconcile_says_of_its_order(export):
    """The rows (Rust → Arrow) against `reconcile`'s JSON for the same order (Rust → Python
    dicts): the figures per payment, the payment's codes then the order's own."""
    table = sp.read_export(export["path"]).read_all()
    report = sp.reconcile_batch(table).to_pylist()
    by_line: dict = {}
    for r in report:
        by_line.setdefault(r["line"], []).append(r)
    checked = 0
    for line, order, transaction in zip(*(table.column(c).to_pylist() for c in ("line", "order", "transaction"))):
        if order is None:
            continue
        result = sp.reconcile(json.loads(order), json.loads(transaction) if transaction else None)
        mine = by_line[line]
        assert [r["status"] for r in mine] == ([p["status"] for p in result["payments"]] or [result["status"]])
        for r, p in zip(mine, result["payments"]):
            assert r["payment_id"] == p["id"] and r["order_id"] == result["orderId"]
            for figure in ("settled", "cancelled", "refunded", "open"):
                assert r[f"expected_{figure}"] == Decimal(p["expected"][figure])
                assert r[f"recorded_{figure}"] == Decimal(p["recorded"][figure])
                assert r[f"{figure}_drift"] == Decimal(p["drift"][figure])
            own = [f["code"] for f in result["findings"] if f.get("paymentId") == p["id"]]
            ids = {q["id"] for q in result["payments"]}
            order_level = [f["code"] for f in result["findings"] if f.get("paymentId") not in ids]
            assert r["codes"] == own + order_level
            checked += 1
    assert checked > 240
