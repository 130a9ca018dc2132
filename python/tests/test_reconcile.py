"""Reconciliation through Python on the fixtures of tests/reconcile/ (`{ description, order,
transaction, options?, expect }`, `expect` the whole reconciliation written by hand), as the
Rust runner (tests/reconcile.rs) checks them: `reconcile` gives exactly `expect`, and
`reconcile_batch` gives its rows (api.md section 9), amounts exact."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa
import pytest

import settlement_preview as sp
from conftest import ROOT, load

FILES = sorted((ROOT / "tests" / "reconcile").glob("*.json"))
FIGURES = ("settled", "cancelled", "refunded", "open")


def test_the_fixtures_are_there():
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_reconcile_gives_the_hand_written_expectation(path):
    case = load(path)
    assert sp.reconcile(case["order"], case.get("transaction"), case.get("options")) == case["expect"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_reconcile_batch_gives_the_expectations_rows(path):
    case = load(path)
    expect = case["expect"]
    text = lambda v: None if v is None else json.dumps(v)  # noqa: E731
    batch = pa.record_batch({
        "line": pa.array([41], pa.int64()),
        "order": [text(case["order"])],
        "transaction": pa.array([text(case.get("transaction"))], pa.string()),
    })
    rows = sp.reconcile_batch(batch, case.get("options")).to_pylist()
    payments = expect["payments"]
    assert len(rows) == max(1, len(payments))
    ids = {p["id"] for p in payments}
    order_level = [f["code"] for f in expect["findings"] if f.get("paymentId") not in ids]
    for row, p in zip(rows, payments or [None]):
        assert row["line"] == 41 and row["order_id"] == expect.get("orderId")
        assert row["currency"] == expect.get("currency")
        if p is None:
            assert row["status"] == expect["status"] and row["payment_id"] is None
            assert row["codes"] == order_level
            continue
        assert (row["payment_id"], row["payment_group"], row["status"]) == (p["id"], p["group"], p["status"])
        for figure in FIGURES:
            for kind, column in (("expected", f"expected_{figure}"), ("recorded", f"recorded_{figure}"),
                                 ("drift", f"{figure}_drift")):
                assert isinstance(row[column], Decimal)
                assert row[column] == Decimal(p[kind][figure]), (column, row[column], p[kind][figure])
        own = [f["code"] for f in expect["findings"] if f.get("paymentId") == p["id"]]
        assert row["codes"] == own + order_level


def test_reconcile_never_raises_on_the_documents_only_on_options():
    unreadable = sp.reconcile({"orderId": {1, 2}})
    assert unreadable["status"] == "invalid"
    assert unreadable["error"]["code"] == "INVALID_INPUT" and unreadable["error"]["path"] == "order.orderId"
    assert sp.reconcile("not an order")["status"] == "invalid"
    with pytest.raises(sp.InputError) as e:
        sp.reconcile({}, None, {"split": "nope"})
    assert e.value.path.startswith("options")
