//! `settlement-preview vtex`: VTEX's own JSON in, the preview and VTEX's request out.
//!
//! Reads the Orders API "Get order" document (and optionally the gateway's transaction data
//! and the connectors' configuration) with `json::from_vtex`, takes the operation (planned by
//! `json::plan_invoice` or `json::plan_return` from a selection of items, by
//! `json::plan_close_out`, or given), previews it, and prints the request
//! `json::to_vtex_request` would send. An operation the rules reject, or one VTEX would refuse
//! (a change without a reason), is still previewed, with why; it exits 1.

use crate::input::{one_stdin, Failure, Source};
use crate::render;
use serde::Serialize;
use serde_json::{json, Value};
use settlement_preview::plan::{Breakdown, PlannedInvoice};
use settlement_preview::vtex::{FromVtex, FromVtexChange, VtexRequest};
use settlement_preview::{apply, json as sp, InputError, Operation, Outcome};
use std::fmt::Write as _;

/// `planInvoice`'s `options.shipping` and `options.tax` (api.md section 7).
const SHARES: [&str; 4] = ["first", "proportional", "last", "none"];

/// The arguments of `vtex`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["invoice", "return_items", "close_out", "operation", "change_v2"])))]
#[command(group(clap::ArgGroup::new("planned").args(["invoice", "return_items"])))]
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
    /// Plan the return of these invoiced units: ID=QTY,ID=QTY (or a JSON [{ id, quantity }]):
    /// what the customer paid for them (their price less their share of the discounts).
    #[arg(long = "return", value_name = "ITEMS")]
    return_items: Option<String>,
    /// The planned invoice's or return's number (default: the first NF-<n>, or RET-<n>, the
    /// order does not use).
    #[arg(long, value_name = "NUMBER", requires = "planned")]
    number: Option<String>,
    /// Shipping: which planned invoice carries it (first, the default; proportional; last;
    /// none); whether a return refunds its share (none, the default; proportional).
    #[arg(long, value_name = "SHARE", requires = "planned", value_parser = SHARES)]
    shipping: Option<String>,
    /// Tax: which planned invoice carries it (proportional, the default; first; last; none);
    /// whether a return refunds its share (none, the default; proportional).
    #[arg(long, value_name = "SHARE", requires = "planned", value_parser = SHARES)]
    tax: Option<String>,
    /// Plan the change that closes a partially invoiced order (discount = value − invoiced).
    #[arg(long)]
    close_out: bool,
    /// Take this operation (our JSON: invoice, return, change or cancel): a file, - or inline.
    #[arg(long, value_name = "OPERATION")]
    operation: Option<String>,
    /// Preview a Change v2 (Order modifications) document: VTEX's preview response, a
    /// change's detail, or a create/preview request body; the request is v2's PATCH.
    #[arg(long = "change-v2", value_name = "CHANGE")]
    change_v2: Option<String>,
    /// The order's Change v2 history (GET /api/order-system/orders/{orderId}/changes): its
    /// done changes join the replay.
    #[arg(long = "changes-v2", value_name = "HISTORY")]
    changes_v2: Option<String>,
    /// The invoice's issuanceDate in the request (VTEX requires it; ISO 8601), e.g.
    /// 2026-03-02 or 2026-03-02T12:00:00-03:00. Default: now, in the local zone (TZ), with its
    /// offset.
    #[arg(long, value_name = "DATE")]
    issuance_date: Option<String>,
    #[command(flatten)]
    out: crate::Json,
}

/// What `--json` prints: each API call's result, as the API returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    from_vtex: &'a FromVtex,
    #[serde(skip_serializing_if = "Option::is_none")]
    breakdown: Option<&'a Breakdown>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_vtex_change: Option<&'a FromVtexChange>,
    operation: &'a Operation,
    outcome: &'a Outcome,
    request: Option<&'a VtexRequest>,
    /// Why there is no request for an accepted operation: what VTEX would refuse, with the
    /// path `toVtexRequest` names.
    #[serde(skip_serializing_if = "Option::is_none")]
    request_error: Option<Unsendable<'a>>,
}

