"""VTEX in, VTEX out through the Python functions (api.md section 7), with the numbers the Rust
(tests/vtex.rs) and JavaScript (js-tests/vtex.test.mjs) runners check."""

from __future__ import annotations

from decimal import Decimal

import pytest

import settlement_preview as sp
from conftest import ROOT, load

ORDERS = sorted((ROOT / "tests" / "vtex" / "orders").glob("*.json"))


def case(path):
    c = load(path)
    if "orderFile" in c:
        c["order"] = load(ROOT / "tests" / "vtex" / c["orderFile"])
    return c


def test_the_fixtures_are_there():
    assert len(ORDERS) >= 8


@pytest.mark.parametrize("path", ORDERS, ids=lambda p: p.stem)
def test_every_fixture_maps_to_its_hand_written_state(path):
    c = case(path)
    out = sp.from_vtex(c["order"], c.get("transaction"), c.get("options"))
    assert out["state"] == c["expect"]["state"]
    assert sorted(n["code"] for n in out["notes"]) == sorted(c["expect"]["notes"])
    for note in out["notes"]:
        assert set(note) >= {"code", "path", "message"}
    # The state reads back: a preview of a cancel on it is an outcome, not an error.
    assert "accepted" in sp.preview(out["state"], {"type": "cancel"})


def test_brl_plan_preview_request_and_back():
    fixture = load(ROOT / "tests" / "vtex" / "orders" / "brl-gift-card-installments.json")
    order, options = fixture["order"], fixture.get("options")
    out = sp.from_vtex(order, None, options)
    state = out["state"]
    assert [n["code"] for n in out["notes"]] == [
        "SELLING_PRICE_DIFFERS", "SHIPPING_DISCOUNT_ON_ITEM", "INSTALLMENT_INTEREST", "AUTO_SETTLED",
    ]
    assert state["value"] == "135.00"
    planned = sp.plan_invoice(state, [{"id": "1001", "quantity": 1}], {"shipping": "first", "tax": "proportional"})
    assert planned == {
        "operation": {"type": "invoice", "number": "NF-1", "value": "64.23",
                      "items": [{"id": "1001", "quantity": 1, "price": "50.00"}]},
        "breakdown": {"items": "50.00", "discounts": "5.77", "shipping": "20.00", "tax": "0.00",
                      "value": "64.23", "remainingBefore": "135.00",
                      "lines": [{"id": "1001", "quantity": 1, "price": "50.00", "discount": "5.77"}]},
    }
    outcome = sp.preview(state, planned["operation"])
    assert (outcome["gateway"]["settle"], outcome["settle"]) == ("34.23", "34.23")
    request = sp.to_vtex_request(state, planned["operation"], {"issuanceDate": "2026-03-03T10:00:00-03:00"})
    assert request == {
        "method": "POST",
        "path": "/api/oms/pvt/orders/1300000000001-01/invoice",
        "body": {"type": "Output", "invoiceNumber": "NF-1", "invoiceValue": 6423,
                 "items": [{"id": "1001", "price": 5000, "quantity": 1}],
                 "issuanceDate": "2026-03-03T10:00:00-03:00"},
    }
    # Integers stay integers (cents), never floats.
    assert type(request["body"]["invoiceValue"]) is int
    after = sp.apply(state, planned["operation"])["state"]
    close = sp.plan_close_out(after)
    close_request = sp.to_vtex_request(after, close)
    assert close_request["path"] == "/api/oms/pvt/orders/1300000000001-01/changes"
    body = dict(close_request["body"], reason=None)
    assert body == {
        "requestId": "close-out-1", "reason": None, "discountValue": 7077, "incrementValue": 0,
        "itemsRemoved": [{"id": "1001", "price": 5000, "quantity": 1}, {"id": "1002", "price": 3000, "quantity": 1}],
        "itemsAdded": [],
    }
    closed = sp.apply(after, close)
    assert (closed["outcome"]["gateway"]["cancel"], closed["state"]["status"],
            closed["state"]["transaction"]["status"]) == ("70.77", "invoiced", "finished")

    with pytest.raises(sp.PlanError) as nothing:
        sp.plan_close_out(state)
    assert (nothing.value.code, nothing.value.path) == ("NOTHING_TO_CLOSE", "state")
    with pytest.raises(sp.InputError) as bad_cents:
        sp.from_vtex({**order, "value": 12.5})
    assert (bad_cents.value.code, bad_cents.value.path) == ("INVALID_INPUT", "order.value")
    no_id = {k: v for k, v in state.items() if k != "orderId"}
    with pytest.raises(sp.InputError) as no_order_id:
        sp.to_vtex_request(no_id, planned["operation"])
    assert no_order_id.value.path == "state.orderId"
    with pytest.raises(sp.InputError) as bad_selection:
        sp.plan_invoice(state, [{"id": "1001", "quantity": 3}])
    assert bad_selection.value.path == "selection[0].quantity"
    # The module keeps working after the errors.
    assert sp.from_vtex(order, None, options)["state"]["value"] == "135.00"


