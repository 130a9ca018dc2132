//! A structured fuzz target: the bytes choose a consistent order (1–5 payments of every group,
//! mode and protocol, JPY/BRL/KWD, auto-settled gift cards, earlier gateway ledgers) and up to
//! 30 operations, valid and invalid (changes v1 and Change v2), built as JSON and run with
//! every invariant of `tests/common` (the property tests' checks) after each one, including
//! the money conservation ones that need a consistent history.
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;

use common::{step, Strictness, GROUPS, MODES, OUT_OF_RANGE};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use settlement_preview::{json as sp, OrderState};

const CURRENCIES: [(&str, u32); 3] = [("JPY", 0), ("BRL", 2), ("KWD", 3)];
const STATUSES: [&str; 4] = [
    "handling",
    "waiting-for-fulfillment",
    "ready-for-invoicing",
    "payment-approved",
];

fn text(minor: i128, scale: u32) -> Value {
    Value::String(Decimal::from_i128_with_scale(minor, scale).to_string())
}

fn minor(d: Decimal, scale: u32) -> i128 {
    let mut d = d;
    d.rescale(scale);
    d.mantissa()
}

fn state(u: &mut Unstructured) -> Result<(Value, Value)> {
    let (currency, scale) = *u.choose(&CURRENCIES)?;
    let n_items = u.int_in_range(1..=4)?;
    let mut items = Vec::new();
    let mut value: i128 = 0;
    for i in 0..n_items {
        let q = u.int_in_range(1_u64..=3)?;
        let p = i128::from(u.int_in_range(1_u32..=200_000)?);
        value += i128::from(q) * p;
        items.push(json!({ "id": format!("I{i}"), "quantity": q, "price": text(p, scale) }));
    }
    let n = u.int_in_range(1..=5)?;
    let uniform = if u.ratio(2, 3)? {
        Some(*u.choose(&MODES)?)
    } else {
        None
    };
    let mut payments = Vec::new();
    let mut given = 0;
    for i in 0..n {
        let share = if i + 1 == n {
            value - given
        } else {
            (value - given) * i128::from(u.int_in_range(0_u8..=100)?) / 100
        };
        given += share;
        let a = share
            + if u.ratio(1, 5)? {
                i128::from(u.int_in_range(0_u32..=10_000)?)
            } else {
                0
            };
        let group = *u.choose(&GROUPS)?;
        let mode = match uniform {
            Some(m) => m,
            None => *u.choose(&MODES)?,
        };
        let mut connector = json!({
            "protocol": if mode == "total" && u.ratio(1, 4)? { "legacy" } else { "ppp" },
            "mode": mode,
            "partialRefund": u.ratio(5, 6)?,
            "valueIncrease": u.arbitrary::<bool>()?,
        });
        if u.ratio(1, 4)? {
            connector["maxValue"] = text(a + i128::from(u.int_in_range(0_u32..=50_000)?), scale);
        }
        let mut p = json!({ "id": format!("p{i}"), "group": group, "value": text(a, scale),
                            "connector": connector });
        if group == "giftCard" && u.arbitrary::<bool>()? {
            p["settled"] = text(a, scale);
            p["captured"] = text(a, scale);
        } else if u.ratio(1, 6)? {
            let s = a * i128::from(u.int_in_range(0_u16..=100)?) / 100;
            let c = (a - s) * i128::from(u.int_in_range(0_u16..=100)?) / 100;
            let r = s * i128::from(u.int_in_range(0_u16..=100)?) / 100;
            p["settled"] = text(s, scale);
            p["cancelled"] = text(c, scale);
            p["refunded"] = text(r, scale);
        }
        payments.push(p);
    }
    let state = json!({
        "currency": currency,
        "status": *u.choose(&STATUSES)?,
        "items": items,
        "transaction": { "payments": payments },
    });
    let options = json!({
        "split": *u.choose(&["lowestValueFirst", "listed", "proportional"])?,
        "refundOrder": *u.choose(&["lowestSettledFirst", "cardFirst"])?,
    });
    Ok((state, options))
}

/// An amount relative to `base` (minor units): all of it, a part, more, zero, negative.
fn amount(u: &mut Unstructured, base: i128) -> Result<i128> {
    Ok(match u.int_in_range(0_u8..=9)? {
        0 | 1 => base,
        2..=5 => base * i128::from(u.int_in_range(1_u16..=1000)?) / 1000,
        6 => base + i128::from(u.int_in_range(1_u16..=500)?),
        7 => 0,
        8 => -i128::from(u.int_in_range(1_u16..=500)?),
        _ => i128::from(u.int_in_range(1_u32..=100_000)?),
    })
}

