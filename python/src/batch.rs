//! The Arrow side (issue 17): `reconcile_batch` and the reader of the CLI's export.
//!
//! Record batches cross through the Arrow PyCapsule interface (`__arrow_c_array__`,
//! `__arrow_c_stream__`), so any Arrow library of any version (pyarrow, Spark's batches,
//! polars, arro3…) can hand them over and take them back without copies at the boundary and
//! without pinning a pyarrow version.
//!
//! ## The report batch (api.md section 9's columns, in `REPORT_COLUMNS` order)
//! - `line`: `int64`, not null. The input's own `line` column when it has one (an integer
//!   column, as `read_export` writes: the 1-based line of the export file, the number the CLI
//!   writes), else `first_line` + the row's index in the batch (`first_line` defaults to 1).
//!   So a table read from an export gives the CLI's line numbers in Python and on Spark, where
//!   rows are split into batches anywhere.
//! - `order_id`, `payment_id`, `payment_group`, `currency`, `error`: `string`, nullable.
//! - `status`: `string`, not null.
//! - the twelve amounts: `decimal128(38, 3)`, nullable (null on an `invalid` row). Scale 3 is
//!   the most minor-unit digits any currency has (KWD), so every amount of every currency is
//!   held exactly (BRL 64.23 is 64.230; the `currency` column says how many digits are
//!   significant); precision 38 holds every `rust_decimal` of scale ≤ 3 (29 digits) and is
//!   Spark's widest `DecimalType(38, 3)`, so sums in `groupBy` do not change type. Never a float.
//! - `codes`: `list<string>` (not null; empty when none): the payment's finding codes, then the
//!   order's own.
//!
//! A row that cannot be read (a cell that is not JSON, a null order) is an `invalid` row with
//! its `error`; only a batch without an `order` column, or of the wrong types, raises.

use crate::input_error;
use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::types::{Int32Type, Int64Type, UInt32Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, Decimal128Array, Int64Array, LargeStringArray, ListArray, StringArray,
    StringViewArray, StructArray,
};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Fields};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use rust_decimal::Decimal;
use serde_json::Value;
use settlement_preview::doc::Json;
use settlement_preview::reconcile::{self, ErrorInfo, Figures, ReconcileOptions, ReportRow};
use settlement_preview::schema::InputError;
use std::io::BufRead;
use std::sync::Arc;

/// The decimal columns' scale: the most minor-unit digits of any currency (KWD, BHD, …: 3).
pub const SCALE: u32 = 3;
/// The decimal columns' precision: Arrow's and Spark's widest for `decimal128`.
pub const PRECISION: u8 = 38;

// ----- Capsules in and out ----------------------------------------------------------------------

/// A record batch (a struct array) held by Rust, handed to any Arrow library through
/// `__arrow_c_array__` (pyarrow: `pyarrow.record_batch(obj)`).
#[pyclass(frozen, module = "settlement_preview")]
pub struct ArrowBatch {
    array: StructArray,
}

#[pymethods]
impl ArrowBatch {
    /// The Arrow PyCapsule interface: `(schema capsule, array capsule)`.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema; // the schema is fixed; a consumer casts if it wants another
        let (array, schema) = to_ffi(&self.array.to_data())
            .map_err(|e| PyValueError::new_err(format!("could not export the batch: {e}")))?;
        let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    /// The batch's schema through the PyCapsule interface.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.array.data_type())
            .map_err(|e| PyValueError::new_err(format!("could not export the schema: {e}")))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    fn __len__(&self) -> usize {
        self.array.len()
    }
}

