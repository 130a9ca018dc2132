"""The real, public VTEX documents of tests/vtex/real (provenance in its SOURCES.md) through the
Python package: the same files and hand-written figures as tests/vtex_real.rs (natively) and
js-tests/vtex-real.test.mjs (the npm package) check."""

from __future__ import annotations

import copy

import pytest

import settlement_preview as sp
from conftest import ROOT, load

REAL = sorted((ROOT / "tests" / "vtex" / "real").glob("*.json"))


def test_the_real_documents_are_there():
    assert len(REAL) >= 8


def check_figures(c):
    """One case (a whole document or a fragment) against its hand-written `expect`."""
    e = c["expect"]
    out = sp.from_vtex(c["order"], None, c.get("options"))
    state = out["state"]
    for key in ("orderId", "currency", "status", "value", "shipping", "discounts", "tax"):
        if key == "orderId" and key not in e:
            continue  # a fragment has no order id, and its `expect` names none
        assert state.get(key) == e[key], key
    assert state["transaction"]["status"] == e["transactionStatus"]
    assert [{k: i[k] for k in ("id", "quantity", "price")} for i in state["items"]] == e["items"]
    assert [
        {
            "id": p["id"], "group": p["group"], "value": p["value"],
            "protocol": p["connector"]["protocol"], "mode": p["connector"]["mode"],
            "settled": p["settled"], "cancelled": p["cancelled"], "refunded": p["refunded"],
        }
        for p in state["transaction"]["payments"]
    ] == e["payments"]
    assert [{k: i[k] for k in ("type", "number", "value")} for i in state["invoices"]] == e["invoices"]
    assert sorted(n["code"] for n in out["notes"]) == sorted(e["notes"])
    # The state is the engine's input: a cancellation previews to an outcome.
    assert "accepted" in sp.preview(state, {"type": "cancel"})
    if "transaction" in c:
        r = sp.reconcile(c["order"], c["transaction"], c.get("options"))
        assert r["status"] == e["reconcile"]["status"]
        for got, want in zip(r["payments"], e["reconcile"]["payments"]):
            for figure in ("expected", "recorded", "drift"):
                assert got[figure] == want[figure], figure
        assert sorted(f["code"] for f in r["findings"]) == sorted(e["reconcile"]["findings"])


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_every_real_document_maps_to_its_hand_written_figures(path):
    check_figures(load(path))


# Real VTEX data published only in part (tests/vtex/real/fragments, SOURCES.md "Fragments"):
# the same hand-written figures, as tests/vtex_real.rs and js-tests/vtex-real.test.mjs check.
FRAGMENTS = sorted((ROOT / "tests" / "vtex" / "real" / "fragments").glob("*.json"))


def test_the_real_fragments_are_there():
    assert len(FRAGMENTS) >= 2


@pytest.mark.parametrize("path", FRAGMENTS, ids=lambda p: p.stem)
def test_every_real_fragment_maps_to_its_hand_written_figures(path):
    check_figures(load(path))


@pytest.mark.parametrize("path", FRAGMENTS, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    "keys, where",
    [
        (("value",), "order.value"),
        (("totals",), "order.totals"),
        (("paymentData", "transactions"), "order.paymentData.transactions"),
        (
            ("paymentData", "transactions", 0, "payments", 0, "value"),
            "order.paymentData.transactions[0].payments[0].value",
        ),
    ],
)
def test_every_real_fragment_damaged_is_an_error_with_a_path(path, keys, where):
    c = load(path)
    order = copy.deepcopy(c["order"])
    parent = order
    for key in keys[:-1]:
        parent = parent[key]
    parent[keys[-1]] = "x"
    with pytest.raises(sp.InputError) as err:
        sp.from_vtex(order, None, c.get("options"))
    assert err.value.path == where


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_every_real_document_damaged_is_an_error_with_a_path(path):
    c = load(path)
    order = copy.deepcopy(c["order"])
    order["items"][0]["quantity"] = "x"
    with pytest.raises(sp.InputError) as err:
        sp.from_vtex(order, None, c.get("options"))
    assert err.value.code == "INVALID_INPUT"
    assert err.value.path == "order.items[0].quantity"
