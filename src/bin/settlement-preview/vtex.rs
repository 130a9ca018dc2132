//! `settlement-preview vtex`: VTEX's own JSON in, the preview and VTEX's request out.
//!
//! Reads the Orders API "Get order" document (and optionally the gateway's transaction data
//! and the connectors' configuration) with `json::from_vtex`, takes the operation (planned by
//! `json::plan_invoice` from a selection of items, by `json::plan_close_out`, or given), previews
//! it, and prints the request `json::to_vtex_request` would send.

use crate::input::{one_stdin, Failure, Source};
use crate::render;
use serde::Serialize;
use serde_json::{json, Value};
use settlement_preview::plan::{Breakdown, PlannedInvoice};
use settlement_preview::vtex::{FromVtex, VtexRequest};
use settlement_preview::{apply, json as sp, InputError, Operation, Outcome};
use std::fmt::Write as _;

/// `planInvoice`'s `options.shipping` and `options.tax` (api.md section 7).
const SHARES: [&str; 4] = ["first", "proportional", "last", "none"];

/// The arguments of `vtex`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["invoice", "close_out", "operation"])))]
pub struct VtexArgs {
    /// VTEX's "Get order" JSON (GET /api/oms/pvt/orders/{orderId}): a file, - or inline JSON.
    #[arg(long, value_name = "ORDER")]
    order: String,
    /// The gateway's transaction data (its settlements, refunds, cancellations), when known.
    #[arg(long, value_name = "TRANSACTION")]
    transaction: Option<String>,
    /// Which protocol and mode each connector uses ({ byPaymentId?, byPaymentSystem?,
    /// byGroup?, default? }); without it, ppp + total.
    #[arg(long, value_name = "CONNECTORS")]
    connectors: Option<String>,
    /// The currency of an old order without storePreferencesData (ISO 4217).
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    /// Plan a partial invoice of these units: ID=QTY,ID=QTY (or a JSON [{ id, quantity }]).
    #[arg(long, value_name = "ITEMS")]
    invoice: Option<String>,
    /// The planned invoice's number (default: the first NF-<n> the order does not use).
    #[arg(long, value_name = "NUMBER", requires = "invoice")]
    number: Option<String>,
    /// Which planned invoice carries the order's shipping (default first).
    #[arg(long, value_name = "SHARE", requires = "invoice", value_parser = SHARES)]
    shipping: Option<String>,
    /// Which planned invoice carries the order's tax (default proportional).
    #[arg(long, value_name = "SHARE", requires = "invoice", value_parser = SHARES)]
    tax: Option<String>,
    /// Plan the change that closes a partially invoiced order (discount = value − invoiced).
    #[arg(long)]
    close_out: bool,
    /// Take this operation (our JSON: invoice, return, change or cancel): a file, - or inline.
    #[arg(long, value_name = "OPERATION")]
    operation: Option<String>,
    /// The invoice's issuanceDate in the request (VTEX requires it), e.g. 2026-03-02T12:00:00Z.
    #[arg(long, value_name = "DATE")]
    issuance_date: Option<String>,
}

/// What `--json` prints: each API call's result, as the API returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    from_vtex: &'a FromVtex,
    #[serde(skip_serializing_if = "Option::is_none")]
    breakdown: Option<&'a Breakdown>,
    operation: &'a Operation,
    outcome: &'a Outcome,
    request: Option<&'a VtexRequest>,
}

/// `ID=QTY,ID=QTY` as a selection; JSON (a file, - or inline) as it is.
fn selection(arg: &str) -> Result<(Source, Value), Failure> {
    let looks_listed = !arg.trim_start().starts_with(['[', '{']) && arg.contains('=');
    if !looks_listed {
        let src = Source::new("--invoice", arg);
        let value = src.read()?;
        return Ok((src, value));
    }
    let src = Source::Named("--invoice");
    let mut list = Vec::new();
    for (i, part) in arg
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        let Some((id, qty)) = part.split_once('=') else {
            return Err(src.invalid(
                InputError::new(
                    format!("selection[{i}]"),
                    format!("expected ID=QTY, got {part:?}"),
                ),
                "",
            ));
        };
        let quantity: u64 = qty.trim().parse().map_err(|_| {
            src.invalid(
                InputError::new(
                    format!("selection[{i}].quantity"),
                    format!("expected a whole number of units, got {qty:?}"),
                ),
                "",
            )
        })?;
        list.push(json!({ "id": id.trim(), "quantity": quantity }));
    }
    Ok((src, Value::Array(list)))
}

