"""How Python values cross into the core (src/convert.rs): amounts as str, Decimal, int or
float read exactly; what is not JSON data is refused at its path; bounds hold for cycles,
depth and shared references; errors carry code, path and message."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest

import settlement_preview as sp

STATE = {
    "currency": "BRL",
    "items": [{"id": "A", "quantity": 1, "price": "60.00"}, {"id": "B", "quantity": 1, "price": "40.00"}],
    "transaction": {"payments": [{"id": "p1", "group": "creditCard", "value": "100.00", "connector": {"mode": "partial"}}]},
}


def invoice(value):
    return {"type": "invoice", "number": "NF-1", "value": value}


@pytest.mark.parametrize("value", ["60.00", "60", Decimal("60.00"), Decimal("6E+1"), 60, 60.0])
def test_an_amount_as_str_decimal_int_or_float_is_the_same_amount(value):
    outcome = sp.preview(STATE, invoice(value))
    assert outcome["accepted"] and outcome["settle"] == "60.00" and outcome["open"] == "40.00"


def test_a_float_reads_through_its_shortest_decimal_form_as_in_json_text():
    # 0.1 + 0.2 is 0.30000000000000004: refused for its decimals, never rounded to 0.30.
    with pytest.raises(sp.InputError) as e:
        sp.preview(STATE, invoice(0.1 + 0.2))
    assert e.value.path == "operation.value"
    assert sp.preview(STATE, invoice(12.34))["settle"] == "12.34"
    # json.loads of a document gives what the CLI reads from its text.
    text = '{"type": "invoice", "number": "NF-1", "value": 33.3}'
    assert sp.preview(STATE, json.loads(text))["settle"] == "33.30"
    assert sp._native._to_json(json.loads('{"a": 1.0, "b": 1e300, "c": -0.5}')) == '{"a":1.0,"b":1e+300,"c":-0.5}'


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("Infinity")])
def test_non_finite_numbers_are_refused_at_their_path(bad):
    with pytest.raises(sp.InputError) as e:
        sp.preview(STATE, invoice(bad))
    assert (e.value.code, e.value.path) == ("INVALID_INPUT", "operation.value")
    assert "finite" in e.value.message


def test_a_decimal_with_more_digits_than_the_currency_is_refused_not_rounded():
    with pytest.raises(sp.InputError) as e:
        sp.preview(STATE, invoice(Decimal("60.001")))
    assert e.value.path == "operation.value"


def test_integers_beyond_64_bits_and_bools_as_numbers():
    assert sp._native._to_json([2**63 - 1, -(2**63), 2**64 - 1, True, None]) == (
        "[9223372036854775807,-9223372036854775808,18446744073709551615,true,null]"
    )
    with pytest.raises(sp.InputError, match="64 bits") as e:
        sp.preview(STATE, invoice(2**64))
    assert e.value.path == "operation.value"
    # A bool is not a number: True is refused as an amount, not read as 1.
    with pytest.raises(sp.InputError):
        sp.preview(STATE, invoice(True))


@pytest.mark.parametrize(
    "value, message",
    [({1, 2}, "got set"), (b"60", "got bytes"), (object(), "got object"), ({1: "x"}, "keys are strings")],
)
def test_what_is_not_json_data_is_refused_at_its_path(value, message):
    with pytest.raises(sp.InputError, match=message) as e:
        sp.preview(STATE, {"type": "invoice", "number": "NF-1", "value": "1.00", "items": [value]})
    assert e.value.path == "operation.items[0]"


def test_tuples_are_arrays_and_unknown_fields_are_refused():
    op = {"type": "invoice", "number": "NF-1", "value": "60.00", "items": ({"id": "A", "quantity": 1},)}
    assert sp.preview(STATE, op)["accepted"]
    with pytest.raises(sp.InputError) as e:
        sp.preview(STATE, {**op, "ammount": "1"})
    assert e.value.path.startswith("operation")


def test_cycles_depth_and_shared_references_are_bounded():
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(sp.InputError, match="nested too deeply: at most 32 levels") as e:
        sp.preview(STATE, {"type": "cancel", "reason": cycle})
    assert e.value.path.startswith("operation.reason[0][0]")
    # 10 000 operations sharing one list of 10 000 items: 10^8 values, refused at once.
    items = [{"id": "A", "quantity": 1}] * 10_000
    ops = [{"type": "invoice", "number": "N", "value": "1.00", "items": items}] * 10_000
    with pytest.raises(sp.InputError, match="input too large: more than 200000 values") as e:
        sp.simulate(STATE, ops)
    assert e.value.path.startswith("operations[")
    with pytest.raises(sp.InputError, match="too many entries: at most 10000"):
        sp.simulate(STATE, [{"type": "cancel"}] * 10_001)


def test_errors_are_value_errors_with_code_path_message_and_the_module_keeps_working():
    with pytest.raises(ValueError) as e:
        sp.simulate(STATE, [invoice("60.00"), {"type": "invoice", "number": "NF-2"}])
    err = e.value
    assert isinstance(err, sp.InputError)
    assert (err.code, err.path, err.message) == ("INVALID_INPUT", "operations[1].value", "missing field `value`")
    assert str(err) == "operations[1].value: missing field `value`"
    with pytest.raises(sp.InputError) as e:
        sp.preview("not a state", {"type": "cancel"})
    assert e.value.path == "state"
    assert sp.preview(STATE, invoice("60.00"))["accepted"]


def test_a_ledger_previews_and_applies_and_outputs_keep_the_documented_field_order():
    ledger = sp.Ledger(STATE)
    first = ledger.preview(invoice("60.00"))
    assert list(first)[:3] == ["accepted", "errors", "warnings"]
    assert ledger.apply(invoice("60.00")) == first
    assert ledger.state()["invoices"][0]["value"] == "60.00"
    # The same number again is a replay, not a second invoice.
    assert ledger.preview(invoice("60.00"))["settle"] == "0.00"
    with pytest.raises(sp.InputError):
        ledger.apply({"type": "nope"})
    assert ledger.state()["invoices"][0]["number"] == "NF-1"


def test_version_is_the_crate_version():
    assert sp.version() == sp.__version__
    assert sp.version().count(".") == 2