/// The struct arrays (record batches) of an object with `__arrow_c_array__` (one batch) or
/// `__arrow_c_stream__` (a table, a reader: every batch).
fn import(obj: &Bound<'_, PyAny>) -> PyResult<Vec<StructArray>> {
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair.extract()?;
        let schema_ptr = schema.pointer_checked(Some(c"arrow_schema"))?;
        let array_ptr = array.pointer_checked(Some(c"arrow_array"))?;
        // SAFETY: the capsules are named as the PyCapsule interface names them, so they hold
        // an ArrowSchema and an ArrowArray; `from_raw` moves the array out (the capsule's
        // release becomes a no-op), the schema is only borrowed while the capsule lives.
        let data = unsafe {
            let array = FFI_ArrowArray::from_raw(array_ptr.cast::<FFI_ArrowArray>().as_ptr());
            from_ffi(array, schema_ptr.cast::<FFI_ArrowSchema>().as_ref())
        }
        .map_err(|e| PyValueError::new_err(format!("could not import the batch: {e}")))?;
        return match data.data_type() {
            DataType::Struct(_) => Ok(vec![StructArray::from(data)]),
            other => Err(PyTypeError::new_err(format!(
                "expected a record batch (a struct array), got {other}"
            ))),
        };
    }
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
        // SAFETY: a capsule named `arrow_array_stream` holds an ArrowArrayStream; `from_raw`
        // moves it out.
        let reader = unsafe {
            RecordBatchStreamReader::from_raw(ptr.cast::<FFI_ArrowArrayStream>().as_ptr())
        }
        .map_err(|e| PyValueError::new_err(format!("could not import the stream: {e}")))?;
        return reader
            .map(|batch| {
                batch
                    .map(StructArray::from)
                    .map_err(|e| PyValueError::new_err(format!("could not read the stream: {e}")))
            })
            .collect();
    }
    Err(PyTypeError::new_err(
        "expected an Arrow record batch or table (an object with __arrow_c_array__ or \
         __arrow_c_stream__, such as pyarrow.RecordBatch or pyarrow.Table)",
    ))
}

// ----- Input columns ----------------------------------------------------------------------------

/// A text column of any of Arrow's three string layouts.
enum Texts<'a> {
    Small(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    /// A column of type `null` (every cell null), as Arrow infers for a column of `None`s.
    Null,
}

impl<'a> Texts<'a> {
    fn of(batch: &'a StructArray, name: &str) -> PyResult<Option<Self>> {
        let Some(column) = batch.column_by_name(name) else {
            return Ok(None);
        };
        if let Some(a) = column.as_string_opt::<i32>() {
            return Ok(Some(Texts::Small(a)));
        }
        if let Some(a) = column.as_string_opt::<i64>() {
            return Ok(Some(Texts::Large(a)));
        }
        if let Some(a) = column.as_string_view_opt() {
            return Ok(Some(Texts::View(a)));
        }
        if column.data_type() == &DataType::Null {
            return Ok(Some(Texts::Null));
        }
        Err(PyTypeError::new_err(format!(
            "column `{name}`: expected JSON text (string, large_string, string_view or null), got {}",
            column.data_type()
        )))
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Texts::Small(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::View(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Null => None,
        }
    }
}

/// The optional `line` column: its value at `i`, when it has one.
fn line_at(column: Option<&ArrayRef>, i: usize) -> Option<u64> {
    let column = column?;
    if column.is_null(i) {
        return None;
    }
    if let Some(a) = column.as_primitive_opt::<Int64Type>() {
        return u64::try_from(a.value(i)).ok();
    }
    if let Some(a) = column.as_primitive_opt::<Int32Type>() {
        return u64::try_from(a.value(i)).ok();
    }
    if let Some(a) = column.as_primitive_opt::<UInt64Type>() {
        return Some(a.value(i));
    }
    column
        .as_primitive_opt::<UInt32Type>()
        .map(|a| u64::from(a.value(i)))
}

fn check_line_column(batch: &StructArray) -> PyResult<Option<&ArrayRef>> {
    let Some(column) = batch.column_by_name("line") else {
        return Ok(None);
    };
    match column.data_type() {
        DataType::Int64 | DataType::Int32 | DataType::UInt64 | DataType::UInt32 => Ok(Some(column)),
        other => Err(PyTypeError::new_err(format!(
            "column `line`: expected an integer column, got {other}"
        ))),
    }
}

/// One input row's cell as a JSON document borrowed from the cell's text (the core's
/// `doc::Json`, read by serde_json's parser: no `Value` built per record, issue 20); `Err` is
/// why it cannot be read.
fn document<'t>(text: Option<&'t str>, root: &str) -> Result<Json<'t>, ErrorInfo> {
    let text =
        text.ok_or_else(|| ErrorInfo::from(InputError::new(root, "missing: the cell is null")))?;
    Json::from_str(text)
        .map_err(|e| ErrorInfo::from(InputError::new(root, format!("not JSON: {e}"))))
}