fn items(u: &mut Unstructured, state: &OrderState, scale: u32) -> Result<Vec<Value>> {
    let available = state.units_available().unwrap_or_default();
    let ids: Vec<&str> = available.keys().copied().collect();
    let mut list = Vec::new();
    for _ in 0..u.int_in_range(0_u8..=2)? {
        let id = if ids.is_empty() || u.ratio(1, 10)? {
            "NO-SUCH-ITEM"
        } else {
            *u.choose(&ids)?
        };
        let mut item = json!({ "id": id, "quantity": u.int_in_range(1_u64..=3)? });
        if u.arbitrary::<bool>()? {
            let price = state.unit_price(id).unwrap_or(Decimal::ONE);
            item["price"] = text(minor(price, scale), scale);
        }
        list.push(item);
    }
    Ok(list)
}

fn key(u: &mut Unstructured, used: &[String], prefix: &str, counter: &mut u32) -> Result<String> {
    if !used.is_empty() && u.ratio(1, 6)? {
        return Ok(u.choose(used)?.clone());
    }
    *counter += 1;
    Ok(format!("{prefix}-{counter}"))
}

fn operation(u: &mut Unstructured, state: &OrderState, counter: &mut u32) -> Result<Value> {
    let scale = state.currency.minor_units();
    let value = minor(state.value, scale);
    let invoiced = minor(state.invoiced().unwrap_or_default(), scale);
    let returned = minor(state.returned().unwrap_or_default(), scale);
    let numbers: Vec<String> = state.invoices.iter().map(|i| i.number.clone()).collect();
    let ids: Vec<String> = state.changes.iter().map(|c| c.request_id.clone()).collect();
    Ok(match u.int_in_range(0_u8..=19)? {
        0..=7 => json!({
            "type": "invoice",
            "number": key(u, &numbers, "NF", counter)?,
            "value": text(amount(u, value - invoiced)?, scale),
            "items": items(u, state, scale)?,
        }),
        8..=11 => {
            let mut list = items(u, state, scale)?;
            if u.ratio(1, 10)? {
                if let Some(first) = list.first().cloned() {
                    list.push(first);
                }
            }
            json!({
                "type": "return",
                "number": key(u, &numbers, "R", counter)?,
                "value": text(amount(u, invoiced - returned)?, scale),
                "items": list,
            })
        }
        12..=18 => {
            let mut change = json!({ "type": "change", "requestId": key(u, &ids, "c", counter)? });
            let discount = u.ratio(3, 5)?;
            let increment = u.ratio(1, 3)?;
            if discount {
                let base = if u.arbitrary::<bool>()? {
                    value - invoiced
                } else {
                    value
                };
                change["discount"] = text(amount(u, base)?, scale);
            }
            if increment {
                change["increment"] = text(amount(u, value)?, scale);
            }
            let mut removed = items(u, state, scale)?;
            let mut added = Vec::new();
            for _ in 0..u.int_in_range(0_u8..=1)? {
                let p = i128::from(u.int_in_range(1_u32..=100_000)?);
                let id = if u.arbitrary::<bool>()? {
                    format!("new-{p}")
                } else {
                    "I0".to_string()
                };
                added.push(json!({ "id": id, "quantity": u.int_in_range(1_u64..=2)?, "price": text(p, scale) }));
            }
            if !discount && !increment {
                for item in &mut removed {
                    if item.get("price").is_none() {
                        item["price"] = text(1, scale);
                    }
                }
            }
            change["itemsRemoved"] = Value::Array(removed);
            change["itemsAdded"] = Value::Array(added);
            // A third are Change v2 ("Order modifications"): the engine's v2 rules (no limit
            // of 50, not below the invoiced value, invoiced items kept, vtex-notes 5.2).
            if u.ratio(1, 3)? {
                change["api"] = json!("v2");
            }
            change
        }
        _ => json!({ "type": "cancel" }),
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((state_json, options_json)) = state(&mut u) else {
        return;
    };
    let mut state = sp::parse_state(&state_json).expect("a generated state parses");
    let options = sp::parse_options(Some(&options_json)).expect("options parse");
    common::check_state(&state, Strictness::Consistent).expect("start state");
    let mut counter = 0;
    let mut log = Vec::new();
    for _ in 0..30 {
        if u.is_empty() {
            break;
        }
        let Ok(op_json) = operation(&mut u, &state, &mut counter) else {
            break;
        };
        let op = sp::parse_operation(&op_json, &state).expect("a generated operation parses");
        log.push(op_json);
        match step(&state, &op, &options, Strictness::Consistent) {
            Ok((next, _)) => state = next,
            Err(e) if e == OUT_OF_RANGE => {}
            Err(e) => {
                let doc = json!({ "strictness": "consistent", "state": state_json,
                                  "options": options_json, "operations": log });
                panic!("{e}\nreproduce (tests/regressions/*.json):\n{doc}");
            }
        }
    }
});
