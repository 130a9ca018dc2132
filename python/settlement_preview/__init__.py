"""settlement-preview: exact money for VTEX-style order management, from Python.

The same Rust core as the npm package and the CLI (``shared/spec/api.md`` section 10). Every
function takes and returns plain Python values in the JSON shapes of api.md (dicts, lists,
strings; camelCase fields; amounts as decimal strings such as ``"60.00"``)::

    import settlement_preview as sp
    outcome = sp.preview(state, {"type": "invoice", "number": "NF-1", "value": "60.00"})
    outcome["settle"]  # "60.00"

Inputs: amounts may be ``str``, ``decimal.Decimal`` (its exact value), ``int`` or ``float``
(read through its shortest decimal form, ``repr``, exactly as the JavaScript package and the
CLI read the same number in JSON text); outputs never hold a float amount.

Malformed input raises :class:`InputError` (``code == "INVALID_INPUT"``, ``path``,
``message``); an operation that breaks a business rule is an outcome with
``accepted: False``. :func:`reconcile_batch` and :mod:`settlement_preview.spark` reconcile
Arrow record batches and Spark DataFrames.
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional

from . import _native
from ._native import (
    InputError,
    Ledger,
    PlanError,
    apply,
    from_vtex,
    from_vtex_change,
    plan_close_out,
    plan_invoice,
    plan_return,
    preview,
    reconcile,
    simulate,
    to_vtex_request,
    version,
)

__all__ = [
    "InputError",
    "Ledger",
    "PlanError",
    "REPORT_COLUMNS",
    "apply",
    "from_vtex",
    "from_vtex_change",
    "plan_close_out",
    "plan_invoice",
    "plan_return",
    "preview",
    "read_export",
    "reconcile",
    "reconcile_batch",
    "report_schema",
    "simulate",
    "to_vtex_request",
    "version",
]

__version__: str = version()

#: The report's columns, in order (api.md section 9).
REPORT_COLUMNS: tuple[str, ...] = tuple(_native.REPORT_COLUMNS)


def report_schema() -> "pyarrow.Schema":  # noqa: F821
    """The Arrow schema of :func:`reconcile_batch`'s result.

    ``line`` int64; ``order_id``, ``payment_id``, ``payment_group``, ``currency``, ``error``
    string (nullable); ``status`` string; the twelve amounts ``decimal128(38, 3)`` (nullable,
    null on an ``invalid`` row); ``codes`` ``list<string>``.
    """
    import pyarrow as pa

    return reconcile_batch(
        pa.record_batch({"order": pa.array([], pa.string())})
    ).schema


def reconcile_batch(
    batch: Any,
    options: Optional[Mapping[str, Any]] = None,
    *,
    first_line: int = 1,
) -> "pyarrow.RecordBatch":  # noqa: F821
    """Reconciles every order of an Arrow record batch: one report row per order × payment.

    ``batch`` is any Arrow record batch (``pyarrow.RecordBatch``, or any object with
    ``__arrow_c_array__``; a ``pyarrow.Table`` or reader with ``__arrow_c_stream__`` is read
    whole) with the columns ``order`` and ``transaction`` (optional): VTEX's "Get order"
    document and the gateway's records as JSON text (``string``, ``large_string`` or
    ``string_view``; a null ``transaction`` is no records). An integer ``line`` column, as
    :func:`read_export` writes, numbers the rows (the CLI's line numbers); without it a row's
    line is ``first_line`` plus its index. A non-null ``error`` column cell (as
    :func:`read_export` writes for a line that is not a record) makes the row ``invalid`` with
    that error.

    Returns a ``pyarrow.RecordBatch`` of the report (columns :data:`REPORT_COLUMNS`, schema
    :func:`report_schema`): amounts as ``decimal128(38, 3)``, exact, never float. A row that
    cannot be read (a cell that is not JSON, a damaged order) is an ``invalid`` row with its
    ``error``, never an exception; only malformed ``options`` (:class:`InputError`) or a batch
    without an ``order`` text column raise. The GIL is released while Rust works.

    ``options`` are ``reconcile``'s (``fromVtex``'s: ``connectors``, ``currency``, ``split``,
    ``refundOrder``).
    """
    import pyarrow as pa

    return pa.record_batch(_native.reconcile_batch(batch, options, first_line=first_line))


def read_export(path: "str | os.PathLike[str]", batch_size: int = 10_000) -> "pyarrow.RecordBatchReader":  # noqa: F821
    """Reads the CLI's export (JSON Lines of ``{"order": …, "transaction": …}``; gzip when the
    name ends in ``.gz``) as Arrow record batches of ``batch_size`` records.

    Columns: ``line`` (int64, the 1-based line of the file, the number the CLI's report
    gives; blank lines count and are skipped, as the CLI does), ``order`` and ``transaction``
    (their JSON text as written, ``string``), ``error`` (null, or why the line is not such a
    record, in the CLI's words: :func:`reconcile_batch` makes it the ``invalid`` row the CLI
    writes). A line over 64 MiB (the CLI's limit) is such a row too, read and discarded in
    pieces, never held whole. A truncated ``.gz`` ends with one such row, as in the CLI. The
    same file thus feeds the CLI
    (``settlement-preview reconcile FILE``), :func:`reconcile_batch` and Spark
    (``read_export(path).read_all()`` → ``spark.createDataFrame``).
    """
    import pyarrow as pa

    reader = _native.read_export(str(path), batch_size)
    schema = pa.schema(reader)
    return pa.RecordBatchReader.from_batches(
        schema, (pa.record_batch(b) for b in reader)
    )