/// The report rows of one record batch.
fn rows_of(
    batch: &StructArray,
    options: &ReconcileOptions,
    first_line: u64,
    out: &mut Vec<ReportRow>,
) -> PyResult<()> {
    let orders = Texts::of(batch, "order")?
        .ok_or_else(|| PyValueError::new_err("the batch has no `order` column"))?;
    let transactions = Texts::of(batch, "transaction")?;
    let errors = Texts::of(batch, "error")?;
    let lines = check_line_column(batch)?;
    for i in 0..batch.len() {
        let line = line_at(lines, i)
            .unwrap_or_else(|| first_line.saturating_add(u64::try_from(i).unwrap_or(u64::MAX)));
        // A record the reader could not read (see `read_record`): its row says why.
        if let Some(error) = errors.as_ref().and_then(|e| e.get(i)) {
            out.push(ReportRow::unread(line, error.to_owned()));
            continue;
        }
        let order = match document(orders.get(i), "order") {
            Ok(order) => order,
            Err(e) => {
                out.push(ReportRow::invalid(line, &e));
                continue;
            }
        };
        // A null transaction cell is "no gateway records" (as `null` is for `reconcile`).
        let transaction = match transactions.as_ref().and_then(|t| t.get(i)) {
            None => None,
            Some(text) => match document(Some(text), "transaction") {
                Ok(t) => Some(t),
                Err(e) => {
                    out.push(ReportRow::invalid(line, &e));
                    continue;
                }
            },
        };
        let transaction = transaction.filter(|t| !t.is_null());
        let result = reconcile::reconcile_doc(&order, transaction.as_ref(), options);
        out.extend(result.rows(line));
    }
    Ok(())
}

// ----- Output columns ---------------------------------------------------------------------------

/// A `string` column being written (offsets checked: a column over 2 GiB is an error, not a
/// panic).
#[derive(Default)]
struct Strings {
    values: Vec<u8>,
    offsets: Vec<i32>,
    valid: Vec<bool>,
}

impl Strings {
    fn push(&mut self, s: Option<&str>) -> PyResult<()> {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        if let Some(s) = s {
            self.values.extend_from_slice(s.as_bytes());
        }
        let end = i32::try_from(self.values.len()).map_err(|_| too_large())?;
        self.offsets.push(end);
        self.valid.push(s.is_some());
        Ok(())
    }

    fn finish(mut self) -> PyResult<StringArray> {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let nulls = NullBuffer::from(self.valid);
        let nulls = (nulls.null_count() > 0).then_some(nulls);
        StringArray::try_new(
            OffsetBuffer::new(ScalarBuffer::from(self.offsets)),
            Buffer::from_vec(self.values),
            nulls,
        )
        .map_err(|e| PyValueError::new_err(format!("could not build a column: {e}")))
    }
}

fn too_large() -> PyErr {
    PyValueError::new_err("the report batch is over 2 GiB of text: pass smaller batches")
}

/// An amount as a `decimal128(38, 3)` value: exact, or `None` if it had non-zero digits past
/// the third decimal (no currency has them; the row then says so).
fn at_scale(d: Decimal) -> Option<i128> {
    let scale = d.scale();
    let m = d.mantissa();
    if scale <= SCALE {
        m.checked_mul(10i128.checked_pow(SCALE.checked_sub(scale)?)?)
    } else {
        let div = 10i128.checked_pow(scale.checked_sub(SCALE)?)?;
        (m.checked_rem(div)? == 0)
            .then(|| m.checked_div(div))
            .flatten()
    }
}

/// The twelve amounts of a row, in the column order (expected, recorded, drift per figure).
fn amounts(figures: &(Figures, Figures, Figures)) -> [Decimal; 12] {
    let (e, r, d) = figures;
    [
        e.settled,
        r.settled,
        d.settled,
        e.cancelled,
        r.cancelled,
        d.cancelled,
        e.refunded,
        r.refunded,
        d.refunded,
        e.open,
        r.open,
        d.open,
    ]
}