/// Runs `vtex`; `json_out` prints the API's results instead of the report.
pub fn run(args: &VtexArgs, json_out: bool) -> Result<(String, bool), Failure> {
    let order_src = Source::new("--order", &args.order);
    let tx = args
        .transaction
        .as_deref()
        .map(|t| Source::new("--transaction", t));
    let conn = args
        .connectors
        .as_deref()
        .map(|c| Source::new("--connectors", c));
    let given = args
        .invoice
        .as_deref()
        .or(args.operation.as_deref())
        .map(|o| Source::new("--operation", o));
    let all: Vec<&Source> = [Some(&order_src), tx.as_ref(), conn.as_ref(), given.as_ref()]
        .into_iter()
        .flatten()
        .collect();
    one_stdin(&all)?;
    let order = order_src.read()?;
    let transaction = tx.as_ref().map(Source::read).transpose()?;
    let mut options = serde_json::Map::new();
    if let Some(src) = &conn {
        options.insert("connectors".into(), src.read()?);
    }
    if let Some(code) = &args.currency {
        options.insert("currency".into(), Value::from(code.as_str()));
    }
    let options = Value::Object(options);
    let read = sp::from_vtex(&order, transaction.as_ref(), Some(&options)).map_err(|e| {
        if e.path.starts_with("transaction") {
            match &tx {
                Some(src) => src.invalid(e, "transaction"),
                None => order_src.invalid(e, "order"),
            }
        } else if e.path.starts_with("options.connectors") {
            match &conn {
                Some(src) => src.invalid(e, "options.connectors"),
                None => order_src.invalid(e, "order"),
            }
        } else if e.path.starts_with("options.currency") {
            Source::Named("--currency").invalid(e, "options.currency")
        } else {
            order_src.invalid(e, "order")
        }
    })?;
    let state = &read.state;

    let mut planned: Option<PlannedInvoice> = None;
    let operation = if let Some(items) = &args.invoice {
        let (src, selection) = selection(items)?;
        let mut plan_options = serde_json::Map::new();
        for (key, value) in [
            ("number", &args.number),
            ("shipping", &args.shipping),
            ("tax", &args.tax),
        ] {
            if let Some(v) = value {
                plan_options.insert(key.into(), Value::from(v.as_str()));
            }
        }
        let plan = sp::plan_invoice(state, &selection, Some(&Value::Object(plan_options)))
            .map_err(|e| {
                if e.path.starts_with("options") {
                    Source::Named("--number/--shipping/--tax").invalid(e, "options")
                } else if matches!(src, Source::Named(_)) {
                    src.invalid(e, "")
                } else {
                    src.invalid(e, "selection")
                }
            })?;
        let op = plan.operation.clone();
        planned = Some(plan);
        op
    } else if args.close_out {
        match sp::plan_close_out(state) {
            Ok(op) => op,
            // Nothing to close (planCloseOut throws NOTHING_TO_CLOSE): like a rejection, exit 1.
            Err(e) if json_out => {
                let text = serde_json::to_string_pretty(&json!({ "fromVtex": read, "error": e }))
                    .map_err(|e| Failure::Output(std::io::Error::other(e)))?;
                return Ok((format!("{text}\n"), false));
            }
            Err(e) => {
                let text = format!(
                    "{}\n\nNo close-out: {} ({})\n",
                    render::order_heading(state),
                    e.message,
                    render::name(&e.code)
                );
                return Ok((text, false));
            }
        }
    } else if let Some(arg) = &args.operation {
        let src = Source::new("--operation", arg);
        sp::parse_operation(&src.read()?, state).map_err(|e| src.invalid(e, "operation"))?
    } else {
        // clap's group makes one of the three required.
        return Err(Failure::Input {
            source: "vtex".into(),
            location: String::new(),
            message: "give --invoice, --close-out or --operation".into(),
        });
    };

    let applied =
        apply(state, &operation, &Default::default()).map_err(|e| order_src.invalid(e, "order"))?;
    let outcome = &applied.outcome;
    let request_options = match &args.issuance_date {
        Some(date) => json!({ "issuanceDate": date }),
        None => Value::Null,
    };
    let request = if outcome.accepted {
        Some(
            sp::to_vtex_request(state, &operation, Some(&request_options)).map_err(|e| {
                // What VTEX needs that the operation lacks (a change's reason) names the
                // operation's source; an order without id names the order.
                if e.path.starts_with("options") {
                    Source::Named("--issuance-date").invalid(e, "options")
                } else if e.path.starts_with("operation") {
                    match &args.operation {
                        Some(arg) => Source::new("--operation", arg).invalid(e, "operation"),
                        None if args.close_out => Source::Named("--close-out").invalid(e, ""),
                        None => Source::Named("--invoice").invalid(e, ""),
                    }
                } else {
                    order_src.invalid(e, "state")
                }
            })?,
        )
    } else {
        None
    };
    if json_out {
        let text = serde_json::to_string_pretty(&Report {
            from_vtex: &read,
            breakdown: planned.as_ref().map(|p| &p.breakdown),
            operation: &operation,
            outcome,
            request: request.as_ref(),
        })
        .map_err(|e| Failure::Output(std::io::Error::other(e)))?;
        return Ok((format!("{text}\n"), outcome.accepted));
    }

    let mut text = render::order_heading(state);
    text.push('\n');
    if !read.notes.is_empty() {
        let _ = writeln!(
            text,
            "\n{}",
            render::bold_text("How the VTEX order was read")
        );
        for note in &read.notes {
            let _ = writeln!(text, "  · {}  {}", render::name(&note.code), note.message);
            let _ = writeln!(text, "    {}", render::dim_text(&note.path));
        }
    }
    if let Some(plan) = &planned {
        let b = &plan.breakdown;
        let cur = state.currency;
        let m = |d| settlement_preview::money::format(d, cur);
        let _ = writeln!(
            text,
            "\n{} items {} − discounts {} + shipping {} + tax {} = {} (left to invoice before: {})",
            render::bold_text("Planned invoice:"),
            m(b.items),
            m(b.discounts),
            m(b.shipping),
            m(b.tax),
            m(b.value),
            m(b.remaining_before)
        );
    }
    render::report(&mut text, &operation, state, &applied.state, outcome);
    match &request {
        Some(request) => {
            let body = serde_json::to_string_pretty(&request.body)
                .map_err(|e| Failure::Output(std::io::Error::other(e)))?;
            let _ = writeln!(
                text,
                "\n{} {} {}\n{body}",
                render::bold_text("The request to send:"),
                request.method,
                request.path
            );
        }
        None => {
            let _ = writeln!(text, "\nNo request: the operation is rejected.");
        }
    }
    Ok((text, outcome.accepted))
}