/// `toVtexRequest`'s error, as the API throws it (`code`, `path`, `message`).
#[derive(Serialize)]
struct Unsendable<'a> {
    code: &'static str,
    path: &'a str,
    message: &'a str,
}

/// `ID=QTY,ID=QTY` as a selection; JSON (inline, `-`, or a file that exists or is named
/// `….json`) as it is. Anything else is read as `ID=QTY` and a mistake in it is named as such
/// (`--invoice 1001` says that `=QTY` is missing, not that no file `1001` exists).
fn selection(flag: &'static str, arg: &str) -> Result<(Source, Value), Failure> {
    let trimmed = arg.trim();
    let json = trimmed.starts_with(['[', '{'])
        || trimmed == "-"
        || (!trimmed.contains('=')
            && (std::path::Path::new(arg).exists() || trimmed.ends_with(".json")));
    if json {
        let src = Source::new(flag, arg);
        let value = src.read()?;
        return Ok((src, value));
    }
    let src = Source::Named(flag);
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
                    format!(
                        "expected ID=QTY (e.g. {part}=1), or a JSON file or [{{ id, quantity }}]; \
                         got {part:?}"
                    ),
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

/// Runs `vtex`; `--json` prints the API's results instead of the report.
pub fn run(args: &VtexArgs) -> Result<(String, bool), Failure> {
    let json_out = args.out.json;
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
    let change_src = args
        .change_v2
        .as_deref()
        .map(|c| Source::new("--change-v2", c));
    let history_src = args
        .changes_v2
        .as_deref()
        .map(|c| Source::new("--changes-v2", c));
    let all: Vec<&Source> = [
        Some(&order_src),
        tx.as_ref(),
        conn.as_ref(),
        given.as_ref(),
        change_src.as_ref(),
        history_src.as_ref(),
    ]
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
    if let Some(src) = &history_src {
        options.insert("changesV2".into(), src.read()?);
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
        } else if e.path.starts_with("options.changesV2") {
            match &history_src {
                Some(src) => src.invalid(e, "options.changesV2"),
                None => order_src.invalid(e, "order"),
            }
        } else {
            order_src.invalid(e, "order")
        }
    })?;
    let state = &read.state;

    let mut planned: Option<PlannedInvoice> = None;
    let mut read_change: Option<FromVtexChange> = None;
    let to_plan = match (&args.invoice, &args.return_items) {
        (Some(items), _) => Some(("--invoice", items, true)),
        (None, Some(items)) => Some(("--return", items, false)),
        (None, None) => None,
    };
    let operation = if let Some((flag, items, invoice)) = to_plan {
        let (src, selection) = selection(flag, items)?;
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
        let plan_options = Value::Object(plan_options);
        let plan = if invoice {
            sp::plan_invoice(state, &selection, Some(&plan_options))
        } else {
            sp::plan_return(state, &selection, Some(&plan_options))
        }
        .map_err(|e| {
            if e.path.starts_with("options") {
                Source::Named("--number/--shipping/--tax").invalid(e, "options")
            } else if e.path.starts_with("state") {
                // The order has nothing to plan (nothing invoiced, nothing left): said of the
                // flag, without the library's path into its own state.
                Source::Named(flag).invalid(InputError::new("", e.message), "")
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
    } else if let Some(src) = &change_src {
        let change = sp::from_vtex_change(&src.read()?, state, None)
            .map_err(|e| src.invalid(e, "change"))?;
        let op = change.operation.clone();
        read_change = Some(change);
        op
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
    let date = match &args.issuance_date {
        Some(date) => date.clone(),
        None => local_now(),
    };
    let request_options = json!({ "issuanceDate": date });
    // What VTEX would refuse (a change without a reason, an order without id) is no bad input
    // of the command: the preview stands, and says why there is no request. A bad
    // --issuance-date is the command's argument.
    let (request, request_error) = if outcome.accepted {
        match sp::to_vtex_request(state, &operation, Some(&request_options)) {
            Ok(request) => (Some(request), None),
            Err(e) if e.path.starts_with("options") => {
                return Err(Source::Named("--issuance-date").invalid(e, "options.issuanceDate"));
            }
            Err(e) => (None, Some(e)),
        }
    } else {
        (None, None)
    };
    let sendable = request.is_some();
    if json_out {
        let text = serde_json::to_string_pretty(&Report {
            from_vtex: &read,
            breakdown: planned.as_ref().map(|p| &p.breakdown),
            from_vtex_change: read_change.as_ref(),
            operation: &operation,
            outcome,
            request: request.as_ref(),
            request_error: request_error.as_ref().map(|e| Unsendable {
                code: "INVALID_INPUT",
                path: &e.path,
                message: &e.message,
            }),
        })
        .map_err(|e| Failure::Output(std::io::Error::other(e)))?;
        return Ok((format!("{text}\n"), sendable));
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
            let first = format!("  · {}  ", render::name(&note.code));
            text.push_str(&render::wrap(&first, 4, &note.message));
            let _ = writeln!(text, "    {}", render::dim_text(&note.path));
        }
    }
    if let Some(change) = read_change.as_ref().filter(|c| !c.notes.is_empty()) {
        let _ = writeln!(
            text,
            "\n{}",
            render::bold_text("How the Change v2 document was read")
        );
        for note in &change.notes {
            let first = format!("  · {}  ", render::name(&note.code));
            text.push_str(&render::wrap(&first, 4, &note.message));
            let _ = writeln!(text, "    {}", render::dim_text(&note.path));
        }
    }
    if let Some(plan) = &planned {
        let b = &plan.breakdown;
        let cur = state.currency;
        let m = |d| settlement_preview::money::format(d, cur);
        let (what, before) = match &operation {
            Operation::Return(_) => ("Planned return:", "left to refund before"),
            _ => ("Planned invoice:", "left to invoice before"),
        };
        text.push('\n');
        // Each part whole on its line: "+ tax 0.00" never splits.
        let parts = [
            format!("items {}", m(b.items)),
            format!("− discounts {}", m(b.discounts)),
            format!("+ shipping {}", m(b.shipping)),
            format!("+ tax {}", m(b.tax)),
            format!("= {}", m(b.value)),
            format!("({before}: {})", m(b.remaining_before)),
        ];
        text.push_str(&render::wrap_atoms(
            &format!("{} ", render::bold_text(what)),
            2,
            &parts,
            " ",
        ));
    }
    render::report(&mut text, &operation, state, &applied.state, outcome);
    match (&request, &request_error) {
        (Some(request), _) => {
            let body = serde_json::to_string_pretty(&request.body)
                .map_err(|e| Failure::Output(std::io::Error::other(e)))?;
            text.push('\n');
            text.push_str(&render::wrap_atoms(
                &format!("{} ", render::bold_text("The request to send:")),
                2,
                &[request.method.to_string(), request.path.clone()],
                " ",
            ));
            let _ = writeln!(text, "{body}");
        }
        (None, Some(e)) => {
            text.push('\n');
            text.push_str(&render::wrap(
                &format!(
                    "{} ",
                    render::bold_text("Accepted by the rules, not ready to send:")
                ),
                2,
                &format!("{} ({})", e.message, e.path),
            ));
        }
        (None, None) => {
            let _ = writeln!(text, "\nNo request: the operation is rejected.");
        }
    }
    Ok((text, sendable))
}

/// Now in the local zone (`TZ`, else the system's), to the second, with its offset
/// (`2026-03-02T21:30:00-03:00`): the default issuanceDate names the operator's day, not
/// UTC's (in São Paulo after 21:00 UTC's date is already tomorrow). UTC when no zone is known.
fn local_now() -> String {
    let now = jiff::Zoned::now();
    now.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}