/// The report's Arrow fields, in `REPORT_COLUMNS` order.
fn report_fields() -> Fields {
    let names = reconcile::REPORT_COLUMNS;
    let decimal = DataType::Decimal128(PRECISION, SCALE as i8);
    let item = Arc::new(Field::new("item", DataType::Utf8, false));
    names
        .iter()
        .map(|&name| match name {
            "line" => Field::new(name, DataType::Int64, false),
            "status" => Field::new(name, DataType::Utf8, false),
            "codes" => Field::new(name, DataType::List(item.clone()), false),
            "order_id" | "payment_id" | "payment_group" | "currency" | "error" => {
                Field::new(name, DataType::Utf8, true)
            }
            _ => Field::new(name, decimal.clone(), true),
        })
        .collect()
}

/// Rows whose amounts all fit the decimal columns (see [`at_scale`]); a row with one that does
/// not becomes an `invalid` row that says so.
fn fitted(row: ReportRow) -> ReportRow {
    let fits = row
        .figures
        .as_ref()
        .is_none_or(|f| amounts(f).into_iter().all(|d| at_scale(d).is_some()));
    if fits {
        return row;
    }
    let mut invalid = ReportRow::invalid(
        row.line,
        &ErrorInfo::from(InputError::new(
            "row",
            "an amount with more than 3 decimals does not fit decimal128(38, 3)",
        )),
    );
    invalid.order_id = row.order_id;
    invalid.currency = row.currency;
    invalid
}

/// The report rows as one Arrow struct array (a record batch).
fn report_batch(rows: Vec<ReportRow>) -> PyResult<StructArray> {
    let rows: Vec<ReportRow> = rows.into_iter().map(fitted).collect();
    let mut lines = Vec::with_capacity(rows.len());
    let mut text: [Strings; 6] = Default::default(); // order_id payment_id group currency status error
    let mut decimals: [(Vec<i128>, Vec<bool>); 12] = Default::default();
    let mut codes = Strings::default();
    let mut code_offsets: Vec<i32> = vec![0];
    for row in &rows {
        lines.push(i64::try_from(row.line).unwrap_or(i64::MAX));
        let [order_id, payment_id, group, currency, status, error] = &mut text;
        order_id.push(row.order_id.as_deref())?;
        payment_id.push(row.payment_id.as_deref())?;
        group.push(row.payment_group)?;
        currency.push(row.currency.map(|c| c.code()))?;
        status.push(Some(row.status.name()))?;
        error.push(row.error.as_deref())?;
        let values = row.figures.as_ref().map(amounts);
        for (k, (column, valid)) in decimals.iter_mut().enumerate() {
            let value = values
                .as_ref()
                .and_then(|v| v.get(k).copied())
                .and_then(at_scale);
            column.push(value.unwrap_or(0));
            valid.push(value.is_some());
        }
        for code in &row.codes {
            codes.push(Some(code.name()))?;
        }
        let count = i32::try_from(codes.valid.len()).map_err(|_| too_large())?;
        code_offsets.push(count);
    }
    let fields = report_fields();
    let [order_id, payment_id, group, currency, status, error] = text;
    let string = |s: Strings| -> PyResult<ArrayRef> { Ok(Arc::new(s.finish()?)) };
    let mut decimal_columns = decimals.into_iter().map(|(values, valid)| {
        let nulls = NullBuffer::from(valid);
        let nulls = (nulls.null_count() > 0).then_some(nulls);
        Decimal128Array::try_new(ScalarBuffer::from(values), nulls)
            .and_then(|a| a.with_precision_and_scale(PRECISION, SCALE as i8))
            .map(|a| Arc::new(a) as ArrayRef)
            .map_err(|e| PyValueError::new_err(format!("could not build a column: {e}")))
    });
    let item = Arc::new(Field::new("item", DataType::Utf8, false));
    let codes = ListArray::try_new(
        item,
        OffsetBuffer::new(ScalarBuffer::from(code_offsets)),
        Arc::new(codes.finish()?),
        None,
    )
    .map_err(|e| PyValueError::new_err(format!("could not build the codes: {e}")))?;
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from(lines)),
        string(order_id)?,
        string(payment_id)?,
        string(group)?,
        string(currency)?,
        string(status)?,
    ];
    for _ in 0..12 {
        let column = decimal_columns
            .next()
            .ok_or_else(|| PyValueError::new_err("twelve amounts"))??;
        columns.push(column);
    }
    columns.push(Arc::new(codes));
    columns.push(string(error)?);
    StructArray::try_new(fields, columns, None)
        .map_err(|e| PyValueError::new_err(format!("could not build the report: {e}")))
}

