// Compiled by types.test.mjs with `tsc --strict --noEmit` against the installed package: the
// declarations accept what api.md accepts, type the results, and refuse what they should.
import { Ledger, apply, preview, reconcile, simulate, version } from "settlement-preview";
import type {
  Applied, Finding, FindingCode, InputError, Operation, OrderState, OrderStateInput, Options, Outcome,
  PaymentReconciliation, Reconciliation, ReconcileStatus, RuleCode, Severity, Simulation, VtexOrder,
  WarningCode,
} from "settlement-preview";

const state: OrderStateInput = {
  currency: "BRL",
  items: [{ id: "A", quantity: 1, price: 60 }, { id: "B", quantity: 1, price: "40.00" }],
  transaction: { payments: [{ id: "p1", group: "creditCard", value: "100.00", connector: { mode: "partial" } }] },
};
const op: Operation = { type: "invoice", number: "NF-1", value: "60.00", items: [{ id: "A", quantity: 1 }] };
const options: Options = { split: "proportional", refundOrder: "cardFirst" };

const outcome: Outcome = preview(state, op);
const settle: string = outcome.settle;
const open: string = outcome.payments[0].gateway.open;
const firstError: RuleCode | undefined = outcome.errors[0]?.code;
const warning: WarningCode | undefined = outcome.warnings[0]?.code;
const applied: Applied = apply(state, op, options);
const next: OrderState = applied.state;
const again: Outcome = preview(next, { type: "cancel" }); // a returned state is valid input
const sim: Simulation = simulate(state, [op, { type: "change", requestId: "c1", discount: 10 }], null);
const outcomes: Outcome[] = sim.outcomes;
const ledger = new Ledger(state, options);
const viaLedger: Outcome = ledger.apply({ type: "return", number: "R-1", value: "10.00" });
const ledgerState: OrderState = ledger.state();
ledger.free();
const v: string = version();

function isInputError(e: unknown): e is InputError {
  return e instanceof Error && (e as Partial<InputError>).code === "INVALID_INPUT";
}
try {
  preview(state, op);
} catch (e) {
  if (isInputError(e)) {
    const where: string = e.path;
    const what: string = e.message;
    console.log(where, what);
  }
}

// A Ledger is disposable (`using`), whatever the lib: Symbol.dispose is declared by the package.
new Ledger(state)[Symbol.dispose]();

// @ts-expect-error: an unknown operation type
preview(state, { type: "refund", number: "R", value: "1" });
// @ts-expect-error: an invoice needs a value
preview(state, { type: "invoice", number: "NF-2" });
// @ts-expect-error: amounts are strings or numbers
preview(state, { type: "invoice", number: "NF-2", value: true });
// @ts-expect-error: an unknown split
preview(state, op, { split: "random" });
// @ts-expect-error: the operation is required
preview(state);
// @ts-expect-error: a typo in a field name
const typo: OrderStateInput = { currency: "BRL", ammount: "1.00", transaction: { payments: [] } };
// @ts-expect-error: a state needs a transaction
const noTransaction: OrderStateInput = { currency: "BRL" };
// @ts-expect-error: an unknown payment group
const badGroup: OrderStateInput = { currency: "BRL", transaction: { payments: [{ id: "p", group: "crypto", value: 1 }] } };
// @ts-expect-error: an unknown order status
const badStatus: OrderStateInput["status"] = "shipped";
// @ts-expect-error: outcome amounts are strings, never numbers
const asNumber: number = outcome.settle;
// @ts-expect-error: warning codes are a closed set
const badWarning: WarningCode = "SOMETHING";
// @ts-expect-error: a Ledger needs a state
new Ledger();
// @ts-expect-error: simulate takes a list of operations
simulate(state, op);

// Reconciliation: VTEX's documents in, exact strings and closed unions out.
const vtexOrder: VtexOrder = { orderId: "1-01", value: 1000, items: [{ id: "A", quantity: 1, price: 1000 }] };
const rec: Reconciliation = reconcile(vtexOrder, { status: "Finished", payments: [{ id: "p1", value: 1000 }] }, { explain: false });
const recStatus: ReconcileStatus = rec.status;
const firstPayment: PaymentReconciliation | undefined = rec.payments[0];
const drift: string | undefined = firstPayment?.drift.settled;
const finding: Finding | undefined = rec.findings[0];
const findingCode: FindingCode | undefined = finding?.code;
const severity: Severity | undefined = finding?.severity;
const errorPath: string | undefined = rec.error?.path;
const noRecords: Reconciliation = reconcile(vtexOrder, null);
// @ts-expect-error: finding codes are a closed set
const badFinding: FindingCode = "MONEY_LOST";
// @ts-expect-error: reconciled amounts are strings, never numbers
const driftNumber: number = rec.payments[0].drift.open;
// @ts-expect-error: the transaction argument is required (null when there are no records)
reconcile(vtexOrder);
// @ts-expect-error: explain is a boolean
reconcile(vtexOrder, null, { explain: "no" });

export { recStatus, drift, findingCode, severity, errorPath, noRecords, badFinding, driftNumber };
export { settle, open, firstError, warning, next, again, outcomes, viaLedger, ledgerState, v, typo, noTransaction, badGroup, badStatus, asNumber, badWarning };