def test_a_vtex_order_with_300_fields_per_object_reads_as_the_narrow_one():
    fixture = load(ROOT / "tests" / "vtex" / "orders" / "brl-gift-card-installments.json")

    def wide(o, n):
        out = dict(o)
        for i in range(n):
            out[f"vtexField{i}"] = {"nested": [i, str(i)]}
        return out

    order = wide({**fixture["order"], "items": [wide(i, 300) for i in fixture["order"]["items"]]}, 300)
    narrow = sp.from_vtex(fixture["order"], None, fixture.get("options"))
    assert sp.from_vtex(order, None, fixture.get("options")) == narrow
    with pytest.raises(sp.InputError, match=r"too many fields: at most 1024, got 20\d\d") as e:
        sp.from_vtex(wide(fixture["order"], 2000), None, fixture.get("options"))
    assert e.value.path == "order"
    with pytest.raises(sp.InputError, match="too many fields: at most 64") as e:
        sp.preview(wide(narrow["state"], 100), {"type": "cancel"})
    assert e.value.path == "state"


def test_plan_return_refunds_what_was_paid_for_the_units():
    """The numbers of tests/plan_return.rs: BRL, 1001 2 × 50.00, 1002 1 × 30.00, discounts
    15.00, shipping 20.00, everything invoiced."""
    state = {
        "orderId": "1300000000001-01", "currency": "BRL", "status": "handling", "value": "135.00",
        "items": [{"id": "1001", "quantity": 2, "price": "50.00"}, {"id": "1002", "quantity": 1, "price": "30.00"}],
        "shipping": "20.00", "discounts": "15.00",
        "transaction": {"payments": [{"id": "c1", "group": "creditCard", "value": "135.00",
                                      "connector": {"mode": "partial"}}]},
    }
    everything = [{"id": "1001", "quantity": 2}, {"id": "1002", "quantity": 1}]
    state = sp.apply(state, sp.plan_invoice(state, everything)["operation"])["state"]
    assert sp.plan_return(state, [{"id": "1002", "quantity": 1}]) == {
        "operation": {"type": "return", "number": "RET-1", "value": "26.54",
                      "items": [{"id": "1002", "quantity": 1, "price": "30.00"}]},
        "breakdown": {"items": "30.00", "discounts": "3.46", "shipping": "0.00", "tax": "0.00",
                      "value": "26.54", "remainingBefore": "135.00",
                      "lines": [{"id": "1002", "quantity": 1, "price": "30.00", "discount": "3.46"}]},
    }
    shares = {"shipping": "proportional", "tax": "proportional"}
    total = Decimal(0)
    for item in ("1002", "1001", "1001"):
        planned = sp.plan_return(state, [{"id": item, "quantity": 1}], shares)
        total += Decimal(planned["breakdown"]["value"])
        applied = sp.apply(state, planned["operation"])
        assert applied["outcome"]["accepted"]
        state = applied["state"]
    assert total == Decimal("135.00")
    with pytest.raises(sp.InputError) as e:
        sp.plan_return(state, [{"id": "1002", "quantity": 1}])
    assert (e.value.path, e.value.message) == (
        "selection[0].quantity", '1 units of "1002" selected, 0 invoiced and not yet returned')


