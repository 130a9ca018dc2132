"""The conformance scenarios and api.md section 6's matching rules, as the Rust
(tests/scenarios.rs) and JavaScript (js-tests/scenarios.lib.mjs) runners apply them."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import settlement_preview as sp

DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def match(expect: Any, actual: Any, at: str = "") -> None:
    """api.md section 6: `expect` is a partial outcome; raises AssertionError on a mismatch."""
    if isinstance(expect, dict):
        assert isinstance(actual, dict), f"{at}: expected an object, got {actual!r}"
        for key, ev in expect.items():
            where = f"{at}.{key}"
            assert key in actual, f"{where}: missing"
            av = actual[key]
            if at == "" and key == "errors":
                want = sorted(set(ev))
                got = sorted({e["code"] for e in av})
                assert got == want, f"{where}: expected {want}, got {got}"
            elif at == "" and key == "warnings":
                got = {w["code"] for w in av}
                for code in ev:
                    assert code in got, f"{where}: {code} missing from {sorted(got)}"
            elif at == "" and key == "payments":
                for ep in ev:
                    ap = next((p for p in av if p["id"] == ep["id"]), None)
                    assert ap is not None, f"{where}: no payment {ep['id']}"
                    match(ep, ap, f"{where}[{ep['id']}]")
            else:
                match(ev, av, where)
    elif isinstance(expect, list):
        assert isinstance(actual, list), f"{at}: expected an array"
        assert len(actual) == len(expect), f"{at}: expected {len(expect)} entries, got {len(actual)}"
        for i, (ev, av) in enumerate(zip(expect, actual)):
            match(ev, av, f"{at}[{i}]")
    elif isinstance(expect, str) and isinstance(actual, str) and DECIMAL.match(expect) and DECIMAL.match(actual):
        assert Decimal(expect) == Decimal(actual), f"{at}: expected {expect}, got {actual}"
    else:
        assert actual == expect and type(actual) is type(expect), f"{at}: expected {expect!r}, got {actual!r}"


def minor(amount: str) -> int:
    """An amount string at the outcome's scale as an integer of minor units (exact)."""
    return int(amount.replace(".", ""))


def check_explain(outcome: dict, at: str = "") -> None:
    """api.md section 8: money lines add up to the outcome's figures, payment by payment."""
    assert isinstance(outcome["explain"], list) and outcome["explain"], f"{at}: no explanation"
    for i, line in enumerate(outcome["explain"]):
        where = f"{at}: explain[{i}] {line!r}"
        assert isinstance(line["code"], str), where
        assert re.match(r"^[3-6](\.[1-4])?$", line["rule"]), where
        assert isinstance(line["text"], str) and line["text"], where
        money = [k for k in ("view", "figure", "amount") if k in line]
        assert not money or (len(money) == 3 and "paymentId" in line), where
        if "amount" in line:
            assert minor(line["amount"]) > 0, f"{where}: amount not above zero"
    for p in outcome["payments"]:
        for view, figures in (("gateway", p["gateway"]), ("provider", p)):
            for figure in ("settle", "cancel", "refund"):
                told = sum(
                    minor(l["amount"])
                    for l in outcome["explain"]
                    if l.get("paymentId") == p["id"] and l.get("view") == view and l.get("figure") == figure
                )
                assert told == minor(figures[figure]), f"{at}: payment {p['id']} {view} {figure}: {told} vs {figures[figure]}"
    codes = {l["code"] for l in outcome["explain"]}
    for w in outcome["warnings"]:
        assert w["code"] in codes, f"{at}: warning {w['code']} has no line"
    for e in outcome["errors"]:
        assert e["code"] in codes, f"{at}: error {e['code']} has no line"


def invalid_input(fn, path_prefix: str) -> sp.InputError:
    """Calls `fn`, which must raise InputError with a path under `path_prefix`."""
    try:
        fn()
    except sp.InputError as e:
        assert e.code == "INVALID_INPUT"
        assert isinstance(e.path, str) and isinstance(e.message, str) and e.message
        assert str(e) == f"{e.path}: {e.message}"
        assert e.path == path_prefix or e.path.startswith((f"{path_prefix}.", f"{path_prefix}[")), (
            f"path {e.path} is not under {path_prefix}"
        )
        return e
    raise AssertionError("expected INVALID_INPUT, nothing was raised")


def match_thrown(expect: dict, error: sp.InputError, root: str = "operation") -> None:
    """A throwing step may name the error's `path` (under `operation`) and exact `message`."""
    if "path" in expect:
        assert error.path == re.sub(r"^operation(?=$|[.\[])", root, expect["path"]), error.path
    if "message" in expect:
        assert error.message == expect["message"], error.message


def run_with_simulate(scenario: dict) -> dict:
    """Every prefix of well-formed operations through `simulate` (so every outcome is checked as
    `simulate` gives it), and `preview`/`apply` chained: the same outcomes. Returns the final
    state."""
    state, options, steps = scenario["state"], scenario.get("options"), scenario["steps"]
    ops: list = []
    previous: list = []
    chained = final = state
    for i, step in enumerate(steps):
        label = f"step {i}"
        if "throws" in step["expect"]:
            assert step["expect"]["throws"] == "INVALID_INPUT"
            root = f"operations[{len(ops)}]"
            e = invalid_input(lambda: sp.simulate(state, [*ops, step["operation"]], options), root)
            match_thrown(step["expect"], e, root)
            match_thrown(step["expect"], invalid_input(lambda: sp.apply(chained, step["operation"], options), "operation"))
            match_thrown(step["expect"], invalid_input(lambda: sp.preview(chained, step["operation"], options), "operation"))
            continue
        ops.append(step["operation"])
        sim = sp.simulate(state, ops, options)
        assert len(sim["outcomes"]) == len(ops)
        assert sim["outcomes"][:-1] == previous, f"{label}: earlier outcomes changed"
        previous = sim["outcomes"]
        outcome = sim["outcomes"][-1]
        try:
            match(step["expect"], outcome)
            check_explain(outcome, label)
        except AssertionError as e:
            raise AssertionError(f"{label}: {e}\n  actual: {outcome!r}") from None
        assert sp.preview(chained, step["operation"], options) == outcome, f"{label}: preview differs"
        applied = sp.apply(chained, step["operation"], options)
        assert applied["outcome"] == outcome, f"{label}: apply differs"
        chained = applied["state"]
        final = sim["state"]
    if ops:
        assert chained == final, "apply's chained state differs from simulate's"
    return final


def run_with_ledger(scenario: dict) -> dict:
    """A `Ledger` through every step: preview == apply at each. Returns the final state."""
    ledger = sp.Ledger(scenario["state"], scenario.get("options"))
    for i, step in enumerate(scenario["steps"]):
        if "throws" in step["expect"]:
            match_thrown(step["expect"], invalid_input(lambda: ledger.preview(step["operation"]), "operation"))
            match_thrown(step["expect"], invalid_input(lambda: ledger.apply(step["operation"]), "operation"))
            continue
        previewed = ledger.preview(step["operation"])
        outcome = ledger.apply(step["operation"])
        assert previewed == outcome, f"step {i}: preview differs from apply"
        match(step["expect"], outcome)
        check_explain(outcome, f"step {i}")
    return ledger.state()
