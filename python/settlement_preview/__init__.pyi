"""Type stubs of settlement_preview (api.md section 10). JSON shapes are plain dicts and
lists (camelCase fields, amounts as decimal strings); see api.md sections 3 to 9."""

from decimal import Decimal
from os import PathLike
from typing import Any, Mapping, Optional, Sequence, TypedDict, Union

import pyarrow

__version__: str

#: JSON data as the functions take it: amounts may be str, Decimal, int or float.
JsonInput = Union[
    None, bool, int, float, str, Decimal, Sequence["JsonInput"], Mapping[str, "JsonInput"]
]
#: JSON data as the functions return it (amounts are decimal strings).
Json = dict[str, Any]

REPORT_COLUMNS: tuple[str, ...]

class ConnectorRule(TypedDict, total=False):
    """A connector for the payments an ``options.connectors`` entry matches (api.md 7)."""

    protocol: Optional[str]  # "ppp" (default) or "legacy"
    mode: Optional[str]  # "total" (default), "hold" or "partial"
    partialRefund: Optional[bool]  # default True
    valueIncrease: Optional[bool]  # default False
    maxValue: Optional[Union[str, Decimal, int, float]]
    autoSettle: Optional[bool]  # default: gift cards settle by themselves

class Connectors(TypedDict, total=False):
    """Which connector each payment uses: by payment id, then ``paymentSystem``, then group,
    then ``default``; else ``ppp`` + ``total``."""

    byPaymentId: Mapping[str, ConnectorRule]
    byPaymentSystem: Mapping[str, ConnectorRule]
    byGroup: Mapping[str, ConnectorRule]
    default: Optional[ConnectorRule]

class FromVtexOptions(TypedDict, total=False):
    """``from_vtex``'s options (api.md sections 7 and 10); ``reconcile`` takes them too, plus
    ``explain``. Unknown keys raise InputError."""

    #: The currency of an order without ``storePreferencesData``.
    currency: Optional[str]
    connectors: Optional[Connectors]
    #: The split policies the history is replayed with.
    split: Optional[str]  # "lowestValueFirst" (default), "listed" or "proportional"
    refundOrder: Optional[str]  # "lowestSettledFirst" (default) or "cardFirst"
    #: VTEX's Change v2 history (``GET /api/order-system/orders/{orderId}/changes``:
    #: ``{"requests": [...]}``, or a list of change details): its done changes join the
    #: replay in date order; in-progress and cancelled ones are noted, not replayed.
    changesV2: Optional[Union[Mapping[str, JsonInput], Sequence[Mapping[str, JsonInput]]]]

class Note(TypedDict):
    """What the VTEX mapping decided: ``code``, ``path`` (in VTEX's JSON), ``message``."""

    code: str
    path: str
    message: str

class FromVtexResult(TypedDict):
    """``from_vtex``'s result: the order state (api.md section 3) and the mapping's notes."""

    state: Json
    notes: list[Note]

class FromVtexChangeOptions(TypedDict, total=False):
    """``from_vtex_change``'s options: ``requestId``, the change's id when the document has
    none (a request body); a document's own ``requestId`` wins."""

    requestId: Optional[str]

class FromVtexChangeResult(TypedDict):
    """``from_vtex_change``'s result: a ``change`` operation (``api: "v2"``) and notes."""

    operation: Json
    notes: list[Note]

class InputError(ValueError):
    """Malformed input: ``code`` ("INVALID_INPUT"), ``path`` (the field), ``message``."""

    code: str
    path: str
    message: str

class PlanError(ValueError):
    """A plan that cannot be made (``NOTHING_TO_CLOSE``), with ``code``, ``path``, ``message``."""

    code: str
    path: str
    message: str

def preview(state: JsonInput, operation: JsonInput, options: Optional[JsonInput] = None) -> Json:
    """What ``operation`` would do to ``state``, without changing it: the outcome."""

def apply(state: JsonInput, operation: JsonInput, options: Optional[JsonInput] = None) -> Json:
    """``{"state", "outcome"}``: the state after the operation and what it did."""

def simulate(
    state: JsonInput, operations: Sequence[JsonInput], options: Optional[JsonInput] = None
) -> Json:
    """``{"state", "outcomes"}``: operations run in order; a rejected one changes nothing."""

class Ledger:
    """A state parsed once, for many cheap previews, and applies that move it on."""

    def __init__(self, state: JsonInput, options: Optional[JsonInput] = None) -> None: ...
    def preview(self, operation: JsonInput) -> Json: ...
    def apply(self, operation: JsonInput) -> Json: ...
    def state(self) -> Json: ...

def plan_invoice(
    state: JsonInput, selection: Sequence[JsonInput], options: Optional[JsonInput] = None
) -> Json:
    """``{"operation", "breakdown"}``: a ready ``invoice`` for the selected units."""

def plan_return(
    state: JsonInput, selection: Sequence[JsonInput], options: Optional[JsonInput] = None
) -> Json:
    """``{"operation", "breakdown"}``: a ready ``return`` of what was paid for the units."""

def plan_close_out(state: JsonInput) -> Json:
    """The ``change`` that closes a partially invoiced order (raises PlanError if none)."""

def from_vtex(
    order: JsonInput,
    transaction: Optional[JsonInput] = None,
    options: Optional[Union[FromVtexOptions, Mapping[str, JsonInput]]] = None,
) -> FromVtexResult:
    """VTEX's "Get order" document (and gateway records) → ``{"state", "notes"}``; with
    ``options["changesV2"]`` (a Change v2 history) its done changes are replayed too."""

def from_vtex_change(
    change: Mapping[str, JsonInput],
    state: JsonInput,
    options: Optional[Union[FromVtexChangeOptions, Mapping[str, JsonInput]]] = None,
) -> FromVtexChangeResult:
    """A Change v2 document (VTEX's preview response, a change's detail or history entry, or a
    create/preview request body; amounts in cents) → ``{"operation", "notes"}``: the state's
    ``change``, whose delta is VTEX's ``totalChangeValue`` when given (api.md 7);
    ``options["requestId"]`` names a change whose document has no id (a request body)."""

def to_vtex_request(
    state: JsonInput, operation: JsonInput, options: Optional[JsonInput] = None
) -> Json:
    """``{"method", "path", "body"}``: the Orders API request, amounts in cents."""

def reconcile(
    order: JsonInput,
    transaction: Optional[JsonInput] = None,
    options: Optional[Union[FromVtexOptions, Mapping[str, JsonInput]]] = None,
) -> Json:
    """Expected vs recorded per payment (api.md section 9); never raises on the documents."""

def version() -> str:
    """The package version (the Rust crate's)."""

def report_schema() -> pyarrow.Schema:
    """The Arrow schema of reconcile_batch's result."""

def reconcile_batch(
    batch: Any, options: Optional[JsonInput] = None, *, first_line: int = 1
) -> pyarrow.RecordBatch:
    """An Arrow record batch (or table) of ``order``/``transaction`` JSON text → the report
    rows; amounts decimal128(38, 3)."""

def read_export(
    path: Union[str, "PathLike[str]"], batch_size: int = 10_000
) -> pyarrow.RecordBatchReader:
    """The CLI's JSON Lines export (.gz too) as batches of line, order, transaction, error."""
