"""reconcile_batch and read_export at the Arrow level: the report's schema (decimal128, never
float), line numbers, every string layout, tables and streams, and unreadable rows as
`invalid` rows, never exceptions."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal

import pyarrow as pa
import pytest

import settlement_preview as sp
from conftest import ROOT, load

DECIMAL = pa.decimal128(38, 3)


def test_the_report_schema_is_fixed_and_exact():
    schema = sp.report_schema()
    assert tuple(schema.names) == sp.REPORT_COLUMNS
    assert len(sp.REPORT_COLUMNS) == 20
    for name in sp.REPORT_COLUMNS:
        t = schema.field(name).type
        if name == "line":
            assert t == pa.int64()
        elif name == "codes":
            assert t == pa.list_(pa.field("item", pa.string(), nullable=False))
        elif name in ("order_id", "payment_id", "payment_group", "currency", "status", "error"):
            assert t == pa.string()
        else:
            assert t == DECIMAL, name
    assert not any(pa.types.is_floating(f.type) for f in schema)


def test_an_unreadable_row_is_an_invalid_row_and_the_batch_goes_on():
    batch = pa.record_batch(
        {"order": ['{"orderId": "truncat', None, "[1, 2]"], "transaction": [None, None, "{bad"]}
    )
    report = sp.reconcile_batch(batch).to_pylist()
    first, second = report[0], report[1]
    assert first["line"] == 1 and first["status"] == "invalid"
    assert first["error"].startswith("order: not JSON: EOF while parsing")
    assert first["payment_id"] is None and first["expected_settled"] is None and first["codes"] == []
    assert second["line"] == 2 and second["error"] == "order: missing: the cell is null"
    assert report[2]["line"] == 3 and report[2]["status"] == "invalid"
    assert report[2]["error"].startswith("transaction: not JSON")


def test_lines_come_from_the_line_column_else_first_line_plus_the_index():
    bad = ["not json", "nor this"]
    assert [r["line"] for r in sp.reconcile_batch(pa.record_batch({"order": bad})).to_pylist()] == [1, 2]
    assert [r["line"] for r in sp.reconcile_batch(pa.record_batch({"order": bad}), first_line=101).to_pylist()] == [101, 102]
    with_lines = pa.record_batch({"line": pa.array([7, 9], pa.int32()), "order": bad})
    assert [r["line"] for r in sp.reconcile_batch(with_lines).to_pylist()] == [7, 9]
    with pytest.raises(TypeError, match="column `line`: expected an integer column"):
        sp.reconcile_batch(pa.record_batch({"line": ["1", "2"], "order": bad}))


@pytest.mark.parametrize("layout", [pa.string(), pa.large_string(), pa.string_view()])
def test_every_string_layout_and_tables_and_streams(layout):
    orders = pa.array(["x", None, "y"], layout)
    batch = pa.record_batch({"order": orders, "transaction": pa.array([None, None, None], layout)})
    report = sp.reconcile_batch(batch)
    assert report.schema == sp.report_schema()
    assert report.column("line").to_pylist() == [1, 2, 3]
    # A table (a stream of batches) is read whole; lines go on across its batches.
    table = pa.Table.from_batches([batch, batch])
    assert sp.reconcile_batch(table).column("line").to_pylist() == [1, 2, 3, 4, 5, 6]


def test_structural_problems_raise():
    with pytest.raises(ValueError, match="no `order` column"):
        sp.reconcile_batch(pa.record_batch({"orders": ["x"]}))
    with pytest.raises(TypeError, match="column `order`: expected JSON text"):
        sp.reconcile_batch(pa.record_batch({"order": [1, 2]}))
    with pytest.raises(TypeError, match="__arrow_c_array__"):
        sp.reconcile_batch([{"order": "{}"}])
    with pytest.raises(sp.InputError) as e:
        sp.reconcile_batch(pa.record_batch({"order": ["x"]}), {"split": {"lowestValueFirst"}})
    assert e.value.path == "options.split"


def test_read_export_keeps_the_text_and_the_file_lines(tmp_path):
    orders = [{"orderId": f"o{i}", "value": i} for i in range(5)]
    lines = [json.dumps({"order": o, "transaction": {"id": o["orderId"]}, "extra": 1}) for o in orders]
    lines.insert(2, "")  # a blank line: skipped, but it counts as a line of the file
    lines.insert(4, '{"order": {"orderId": "cut"')  # damaged
    text = "\n".join(lines) + "\n"
    for name, write in (("export.jsonl", lambda p: p.write_text(text)),
                        ("export.jsonl.gz", lambda p: p.write_bytes(gzip.compress(text.encode())))):
        path = tmp_path / name
        write(path)
        reader = sp.read_export(path, batch_size=2)
        batches = list(reader)
        assert [b.num_rows for b in batches] == [2, 2, 2]
        table = pa.Table.from_batches(batches)
        assert table.column("line").to_pylist() == [1, 2, 4, 5, 6, 7]
        assert json.loads(table.column("order")[0].as_py()) == orders[0]
        assert json.loads(table.column("transaction")[4].as_py()) == {"id": "o3"}
        assert table.column("order")[3].as_py() is None
        assert table.column("error")[3].as_py() == (
            "line: malformed JSON at column 27: EOF while parsing an object"
        )
        report = sp.reconcile_batch(table)
        damaged = [r for r in report.to_pylist() if r["line"] == 5]
        assert len(damaged) == 1 and damaged[0]["status"] == "invalid"
        assert damaged[0]["error"] == table.column("error")[3].as_py()
    with pytest.raises(OSError):
        sp.read_export(tmp_path / "missing.jsonl")


def test_read_export_reads_a_line_over_64_mib_as_an_invalid_row_and_goes_on(tmp_path):
    # The CLI's limit (MAX_EXPORT_LINE, 64 MiB): one byte over it is an `invalid` row with the
    # CLI's words, read and discarded in pieces; the lines around it are read as usual.
    limit = 64 * 1024 * 1024
    path = tmp_path / "long.jsonl"
    with path.open("wb") as f:
        f.write(b'{"order": {"orderId": "before"}}\n')
        head = b'{"order": {"orderId": "long", "pad": "'
        tail = b'"}}'
        f.write(head)
        f.write(b"x" * (limit + 1 - len(head) - len(tail)))
        f.write(tail + b"\r\n")
        # Exactly at the limit: still read (here it is JSON, so only its order is invalid).
        f.write(b'{"order": "' + b"y" * (limit - 13) + b'"}\n')
        f.write(b'{"order": {"orderId": "after"}}\n')
    table = sp.read_export(path, batch_size=3).read_all()
    assert table.column("line").to_pylist() == [1, 2, 3, 4]
    assert table.column("error").to_pylist() == [
        None,
        f"line: a line of {limit + 2} bytes, longer than the limit of {limit} bytes: not read",
        None,
        None,
    ]
    assert table.column("order")[1].as_py() is None
    assert len(table.column("order")[2].as_py()) == limit - 11
    assert json.loads(table.column("order")[3].as_py()) == {"orderId": "after"}