/// `reconcile_batch(batch, options=None, *, first_line=1)`: see the module's doc and the
/// Python docstring (settlement_preview/__init__.py).
#[pyfunction]
#[pyo3(signature = (batch, options=None, *, first_line=1))]
pub fn reconcile_batch(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyAny>>,
    first_line: u64,
) -> PyResult<ArrowBatch> {
    let options =
        crate::convert::optional(options, "options", crate::convert::OURS).map_err(input_error)?;
    let mut options = reconcile::parse_options(options.as_ref()).map_err(input_error)?;
    // Rows carry no explanation: do not write one per order.
    options.explain = false;
    let batches = import(batch)?;
    let array = py.detach(move || -> PyResult<StructArray> {
        let mut rows = Vec::new();
        let mut next = first_line;
        for batch in &batches {
            rows_of(batch, &options, next, &mut rows)?;
            next = next.saturating_add(u64::try_from(batch.len()).unwrap_or(u64::MAX));
        }
        report_batch(rows)
    })?;
    Ok(ArrowBatch { array })
}

// ----- The CLI's export -------------------------------------------------------------------------

/// Reads the CLI's export (api.md section 9: JSON Lines, one `{ "order": …, "transaction": … }`
/// per line, gzip when the name ends in `.gz`) as record batches of `line` (the 1-based line
/// in the file, blank lines counted and skipped, as the CLI does), `order` and `transaction`
/// (their JSON text, as written) and `error` (null, or why the line is not such a record, in
/// the CLI's words, so that its `invalid` row is the CLI's). A line is read as the CLI reads it
/// ([`reconcile::read_export_line`]), up to [`reconcile::MAX_EXPORT_LINE`] bytes: a longer one
/// is an `invalid` row, its bytes read and dropped in pieces.
#[pyclass(module = "settlement_preview")]
pub struct ExportReader {
    input: Option<Box<dyn BufRead + Send + Sync>>,
    line: u64,
    batch_size: usize,
}

/// A document of an export line as its JSON text: borrowed from the line as written, or
/// written from the tree the library had to read the line into (a repeated key).
struct Text<'a>(std::borrow::Cow<'a, str>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&'de serde_json::value::RawValue>::deserialize(d)?;
        Ok(Text(std::borrow::Cow::Borrowed(raw.get())))
    }
}

impl<'a> reconcile::ExportDocument<'a> for Text<'a> {
    fn from_value(value: Value) -> Self {
        Text(std::borrow::Cow::Owned(value.to_string()))
    }

    fn is_null(&self) -> bool {
        self.0 == "null"
    }
}

/// The batch schema of [`ExportReader`].
fn export_fields() -> Fields {
    Fields::from(vec![
        Field::new("line", DataType::Int64, false),
        Field::new("order", DataType::Utf8, true),
        Field::new("transaction", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
    ])
}

/// One line of the export read into its `order` and `transaction` texts, or its `invalid`
/// row's `path: message`, by the library's reader of export lines (the CLI's): the text is
/// borrowed from the line, which is parsed once.
fn read_record(bytes: &[u8]) -> Result<reconcile::ExportLine<Text<'_>>, String> {
    reconcile::read_export_line::<Text<'_>>(bytes).map_err(|e| described(&e))
}

fn described(e: &ErrorInfo) -> String {
    format!("{}: {}", e.path, e.message)
}

/// How one physical line was read.
enum Line {
    /// The end of the input.
    End,
    /// A line, in the buffer (its `\n` and a `\r` before it removed).
    Kept,
    /// A line longer than [`reconcile::MAX_EXPORT_LINE`]: its length, without the line end.
    TooLong(u64),
}