def test_from_vtex_change_previews_a_v2_detail_and_sends_its_patch():
    """The numbers of js-tests/change-v2.test.mjs (tests/vtex.rs `change_v2_history_joins_the_replay`)."""
    fixture = load(ROOT / "tests" / "vtex" / "orders" / "brl-change-v2-history.json")
    state = sp.from_vtex(fixture["order"], None, fixture["options"])["state"]
    assert state["value"] == "75.00"
    detail = {
        "requestId": "r-10", "status": "done", "reason": "Out of stock",
        "remove": {"items": [{"id": "8", "quantity": 1, "measurementUnit": "un", "unitMultiplier": 1}]},
        "manualDiscountValue": 0, "manualIncrementValue": 0, "totalChangeValue": -2500,
    }
    out = sp.from_vtex_change(detail, state)
    assert out["notes"] == []
    assert out["operation"] == {
        "type": "change", "requestId": "r-10", "reason": "Out of stock", "discount": "25.00",
        "increment": "0.00", "itemsRemoved": [{"id": "8", "quantity": 1}], "itemsAdded": [], "api": "v2",
    }
    outcome = sp.preview(state, out["operation"])
    assert outcome["accepted"] is True
    assert Decimal(outcome["gateway"]["cancel"]) == Decimal("25.00")
    assert outcome["order"]["valueAfter"] == "50.00"
    assert outcome["order"]["statusAfter"] == "invoiced"
    assert sp.to_vtex_request(state, out["operation"], {"changeApi": "v2"}) == {
        "method": "PATCH",
        "path": "/api/order-system/orders/v12772213qst-02/changes",
        "body": {"reason": "Out of stock", "remove": {"items": [{"id": "8", "quantity": 1}]},
                 "manualDiscountValue": 0, "manualIncrementValue": 0},
    }


def test_to_vtex_request_v2_names_the_account_and_replaces_a_sku_in_place():
    """The numbers of js-tests/change-v2.test.mjs: options.account is the query VTEX's OpenAPI
    asks for (accountName on the PATCH, an on the preview); a SKU removed and added again is
    one replace entry."""
    fixture = load(ROOT / "tests" / "vtex" / "orders" / "brl-change-v2-history.json")
    state = sp.from_vtex(fixture["order"], None, fixture["options"])["state"]
    body = {"reason": "re-weighed", "replace": [{"from": {"items": [{"id": "8", "quantity": 1}]},
                                                 "to": {"items": [{"id": "8", "quantity": 1, "price": 2600}]}}]}
    operation = sp.from_vtex_change(body, state, {"requestId": "r-11"})["operation"]
    assert Decimal(operation["increment"]) == Decimal("1.00")
    request = sp.to_vtex_request(state, operation, {"account": "storename"})
    assert request["path"] == "/api/order-system/orders/v12772213qst-02/changes?accountName=storename"
    assert request["body"] == {**body, "manualDiscountValue": 0, "manualIncrementValue": 0}
    preview = sp.to_vtex_request(state, operation, {"changeApi": "v2", "preview": True, "account": "storename"})
    assert preview["path"] == "/api/order-system/orders/v12772213qst-02/changes/preview?an=storename"
    with pytest.raises(sp.InputError) as e:
        sp.to_vtex_request(state, operation, {"account": ""})
    assert e.value.path == "options.account"


def test_from_vtex_change_refuses_a_document_that_is_not_one():
    state = sp.from_vtex(load(ROOT / "tests" / "vtex" / "orders" / "brl-change-v2-history.json")["order"])["state"]
    with pytest.raises(sp.InputError) as e:
        sp.from_vtex_change([], state)
    assert e.value.code == "INVALID_INPUT"
    assert e.value.path.startswith("change")


def test_from_vtex_change_options_name_a_request_body():
    """The numbers of js-tests/change-v2.test.mjs: options.requestId names a PATCH body."""
    fixture = load(ROOT / "tests" / "vtex" / "orders" / "brl-change-v2-history.json")
    state = sp.from_vtex(fixture["order"], None, fixture["options"])["state"]
    body = {"reason": "one unit less", "remove": {"items": [{"id": "8", "quantity": 1}]}}
    out = sp.from_vtex_change(body, state, {"requestId": "chg-77"})
    assert out["operation"]["requestId"] == "chg-77"
    assert Decimal(out["operation"]["discount"]) == Decimal("25.00")
    assert [n["code"] for n in out["notes"]] == ["CHANGE_V2_ESTIMATE"]
    assert sp.from_vtex_change(body, state)["operation"]["requestId"] == "v2-3"
    with pytest.raises(sp.InputError) as e:
        sp.from_vtex_change(body, state, {"requestID": "x"})
    assert e.value.path == "options.requestID"
