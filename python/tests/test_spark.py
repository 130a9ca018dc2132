"""Spark in local mode (local[2]): on the generated export with injected discrepancies and
damaged lines, settlement_preview.spark.reconcile gives the CLI's report row for row, exactly
(decimals compared as decimals), whatever the Arrow batch size and with large strings on; a
damaged order is one `invalid` row and the job succeeds."""

from __future__ import annotations

import os
import sys

import pytest

from cli_lib import cli_report, rows

pyspark = pytest.importorskip("pyspark", reason="make test-python installs pyspark")
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import DecimalType  # noqa: E402

from settlement_preview import spark as sps  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("settlement-preview-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.parametrize("batch, large", [(1, False), (7, False), (10_000, False), (7, True)])
def test_the_spark_report_is_the_clis_row_for_row(spark, export, batch, large):
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch))
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", str(large).lower())
    df = sps.read_export(spark, str(export["path"])).repartition(2)
    report = sps.reconcile(df)
    assert report.schema == sps.report_schema()
    assert isinstance(report.schema["settled_drift"].dataType, DecimalType)
    got = sorted(rows(report.collect()), key=lambda r: r[0])
    expected = cli_report(export["path"])
    # Rows of one line stay together and in order (one batch); lines are sorted here since
    # repartition spreads them.
    assert got == sorted(expected, key=lambda r: r[0])
    damaged = [r for r in got if r[0] in export["damaged"]]
    assert len(damaged) == len(export["damaged"]) and {r[5] for r in damaged} == {"invalid"}


def test_summaries_are_ordinary_spark(spark, export):
    report = sps.reconcile(sps.read_export(spark, str(export["path"])))
    counts = {r["status"]: r["count"] for r in report.groupBy("status").count().collect()}
    expected = cli_report(export["path"])
    assert counts == {s: sum(1 for r in expected if r[5] == s) for s in {r[5] for r in expected}}
    drift = report.agg({"settled_drift": "sum"}).collect()[0][0]
    assert drift == sum((r[8] for r in expected if r[8] is not None), start=type(drift)(0))


def test_the_readme_spark_example(spark, export, tmp_path, monkeypatch, capsys):
    import shutil

    from conftest import readme_python_blocks, runs_as_written

    shutil.copy(export["path"], tmp_path / "export.jsonl")
    monkeypatch.chdir(tmp_path)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "10000")
    runs_as_written(readme_python_blocks()[2], capsys)
