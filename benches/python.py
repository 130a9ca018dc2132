"""The Python and Spark benchmark (issue 17, "Performance"); `make bench-python` runs it with
the venv of `make test-python` and writes its Markdown section to target/bench-python.md.

On the export of benches/reconcile.sh (`generate --orders 100000 --seed 16 --rate 0.05
--connectors examples/connectors-three-modes.json`, generated here if missing), with the
release binary and the wheel:
 1. the CLI on one core (`reconcile --jobs 1`, report to /dev/null) against Python on one core:
    `read_export` (the file → Arrow batches of 10 000) then `reconcile_batch` on each batch,
    timed apart; the best of ROUNDS runs each;
 2. Spark `local[2]`: the same export as Parquet (`line`, `order`, `transaction`, what a data
    lake holds), `settlement_preview.spark.reconcile` written to Parquet, against the CLI with
    `--jobs 2`; and the same Spark job with a `mapInArrow` that only passes the batch's row
    count on, which is what Spark spends without the reconciliation.
Timings are not tests: the machine is shared, so the load is written beside them.

    python benches/python.py [--orders N] [--rounds R] [--no-spark]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "target" / "release" / "settlement-preview"
CONN = ROOT / "examples" / "connectors-three-modes.json"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def export_of(n: int) -> Path:
    folder = Path(os.environ.get("RECONCILE_DIR", ROOT / "target" / "bench-reconcile"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"export-{n}.jsonl"
    if not path.exists() or path.stat().st_size == 0:
        part = path.with_suffix(".part")
        subprocess.run([str(BIN), "generate", "--orders", str(n), "--seed", "16", "--rate", "0.05",
                        "--connectors", str(CONN), "--output", str(part)], check=True)
        part.rename(path)
    return path


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cli(path: Path, jobs: int) -> tuple[float, float]:
    """(wall, CPU) seconds of one `reconcile` run, report to /dev/null."""
    t0, c0 = time.perf_counter(), children_cpu()
    done = subprocess.run([str(BIN), "reconcile", str(path), "--jobs", str(jobs), "--connectors", str(CONN),
                           "--quiet", "--no-summary"], stdout=subprocess.DEVNULL)
    assert done.returncode in (0, 1), done.returncode
    return time.perf_counter() - t0, children_cpu() - c0


def python_one_core(path: Path, options: dict) -> dict:
    """Wall and CPU seconds of `read_export` and of `reconcile_batch`, apart."""
    import settlement_preview as sp

    t = {"read": 0.0, "read_cpu": 0.0, "work": 0.0, "work_cpu": 0.0, "rows": 0}
    reader = iter(sp.read_export(path, batch_size=10_000))
    while True:
        t0, c0 = time.perf_counter(), time.process_time()
        batch = next(reader, None)
        t1, c1 = time.perf_counter(), time.process_time()
        t["read"] += t1 - t0
        t["read_cpu"] += c1 - c0
        if batch is None:
            break
        t["rows"] += sp.reconcile_batch(batch, options).num_rows
        t["work"] += time.perf_counter() - t1
        t["work_cpu"] += time.process_time() - c1
    return t


def spark_runs(path: Path, options: dict, rounds: int) -> dict:
    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    import settlement_preview as sp
    from settlement_preview import spark as sps

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="bench-python-"))
    parquet = tmp / "export.parquet"
    writer = None
    for batch in sp.read_export(path, batch_size=10_000):
        batch = batch.drop_columns(["error"])
        if writer is None:
            writer = pq.ParquetWriter(parquet, batch.schema)
        writer.write_batch(batch)
    assert writer is not None
    writer.close()
    t0 = time.perf_counter()
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t0
    df = spark.read.parquet(str(parquet))
    partitions = df.rdd.getNumPartitions()

    def count_only(batches):
        import pyarrow as pa

        for b in batches:
            yield pa.record_batch({"n": pa.array([b.num_rows], pa.int64())})

    def timed(make) -> float:
        best = float("inf")
        for _ in range(rounds):
            t0 = time.perf_counter()
            make().write.mode("overwrite").parquet(str(tmp / "out"))
            best = min(best, time.perf_counter() - t0)
        return best

    reconcile = timed(lambda: sps.reconcile(df, options))
    passthrough = timed(lambda: df.mapInArrow(count_only, "n long"))
    scan = timed(lambda: df.selectExpr("line", "length(order) as n"))
    spark.stop()
    return {"start": start, "reconcile": reconcile, "passthrough": passthrough, "scan": scan,
            "partitions": partitions, "parquet_mb": parquet.stat().st_size / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=int(os.environ.get("RECONCILE_ORDERS", 100_000)))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()
    import settlement_preview as sp

    path = export_of(args.orders)
    options = {"connectors": json.loads(CONN.read_text())}
    size_mb = path.stat().st_size / 1e6
    loads = [load()]
    cli1, cli1_cpu = min(cli(path, 1) for _ in range(args.rounds))
    py = min((python_one_core(path, options) for _ in range(args.rounds)), key=lambda r: r["read"] + r["work"])
    cli2, cli2_cpu = min(cli(path, 2) for _ in range(args.rounds))
    loads.append(load())
    sparks = None if args.no_spark else spark_runs(path, options, args.rounds)
    loads.append(load())
    n = args.orders

    def line(name: str, wall: float, cpu: float | None) -> str:
        cpu_text = f"{cpu:.2f} s" if cpu is not None else "–"
        ratio = f"{cpu / cli1_cpu:.2f}×" if cpu is not None else "–"
        return f"| {name} | {wall:.2f} s | {cpu_text} | {cpu / n * 1e6 if cpu else wall / n * 1e6:.0f} µs | {ratio} |"

    lines = [
        "## Python and Spark",
        "",
        f"`make bench-python` (benches/python.py): {n:,} generated orders "
        f"({size_mb:,.0f} MB of JSON Lines, seed 16, 5 % discrepancies, the three modes), "
        f"settlement_preview {sp.version()}, best of {args.rounds}; load {' → '.join(loads)} "
        "(a shared 2-core machine: wall times move with the load, CPU times much less; compare "
        "within a run).",
        "",
        "| run | wall | CPU | per order | CPU vs the CLI on one core |",
        "|---|---:|---:|---:|---:|",
        line("CLI `reconcile --jobs 1` (read + parse + reconcile + JSON Lines)", cli1, cli1_cpu),
        line("Python: `reconcile_batch` on batches of 10 000 (parse + reconcile + Arrow)", py["work"], py["work_cpu"]),
        line("Python: `read_export` (file → Arrow batches)", py["read"], py["read_cpu"]),
        line("Python: both", py["read"] + py["work"], py["read_cpu"] + py["work_cpu"]),
        line("CLI `reconcile --jobs 2`", cli2, cli2_cpu),
    ]
    rows = py["rows"]
    if sparks:
        s = sparks
        lines += [
            line("Spark `local[2]`: Parquet → `spark.reconcile` → Parquet", s["reconcile"], None),
            line("Spark `local[2]`: the same with a `mapInArrow` that only counts rows", s["passthrough"], None),
            line("Spark `local[2]`: the Parquet scan alone (no Python)", s["scan"], None),
        ]
    lines += ["", f"{rows:,} report rows. Spark's rows: wall time only (its CPU is spread over the JVM and "
              "the Python workers)."]
    if sparks:
        # The pass-through run less the scan: below a tenth of a second either way it is the
        # runs' noise (a run that counts rows can finish before the bare scan), not a cost.
        extra = s['passthrough'] - s['scan']
        handing = f"{extra:.1f} s" if extra >= 0.1 else "nothing measurable (within the runs' noise)"
        lines += [
            f"Spark read {s['parquet_mb']:,.0f} MB of Parquet in {s['partitions']} partitions; its session "
            f"started in {s['start']:.1f} s (not counted above).",
            "",
            f"Where Spark's {s['reconcile']:.1f} s go, against the CLI's {cli2:.1f} s with 2 jobs: scanning "
            f"the Parquet file (decompressing 1.5 GB of JSON text into the JVM) takes {s['scan']:.1f} s by "
            f"itself; handing every Arrow batch to a Python worker adds {handing}; "
            f"the reconciliation then adds {s['reconcile'] - s['passthrough']:.1f} s, for work that costs "
            f"{py['work_cpu']:.1f} s of CPU on one core (the `reconcile_batch` row), split over 2 Python "
            "workers that share the 2 cores with the JVM's scan and, here, with the machine's load. The CLI "
            "reads the text straight from the file with no JVM, no columnar copy and no second process. On "
            "a cluster each executor core runs a worker: the reconciliation grows with the cores, the "
            "session's start and the scan's fixed costs do not.",
        ]
    out = "\n".join(lines) + "\n"
    target = ROOT / "target" / "bench-python.md"
    target.write_text(out)
    print(out)


if __name__ == "__main__":
    main()
