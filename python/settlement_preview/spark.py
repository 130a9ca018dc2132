"""Reconciliation on Apache Spark: :func:`reconcile` runs :func:`settlement_preview.reconcile_batch`
on every Arrow batch of a DataFrame through ``DataFrame.mapInArrow``, with a fixed schema.

::

    from settlement_preview import spark as sps
    report = sps.reconcile(orders_df)          # columns order, transaction (JSON text), line?
    report.groupBy("status").count()           # summaries are ordinary Spark

Each executor needs the wheel installed (``pip install settlement-preview`` on the cluster's
Python, or a packed virtual environment shipped with ``spark.archives``; see the README's
"Python" section). The package's only own dependency is pyarrow, which PySpark's Arrow
functions need anyway (with pandas, PySpark's own requirement for ``mapInArrow``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["read_export", "reconcile", "report_schema"]


def report_schema() -> "StructType":
    """The report's Spark schema: api.md section 9's columns, amounts ``DecimalType(38, 3)``
    (exact; scale 3 holds every currency's minor units), ``codes`` ``array<string>``."""
    from pyspark.sql.types import (
        ArrayType,
        DecimalType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    from . import REPORT_COLUMNS

    def field(name: str) -> StructField:
        if name == "line":
            return StructField(name, LongType(), False)
        if name == "status":
            return StructField(name, StringType(), False)
        if name == "codes":
            return StructField(name, ArrayType(StringType(), False), False)
        if name in ("order_id", "payment_id", "payment_group", "currency", "error"):
            return StructField(name, StringType(), True)
        return StructField(name, DecimalType(38, 3), True)

    return StructType([field(name) for name in REPORT_COLUMNS])


def reconcile(df: "DataFrame", options: Optional[Mapping[str, Any]] = None) -> "DataFrame":
    """The report DataFrame of ``df`` (columns ``order`` and ``transaction``, JSON text, and
    optionally an integer ``line``, as :func:`read_export` gives): one row per order ×
    payment, schema :func:`report_schema`.

    Rows are numbered by ``df``'s ``line`` column (the CLI's line numbers for a DataFrame read
    from an export); without one, by their index within each Arrow batch, which Spark cuts
    anywhere: give a ``line`` (or keep ``order_id``) to identify rows. A damaged order is one
    ``invalid`` row; the job goes on. ``options`` are ``reconcile``'s (``connectors``,
    ``currency``, …): a JSON-like dict, sent to the executors with the function.
    """
    opts = dict(options) if options is not None else None
    # Malformed options fail here, on the driver, not in every task.
    from . import reconcile_batch

    import pyarrow as pa

    reconcile_batch(pa.record_batch({"order": pa.array([], pa.string())}), opts)

    def run(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        from settlement_preview import reconcile_batch as on_batch

        for batch in batches:
            if batch.num_rows:
                yield on_batch(batch, opts)

    # Only the columns read cross to the Python workers (a lake table has many more).
    wanted = [c for c in ("line", "order", "transaction", "error") if c in df.columns]
    return df.select(*wanted).mapInArrow(run, report_schema())


def read_export(spark: "SparkSession", path: str, batch_size: int = 10_000) -> "DataFrame":
    """The CLI's export file (JSON Lines, ``.gz`` too) as a DataFrame of ``line``, ``order``,
    ``transaction``, read on the driver with :func:`settlement_preview.read_export`.

    For files that fit the driver (tests, a day's export); a data lake's tables with the same
    columns go to :func:`reconcile` directly.
    """
    from . import read_export as read

    table = read(path, batch_size).read_all()
    return spark.createDataFrame(table)