/// Reads the next line into `buf`, holding at most `max` bytes of it plus one: the rest of a
/// longer line is read and discarded in pieces of the reader's buffer, as the CLI does.
fn next_line(input: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Line> {
    use std::io::Read;
    buf.clear();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let n = Read::take(&mut *input, limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(Line::End);
    }
    if buf.last() == Some(&b'\n') || n < max.saturating_add(1) {
        for end in [b'\n', b'\r'] {
            if buf.last() == Some(&end) {
                buf.pop();
            }
        }
        return Ok(Line::Kept);
    }
    // Over the limit and no line end yet: count the rest up to the line end, unkept.
    let mut length = u64::try_from(n).unwrap_or(u64::MAX);
    buf.clear();
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(Line::TooLong(length));
        }
        let (used, end) = match available.iter().position(|b| *b == b'\n') {
            Some(at) => (at, true),
            None => (available.len(), false),
        };
        length = length.saturating_add(u64::try_from(used).unwrap_or(u64::MAX));
        input.consume(used.saturating_add(usize::from(end)));
        if end {
            return Ok(Line::TooLong(length));
        }
    }
}

impl ExportReader {
    /// Up to `batch_size` records; `None` at the end.
    fn next_batch(&mut self) -> PyResult<Option<StructArray>> {
        let Some(input) = self.input.as_mut() else {
            return Ok(None);
        };
        let mut lines = Vec::new();
        let mut orders = Strings::default();
        let mut transactions = Strings::default();
        let mut errors = Strings::default();
        let mut buf = Vec::new();
        let mut unreadable = false;
        while lines.len() < self.batch_size {
            let read = next_line(input.as_mut(), &mut buf, reconcile::MAX_EXPORT_LINE);
            let error = match read {
                Ok(Line::End) => {
                    self.input = None;
                    break;
                }
                Ok(Line::Kept) if buf.iter().all(u8::is_ascii_whitespace) => {
                    self.line = self.line.saturating_add(1);
                    continue;
                }
                Ok(Line::Kept) => None,
                Ok(Line::TooLong(length)) => {
                    Some(reconcile::line_too_long(length, reconcile::MAX_EXPORT_LINE))
                }
                // As the CLI: the rest of the input cannot be read (a truncated .gz); one
                // `invalid` row says so at the line it stopped, and the reading ends.
                Err(e) => {
                    unreadable = true;
                    Some(reconcile::input_unreadable(&e))
                }
            };
            self.line = self.line.saturating_add(1);
            lines.push(i64::try_from(self.line).unwrap_or(i64::MAX));
            let record = match error {
                Some(e) => Err(described(&e)),
                None => read_record(&buf),
            };
            match record {
                Ok(record) => {
                    orders.push(Some(&record.order.0))?;
                    transactions.push(record.transaction.as_ref().map(|t| &*t.0))?;
                    errors.push(None)?;
                }
                Err(error) => {
                    orders.push(None)?;
                    transactions.push(None)?;
                    errors.push(Some(&error))?;
                }
            }
            if unreadable {
                self.input = None;
                break;
            }
        }
        if lines.is_empty() {
            return Ok(None);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(lines)),
            Arc::new(orders.finish()?),
            Arc::new(transactions.finish()?),
            Arc::new(errors.finish()?),
        ];
        StructArray::try_new(export_fields(), columns, None)
            .map(Some)
            .map_err(|e| PyValueError::new_err(format!("could not build a batch: {e}")))
    }
}

#[pymethods]
impl ExportReader {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<ArrowBatch>> {
        let batch = py.detach(|| self.next_batch())?;
        Ok(batch.map(|array| ArrowBatch { array }))
    }

    /// The schema of every batch (`line`, `order`, `transaction`).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(DataType::Struct(export_fields()))
            .map_err(|e| PyValueError::new_err(format!("could not export the schema: {e}")))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }
}

/// Opens the CLI's export at `path` (gzip when it ends in `.gz`), `batch_size` lines a batch.
#[pyfunction]
#[pyo3(signature = (path, batch_size=10_000))]
pub fn read_export(path: std::path::PathBuf, batch_size: usize) -> PyResult<ExportReader> {
    if batch_size == 0 {
        return Err(PyValueError::new_err("batch_size must be at least 1"));
    }
    let file = std::fs::File::open(&path)
        .map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
    let gz = path.extension().is_some_and(|e| e == "gz");
    let input: Box<dyn BufRead + Send + Sync> = if gz {
        Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(std::io::BufReader::with_capacity(1 << 16, file))
    };
    Ok(ExportReader {
        input: Some(input),
        line: 0,
        batch_size,
    })
}
