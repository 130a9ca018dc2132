//! Fuzzes the JSON entry point: bytes -> `{ state, operations, options? }` -> parse the
//! state, the options and each operation (malformed input is an error, never a panic) ->
//! apply through a `Ledger`. After every operation the ledger bounds must hold, and a
//! rejected operation or a replay must leave the state as it was.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use serde_json::Value;
use settlement_preview::outcome::Figures;
use settlement_preview::{json, Ledger};

fuzz_target!(|data: &[u8]| {
    let Ok(Value::Object(envelope)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Some(state) = envelope.get("state") else {
        return;
    };
    let Ok(state) = json::parse_state(state) else {
        return;
    };
    let Ok(options) = json::parse_options(envelope.get("options")) else {
        return;
    };
    let operations = match envelope.get("operations") {
        Some(Value::Array(list)) => list.as_slice(),
        _ => &[],
    };
    let mut ledger = Ledger::new(state, options);
    for op in operations.iter().take(64) {
        let Ok(op) = json::parse_operation(op, ledger.state()) else {
            continue;
        };
        let before = ledger.state().clone();
        let previewed = ledger.preview(&op);
        let applied = ledger.apply(&op);
        assert_eq!(previewed, applied, "preview differs from apply");
        let Ok(outcome) = applied else {
            continue;
        };
        if !outcome.accepted || outcome.warnings.iter().any(|w| is_replay(w)) {
            assert_eq!(
                &before,
                ledger.state(),
                "a rejection or a replay moved the state"
            );
        }
        // Per-payment figures add up to the totals, and every amount has the currency's digits.
        let scale = ledger.state().currency.minor_units();
        let totals = [&outcome.provider, &outcome.gateway];
        for (view, total) in totals.into_iter().enumerate() {
            let parts: Vec<_> = outcome
                .payments
                .iter()
                .map(|p| if view == 0 { &p.provider } else { &p.gateway })
                .collect();
            for pick in [
                |f: &Figures| f.settle,
                |f: &Figures| f.cancel,
                |f: &Figures| f.refund,
                |f: &Figures| f.open,
            ] {
                let sum: Decimal = parts.iter().map(|f| pick(f)).sum();
                assert_eq!(sum, pick(total), "payment figures do not add up");
                assert!(parts.iter().all(|f| pick(f).scale() == scale));
                assert_eq!(
                    pick(total).scale(),
                    scale,
                    "amount not at the currency's scale"
                );
            }
        }
        for p in &ledger.state().transaction.payments {
            assert_eq!(
                p.broken_bound(),
                Ok(None),
                "ledger bound broken on {}",
                p.id
            );
        }
        // The state must serialise and read back as itself.
        let text = serde_json::to_value(ledger.state()).expect("state serialises");
        let back = json::parse_state(&text).expect("serialised state parses");
        assert_eq!(&back, ledger.state(), "state does not round-trip");
    }
});

fn is_replay(w: &settlement_preview::outcome::Warning) -> bool {
    use settlement_preview::WarningCode;
    matches!(
        w.code,
        WarningCode::InvoiceNumberReused | WarningCode::ChangeRequestRepeated
    )
}
