//! The one path-tracking reader of JSON values: every input of the crate (the api.md shapes of
//! [`crate::schema`], VTEX's documents and the options of [`crate::vtex`], the planners'
//! arguments of [`crate::plan`], the gateway records of [`crate::reconcile`]) is read through
//! an [`At`], a value and where it is, so that malformed input is an [`InputError`] whose path
//! names the field (api.md section 2).
//!
//! **A path** is written as api.md writes it: the argument's name, then `.field` for a field
//! and `[i]` for an index: `state.items[1].price`, `operation.itemsAdded[0].quantity`,
//! `order.paymentData.transactions[0].payments[2].value`, `options.connectors.byGroup.giftCard`.
//! A field of an unnamed root (`""`) is its name alone (`[3].quantity`).
//!
//! **Why one reader.** There were two (the state's and the operation's in `schema`, the
//! documents' in `vtex`, which `plan` and `reconcile` borrowed), each with its own path type,
//! its own "missing field", "unknown field", "unknown variant" and list of names (issue 18's
//! design item). Now all read with one [`At`] and one set of helpers. Where a value is, is a
//! chain of borrowed steps on the stack: reading allocates no path (the state reader is on the
//! hot path of every preview, the npm package calls it on every keystroke; the VTEX reader
//! used to allocate an `Rc` per value read), and the path is written out only for an error or
//! a note. The module sits at the bottom of the reading layer (it uses `money` only), below
//! `schema` and `vtex`, which both use it.
//!
//! **Two wordings, kept.** A value of the wrong kind is worded as serde's derive worded it for
//! the api.md shapes of `schema` (state, operation, a preview's options: `invalid type: null,
//! expected a string`, the messages the package has always given, asserted by tests/input.rs
//! and js-tests/hostile.test.mjs), and as `expected a string, got null` for VTEX's documents,
//! the gateway records and the options of `fromVtex`, `toVtexRequest`, `reconcile` and the
//! planners. Each root says which ([`At::root`] or [`At::serde_root`]); its children share
//! it. The rest (`missing field`, `unknown field`, `unknown variant`, the text and list
//! limits) is worded once.
//!
//! **Use.** A strict shape: `At::serde_root(value, "operation")`, then [`At::fields`] (each
//! known field by its index, unknown ones refused), [`At::required`] for what must be there,
//! [`At::each`] for a list, and the leaves ([`At::text`], [`At::amount`], [`At::quantity`],
//! [`At::variant`], [`At::boolean`]; [`At::nullable`] where `null` means absent). A lenient
//! document: `At::root(value, "order")`, then [`At::get`] / [`At::req`] (unknown fields
//! ignored, `null` absent), [`At::list_of`], [`At::strict`] for an options object.
//!
//! **What it reads.** A [`Json`] document borrowed from its JSON text ([`crate::doc`]), not
//! serde_json's `Value` (issue 20: building and dropping the `Value`'s maps and strings was 41 %
//! of a preview at 1,000 items in the npm package). The text is read by serde_json's own
//! deserializer (or, when it is of the plain kind the package's walk writes, by `doc`'s
//! shortcut that reads the same document and leaves every faulty text to serde_json), and an object's entries are in key order with the last of a repeated key, as
//! in serde_json's `Map`: the same values, the same fields read first, the same errors. A
//! caller holding a `Value` reads it as a `Json` borrowing its strings (`Json::from`).
//!
//! Nothing here panics on input: no indexing, no unchecked arithmetic.

use crate::doc::{text, Json};
use crate::money::{parse_amount, Currency, Overflow};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// The largest quantity: 2^53 − 1, the largest whole number a JavaScript number holds exactly.
pub const MAX_QUANTITY: u64 = (1 << 53) - 1;
/// The most entries any list may have (items, invoices, changes, operations of a simulation).
pub const MAX_LIST_LEN: usize = 10_000;
/// The longest id, number, request id, name or reason, in characters.
pub const MAX_TEXT_LEN: usize = 1_024;

/// Malformed input: thrown to JavaScript as an `Error` with `code: "INVALID_INPUT"`, `path`
/// and `message` (api.md section 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct InputError {
    /// Where, e.g. `operation.items[1].quantity`.
    pub path: String,
    /// What was expected.
    pub message: String,
}

impl InputError {
    /// The error code, always `INVALID_INPUT`.
    pub const CODE: &'static str = "INVALID_INPUT";

    /// A new error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// How a value of the wrong kind is worded (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wording {
    /// serde's: `invalid type: null, expected a string` (the api.md shapes of `schema`).
    Serde,
    /// `expected a string, got null` (VTEX's documents, the options, the planners' arguments).
    Plain,
}

/// One step of a path.
#[derive(Debug, Clone, Copy)]
enum Step<'p> {
    /// The argument's name (`state`, `operations[2]`, `order`).
    Root(&'p str),
    /// `.key`
    Field(&'p str),
    /// `[i]`
    Index(usize),
    /// `.key[i]`: an entry of a list field, in one step so that [`At::list_of`] returns
    /// entries that borrow only their object.
    Entry(&'p str, usize),
}

/// A JSON value and where it is: a step and the place it was taken from (borrowed: a child
/// lives no longer than its parent). `'v` is the document's lifetime, `'p` the path's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'v, 'p> {
    /// The value.
    pub value: &'v Json<'v>,
    parent: Option<&'p At<'v, 'p>>,
    step: Step<'p>,
    wording: Wording,
}

impl<'v, 'p> At<'v, 'p> {
    /// A document or an options object named `name` in paths, worded `expected …, got …`.
    pub fn root(value: &'v Json<'v>, name: &'p str) -> Self {
        At {
            value,
            parent: None,
            step: Step::Root(name),
            wording: Wording::Plain,
        }
    }

    /// An api.md shape (a state, an operation, a preview's options), worded as serde's derive
    /// worded its errors.
    pub fn serde_root(value: &'v Json<'v>, name: &'p str) -> Self {
        At {
            wording: Wording::Serde,
            ..At::root(value, name)
        }
    }

    #[inline]
    fn child<'q>(&'q self, value: &'v Json<'v>, step: Step<'q>) -> At<'v, 'q> {
        At {
            value,
            parent: Some(self),
            step,
            wording: self.wording,
        }
    }

    /// The value of field `key` of this object, here (present, whatever its value).
    #[inline]
    fn field<'q>(&'q self, key: &'q str, value: &'v Json<'v>) -> At<'v, 'q> {
        self.child(value, Step::Field(key))
    }

    fn write(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write(out);
        }
        let field = |out: &mut String, key: &str| {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        };
        let index = |out: &mut String, i: usize| {
            out.push('[');
            out.push_str(&i.to_string());
            out.push(']');
        };
        match self.step {
            Step::Root(name) => out.push_str(name),
            Step::Field(key) => field(out, key),
            Step::Index(i) => index(out, i),
            Step::Entry(key, i) => {
                field(out, key);
                index(out, i);
            }
        }
    }

    /// Where the value is: `order.items[2].price`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// The path of field `key` of this value (present or not).
    pub fn child_path(&self, key: &str) -> String {
        let mut out = self.path();
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
        out
    }

    /// An error here.
    pub fn error(&self, message: impl Into<String>) -> InputError {
        self.fail(message.into())
    }

    #[cold]
    #[inline(never)]
    fn fail(&self, message: String) -> InputError {
        InputError::new(self.path(), message)
    }

    /// "amounts out of range" here, for `map_err` (the path is written only on error).
    pub fn overflow(&self) -> impl Fn(Overflow) -> InputError + '_ {
        move |_| self.fail("amounts out of range".to_string())
    }

    /// The value is not of the kind `expected` ("a string"), in this root's wording.
    #[cold]
    #[inline(never)]
    pub fn wrong_type(&self, expected: &str) -> InputError {
        self.fail(match self.wording {
            Wording::Serde => format!(
                "invalid type: {}, expected {expected}",
                unexpected(self.value)
            ),
            Wording::Plain => format!("expected {expected}, got {}", kind_of(self.value)),
        })
    }

    /// serde's "invalid type: …, expected …", whatever the root's wording (an enum's content).
    #[cold]
    #[inline(never)]
    fn invalid_type(&self, expected: &str) -> InputError {
        self.fail(format!(
            "invalid type: {}, expected {expected}",
            unexpected(self.value)
        ))
    }

    // ----- Objects ---------------------------------------------------------------------------

    /// A field; `None` when the value is not an object, or the field is absent or `null`.
    #[inline]
    pub fn get<'q>(&'q self, key: &str) -> Option<At<'v, 'q>> {
        match self.value.get_key_value(key)? {
            (_, Json::Null) => None,
            (key, value) => Some(self.field(key, value)),
        }
    }

    /// A field that must be there (not absent, not `null`).
    #[inline]
    pub fn req<'q>(&'q self, key: &str) -> Result<At<'v, 'q>, InputError> {
        self.get(key).ok_or_else(|| self.missing(key))
    }

    /// serde's "missing field `x`", at the field's own path (api.md section 2: so that a form
    /// can mark it).
    #[cold]
    #[inline(never)]
    pub fn missing(&self, key: &str) -> InputError {
        InputError::new(self.child_path(key), format!("missing field `{key}`"))
    }

    /// A required field's value read by [`At::fields`], or [`At::missing`].
    #[inline]
    pub fn required<T>(&self, slot: Option<T>, key: &str) -> Result<T, InputError> {
        slot.ok_or_else(|| self.missing(key))
    }

    /// Checks that the value is an object: `expected an object, got …` in both wordings (the
    /// readers of the api.md shapes said it so of a whole argument too).
    pub fn object(&self) -> Result<&'v [(Cow<'v, str>, Json<'v>)], InputError> {
        self.value.as_object().ok_or_else(|| self.not_an_object())
    }

    #[cold]
    #[inline(never)]
    fn not_an_object(&self) -> InputError {
        self.fail(format!("expected an object, got {}", kind_of(self.value)))
    }

    /// Reads an object's fields in key order, each by `read` (given the index of its name in
    /// `names` and the field's value), refusing any other key but `skip` (an operation's
    /// `type` tag) with serde's "unknown field `x`, expected one of …"; the first problem is
    /// the one reported. `what` names the shape when the value is not an object ("struct
    /// ItemDto" in serde's wording, "an object" in the plain one).
    #[inline]
    pub fn fields<'q>(
        &'q self,
        what: &str,
        names: &[&str],
        skip: Option<&str>,
        mut read: impl FnMut(usize, &At<'v, '_>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        // One copy of the loop for every shape: the shape's part goes through `dyn`.
        self.fields_dyn(what, names, skip, &mut read)
    }

    fn fields_dyn(
        &self,
        what: &str,
        names: &[&str],
        skip: Option<&str>,
        read: &mut dyn FnMut(usize, &At<'v, '_>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        let Json::Object(map) = self.value else {
            return Err(self.wrong_type(what));
        };
        for (key, value) in map {
            let key = text(key);
            if matches!(skip, Some(skip) if same_text(skip, key)) {
                continue;
            }
            let here = self.field(key, value);
            let mut found = None;
            for (i, name) in names.iter().enumerate() {
                if same_text(name, key) {
                    found = Some(i);
                    break;
                }
            }
            match found {
                Some(i) => read(i, &here)?,
                None => return Err(here.unknown_field(key, names)),
            }
        }
        Ok(())
    }

    /// A strict shape read field by field elsewhere (the options): an object whose fields are
    /// all among `known`.
    pub fn strict(&self, known: &[&str]) -> Result<(), InputError> {
        self.fields("an object", known, None, |_, _| Ok(()))
    }

    #[cold]
    #[inline(never)]
    fn unknown_field(&self, key: &str, names: &[&str]) -> InputError {
        self.fail(if names.is_empty() {
            format!("unknown field `{key}`, there are no fields")
        } else {
            format!("unknown field `{key}`, expected {}", one_of(names))
        })
    }

    /// The fields of an object (a map keyed by the caller's names), in key order.
    pub fn entries<'q>(&'q self) -> Result<Vec<(&'v str, At<'v, 'q>)>, InputError> {
        Ok(self
            .object()?
            .iter()
            .map(|(key, value)| (key.as_ref(), self.field(key, value)))
            .collect())
    }

    // ----- Lists -----------------------------------------------------------------------------

    fn array(&self) -> Result<&'v [Json<'v>], InputError> {
        match self.value {
            Json::Array(entries) => Ok(entries),
            _ => Err(self.wrong_type(match self.wording {
                Wording::Serde => "a sequence",
                Wording::Plain => "an array",
            })),
        }
    }

    /// A list, each entry read by `read` at its index, however long (the api.md shapes check
    /// their lengths after reading, at the list's path).
    #[inline]
    pub fn each<'q, T>(
        &'q self,
        mut read: impl FnMut(&At<'v, 'q>) -> Result<T, InputError>,
    ) -> Result<Vec<T>, InputError> {
        let entries = self.array()?;
        // A loop, not `collect::<Result<Vec<_>, _>>()`: the adapters of that are a copy per shape.
        let mut out = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            out.push(read(&self.child(entry, Step::Index(i)))?);
        }
        Ok(out)
    }

    /// The entries of an array, at most [`MAX_LIST_LEN`].
    pub fn list<'q>(&'q self) -> Result<Vec<At<'v, 'q>>, InputError> {
        let entries = self.array()?;
        if entries.len() > MAX_LIST_LEN {
            return Err(self.too_many(entries.len()));
        }
        self.each(|at| Ok(*at))
    }

    /// An optional array field: absent or `null` is empty; else its entries, at most
    /// [`MAX_LIST_LEN`] (`object.key[i]`).
    pub fn list_of<'q>(&'q self, key: &str) -> Result<Vec<At<'v, 'q>>, InputError> {
        let Some((key, value)) = self.value.get_key_value(key) else {
            return Ok(Vec::new());
        };
        if value.is_null() {
            return Ok(Vec::new());
        }
        let entries = self.field(key, value).array()?;
        if entries.len() > MAX_LIST_LEN {
            return Err(self.field(key, value).too_many(entries.len()));
        }
        let mut out = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            out.push(self.child(entry, Step::Entry(key, i)));
        }
        Ok(out)
    }

    #[cold]
    #[inline(never)]
    fn too_many(&self, len: usize) -> InputError {
        self.fail(format!("too many entries: {len}, at most {MAX_LIST_LEN}"))
    }

    // ----- Leaves ----------------------------------------------------------------------------

    /// An optional value: `null` is `None`, as for an absent field.
    #[inline]
    pub fn nullable<T>(
        &self,
        read: impl FnOnce(&Self) -> Result<T, InputError>,
    ) -> Result<Option<T>, InputError> {
        match self.value {
            Json::Null => Ok(None),
            _ => read(self).map(Some),
        }
    }

    /// A string, as it is.
    #[inline]
    pub fn str(&self) -> Result<&'v str, InputError> {
        match self.value {
            Json::Str(s) => Ok(text(s)),
            _ => Err(self.wrong_type("a string")),
        }
    }

    /// A string of at most [`MAX_TEXT_LEN`] characters.
    #[inline]
    pub fn text(&self) -> Result<String, InputError> {
        self.text_of(false)
    }

    /// A [`At::text`] of at least one character (ids, numbers, request ids of the api.md
    /// shapes).
    #[inline]
    pub fn non_empty_text(&self) -> Result<String, InputError> {
        self.text_of(true)
    }

    #[inline]
    fn text_of(&self, non_empty: bool) -> Result<String, InputError> {
        let s = self.str()?;
        if non_empty && s.is_empty() {
            return Err(self.fail("expected a non-empty string".to_string()));
        }
        // Counting characters only when the bytes could be too many (a character is ≥ 1 byte).
        if s.len() > MAX_TEXT_LEN && s.chars().count() > MAX_TEXT_LEN {
            return Err(self.fail(format!("expected at most {MAX_TEXT_LEN} characters")));
        }
        Ok(s.to_string())
    }

    /// An optional string field (absent, `null` or empty is `None`).
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, InputError> {
        match self.get(key) {
            None => Ok(None),
            Some(at) => at.text().map(|s| Some(s).filter(|s| !s.is_empty())),
        }
    }

    /// An id: a non-empty string, or a whole JSON number written as its digits (VTEX writes
    /// some ids, such as `paymentSystem`, either way).
    pub fn id(&self) -> Result<String, InputError> {
        let text = match self.value {
            Json::PosInt(u) => u.to_string(),
            Json::NegInt(i) => i.to_string(),
            Json::Str(_) => self.text()?,
            _ => return Err(self.wrong_type("an id (a string)")),
        };
        if text.is_empty() {
            return Err(self.error("expected a non-empty id"));
        }
        Ok(text)
    }

    /// A boolean.
    #[inline]
    pub fn boolean(&self) -> Result<bool, InputError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.wrong_type("a boolean"))
    }

    /// An optional boolean field.
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, InputError> {
        self.get(key).map(|b| b.boolean()).transpose()
    }

    /// One of `names` (a string): its index; else serde's "unknown variant `x`, expected …".
    pub fn choice(&self, names: &[&str]) -> Result<usize, InputError> {
        let name = self.str()?;
        names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| self.unknown_variant(name, names))
    }

    /// One of `names` as serde read a unit variant: a string, or a map of one such name to
    /// `null`; its index.
    pub fn variant(&self, names: &[&str]) -> Result<usize, InputError> {
        let (name, content) = match self.value {
            Json::Str(name) => (name.as_ref(), None),
            Json::Object(map) => match map.as_slice() {
                [(name, content)] => (name.as_ref(), Some(content)),
                _ => {
                    return Err(
                        self.fail("invalid value: map, expected map with a single key".to_string())
                    )
                }
            },
            _ => return Err(self.invalid_type("string or map")),
        };
        let Some(i) = names.iter().position(|n| *n == name) else {
            return Err(self.unknown_variant(name, names));
        };
        match content {
            Some(content) if !content.is_null() => Err(At {
                value: content,
                ..*self
            }
            .invalid_type("unit")),
            _ => Ok(i),
        }
    }

    #[cold]
    #[inline(never)]
    fn unknown_variant(&self, name: &str, names: &[&str]) -> InputError {
        self.fail(format!(
            "unknown variant `{name}`, expected {}",
            one_of(names)
        ))
    }

    /// An amount in the api.md grammar ([`parse_amount`]: a decimal string like `"12.34"`, or
    /// a JSON number), in major units; the currency's check is the caller's. In serde's
    /// wording (the api.md shapes) a number is read through its plain digits
    /// ([`plain_number`], as JavaScript's `String(n)` writes it); in the plain one (the
    /// options' `maxValue`) through serde_json's text of it, exponent and all, as each reader
    /// always did (so that no message changes).
    #[inline]
    pub fn amount(&self) -> Result<Decimal, InputError> {
        let parsed = match (self.value, self.wording) {
            (Json::Str(s), _) => parse_amount(text(s)),
            (_, wording) => match (self.value.number(), wording) {
                (Some(n), Wording::Serde) => parse_amount(&plain_number(&n)),
                (Some(n), Wording::Plain) => parse_amount(&n.to_string()),
                (None, Wording::Serde) => {
                    return Err(self.wrong_type(
                        "an amount: a decimal string like \"12.34\" or a finite number",
                    ))
                }
                (None, Wording::Plain) => return Err(self.error("expected an amount")),
            },
        };
        parsed.map_err(|message| self.fail(message))
    }

    /// A quantity of the api.md shapes: a whole JSON number from 1 to [`MAX_QUANTITY`].
    #[inline]
    pub fn quantity(&self) -> Result<u64, InputError> {
        let whole = match *self.value {
            Json::PosInt(u) => Some(u),
            // `as` is exact here: f is whole and within 1..=2^53 − 1.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Json::Float(f) if f.fract() == 0.0 && f >= 1.0 => Some(f as u64),
            Json::NegInt(_) | Json::Float(_) => None,
            _ => {
                return Err(
                    self.wrong_type(&format!("a whole number of units from 1 to {MAX_QUANTITY}"))
                )
            }
        };
        match whole {
            Some(u) if (1..=MAX_QUANTITY).contains(&u) => Ok(u),
            _ => Err(self.not_units()),
        }
    }

    /// "expected a whole number of units …, got …" of a number that is not one.
    #[cold]
    #[inline(never)]
    fn not_units(&self) -> InputError {
        self.fail(format!(
            "expected a whole number of units from 1 to {MAX_QUANTITY}, got {}",
            self.value
                .number()
                .map_or_else(String::new, |n| plain_number(&n))
        ))
    }

    /// The exact decimal a JSON number or a numeric string writes ([`exact_decimal`]).
    pub fn decimal(&self) -> Result<Decimal, InputError> {
        let exact = match self.value {
            Json::PosInt(u) => Some(Decimal::from(*u)),
            Json::NegInt(i) => Some(Decimal::from(*i)),
            // A float: its shortest round-trip text, read exactly.
            Json::Float(_) => self
                .value
                .number()
                .and_then(|n| exact_decimal(&n.to_string())),
            Json::Str(s) => exact_decimal(s.trim()),
            _ => return Err(self.wrong_type("a number")),
        };
        exact.ok_or_else(|| self.not_a_number())
    }

    #[cold]
    #[inline(never)]
    fn not_a_number(&self) -> InputError {
        let text = match self.value {
            Json::Str(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        self.fail(format!("expected a number, got {text:?}"))
    }

    /// A quantity of VTEX's documents: a whole number (a JSON number or a numeric string, any
    /// exact form of it) from 0 to [`MAX_QUANTITY`] (0 is allowed here; the caller decides).
    pub fn units(&self) -> Result<u64, InputError> {
        let bad = || {
            self.error(format!(
                "expected a whole number of units from 0 to {MAX_QUANTITY}, got {}",
                show(self.value)
            ))
        };
        let d = self.decimal().map_err(|_| bad())?;
        if !d.fract().is_zero() || d.is_sign_negative() && !d.is_zero() {
            return Err(bad());
        }
        let n = u64::try_from(d.trunc()).map_err(|_| bad())?;
        if n > MAX_QUANTITY {
            return Err(bad());
        }
        Ok(n)
    }
}

// ----- VTEX's cents ------------------------------------------------------------------------

/// VTEX's implied decimals: every Orders API amount is an integer of hundredths of the major
/// unit, whatever the currency (S1 "in cents"; see `vtex`'s `dto` module).
pub(crate) const VTEX_DECIMALS: u32 = 2;

/// The core's limit: amounts below 10^15 major units ([`crate::money::MAX_INTEGER_DIGITS`] integer digits).
pub(crate) fn max_amount() -> Decimal {
    // 10^15 fits an i64.
    Decimal::from(1_000_000_000_000_000_i64)
}

/// The unit of a currency without minor units, for messages ("a fraction of a peso"): only
/// those can receive a VTEX amount finer than their unit.
fn unit_name(currency: Currency) -> &'static str {
    match currency.code() {
        "CLP" => "a peso",
        "PYG" => "a guaraní",
        "JPY" => "a yen",
        "KRW" => "a won",
        "ISK" => "a króna",
        "VND" => "a đồng",
        "UGX" => "a shilling",
        "VUV" => "a vatu",
        _ => "a franc",
    }
}

impl At<'_, '_> {
    /// An amount in VTEX's cents (hundredths of the major unit, for every currency; see
    /// [`crate::vtex`]'s `dto` module), converted exactly to the currency's major unit at its
    /// scale: `2499` BRL is 24.99, `1599000` CLP is 15990, `12345` KWD is 123.450. Hundredths
    /// that do not fit the currency (`1599050` CLP, 15990.50) are `INVALID_INPUT`. (Here, not
    /// in `vtex`, so that every reader of VTEX's documents, `vtex` and `reconcile`, has it as
    /// a method of the one [`At`].)
    pub fn cents(&self, currency: Currency) -> Result<Decimal, InputError> {
        let cents = match self.decimal() {
            Ok(d) if d.fract().is_zero() => d.trunc(),
            Ok(_) => return Err(not_whole_cents(self)),
            Err(_) => return Err(not_cents(self)),
        };
        let mut amount = cents;
        // Two implied decimals (a whole number has scale 0, so this divides by 100 exactly).
        if amount.set_scale(VTEX_DECIMALS).is_err() || amount.abs() >= max_amount() {
            return Err(out_of_range(self));
        }
        let digits = currency.minor_units();
        if digits < VTEX_DECIMALS && amount.normalize().scale() > digits {
            return Err(fraction_of_unit(self, amount, currency));
        }
        amount.rescale(digits);
        Ok(amount)
    }
}

#[cold]
#[inline(never)]
fn not_cents(at: &At) -> InputError {
    at.error(format!(
        "expected an amount in cents (a whole number such as 2499), got {}",
        show(at.value)
    ))
}

#[cold]
#[inline(never)]
fn not_whole_cents(at: &At) -> InputError {
    at.error(format!(
        "expected a whole number of cents, got {}: VTEX amounts are integers of hundredths",
        show(at.value)
    ))
}

#[cold]
#[inline(never)]
fn out_of_range(at: &At) -> InputError {
    at.error(format!("amount out of range: {}", show(at.value)))
}

#[cold]
#[inline(never)]
fn fraction_of_unit(at: &At, amount: Decimal, currency: Currency) -> InputError {
    at.error(format!(
        "{} cents is {amount} {currency}: a fraction of {} ({currency} has no smaller unit; \
         VTEX amounts are hundredths of the major unit)",
        show(at.value),
        unit_name(currency)
    ))
}

/// `a == b`, the lengths first, then the bytes in place (issue 20: at opt-level "z" `str`'s
/// `==` is a call to `memcmp`, and `Option`'s a call more, for every field read; most names
/// differ in their length or first byte).
#[inline(always)]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    for (i, x) in a.iter().enumerate() {
        match b.get(i) {
            Some(y) if x == y => {}
            _ => return false,
        }
    }
    true
}

/// How serde_json names a value in "invalid type" (its `JsonUnexpected`).
fn unexpected(value: &Json) -> String {
    match value {
        Json::Null => "null".to_string(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Float(_) => format!("floating point `{}`", show_number(value)),
        Json::PosInt(u) => format!("integer `{u}`"),
        Json::NegInt(i) => format!("integer `{i}`"),
        Json::Str(s) => format!("string {:?}", text(s)),
        Json::Array(_) => "sequence".to_string(),
        Json::Object(_) => "map".to_string(),
    }
}

/// serde_json's text of a number (`Display` of its `Number`).
fn show_number(value: &Json) -> String {
    value.number().map_or_else(String::new, |n| n.to_string())
}

/// What a JSON value is, for "expected …, got …" messages.
pub(crate) fn kind_of(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::PosInt(_) | Json::NegInt(_) | Json::Float(_) => "a number",
        Json::Str(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// A short rendering of a value for messages (at most 40 characters and `…`).
pub(crate) fn show(value: &Json) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        let head: String = text.chars().take(40).collect();
        format!("{head}…")
    } else {
        text
    }
}

/// serde's list of what was expected: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    let mut out = String::new();
    if names.len() > 2 {
        out.push_str("one of ");
    }
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if names.len() == 2 { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

/// A JSON number as Rust's `Display` writes it, without an exponent: the shortest text that
/// reads back as the same number (serde_json's own formatter, zmij), its exponent written out.
/// 12.34 is "12.34", 0.1 + 0.2 is "0.30000000000000004" (refused as an amount: too many
/// decimals), 1e21 is 22 digits (refused: out of range), 12.0 is "12", −0.0 is "-0". Not
/// `f64::to_string`: that links core's own float formatting (Grisu and Dragon4), ~12 KB of
/// the `.wasm`, for the same digits but in an exact tie between two shortest texts (17
/// digits, such as 12345678901234.0625), where Rust rounds up and serde_json's formatter
/// takes the even digit, as JavaScript's `String(n)` does: the amount read is then the one
/// the caller's JavaScript shows.
pub(crate) fn plain_number(n: &serde_json::Number) -> String {
    let text = n.to_string();
    if !n.is_f64() {
        return text;
    }
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole = whole.trim_start_matches('0');
    let joined = format!("{whole}{fraction}");
    let digits = joined.trim_matches('0');
    let width = |s: &str| i64::try_from(s.len()).unwrap_or(i64::MAX);
    // Where the decimal point goes, counted from the first significant digit: after the
    // whole digits, or before the fraction's leading zeros when there are none.
    let point = if whole.is_empty() {
        width(fraction.trim_start_matches('0')).saturating_sub(width(fraction))
    } else {
        width(whole)
    }
    .saturating_add(exponent);
    let len = width(digits);
    let zeros = |n: i64| "0".repeat(usize::try_from(n).unwrap_or(0));
    if digits.is_empty() {
        format!("{sign}0")
    } else if point <= 0 {
        format!("{sign}0.{}{digits}", zeros(point.saturating_neg()))
    } else if point >= len {
        format!("{sign}{digits}{}", zeros(point.saturating_sub(len)))
    } else {
        let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
        format!("{sign}{int}.{frac}")
    }
}

/// Parses `-?digits(.digits)?([eE][+-]?digits)?` exactly (the text serde_json gives a number,
/// or a numeric string), without allocating. `None` when it is not such a number or does not
/// fit 28 significant digits.
pub(crate) fn exact_decimal(text: &str) -> Option<Decimal> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => {
            let (m, e) = rest.split_at(i);
            let e = e.get(1..)?;
            let e = e.strip_prefix('+').unwrap_or(e);
            let (e_neg, e_digits) = match e.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, e),
            };
            if e_digits.is_empty()
                || e_digits.len() > 3
                || !e_digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let value = digits_value(e_digits)?;
            (m, if e_neg { value.checked_neg()? } else { value })
        }
        None => (rest, 0),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits_ok(int) || !digits_ok(frac) || mantissa.ends_with('.') {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    // The significant digits of int ++ frac, leading zeros dropped: at most 28.
    let mut value: i128 = 0;
    let mut significant: usize = 0;
    for c in int.chars().chain(frac.chars()) {
        let digit = c.to_digit(10)?;
        if significant == 0 && digit == 0 {
            continue;
        }
        significant = significant.checked_add(1)?;
        if significant > 28 {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(i128::from(digit))?;
    }
    if value == 0 {
        return Some(Decimal::ZERO);
    }
    // value × 10^(exponent − len(frac))
    let mut power = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
    while power > 0 {
        significant = significant.checked_add(1)?;
        if significant > 28 {
            return None;
        }
        value = value.checked_mul(10)?;
        power = power.checked_sub(1)?;
    }
    let scale = u32::try_from(power.checked_neg()?).ok()?;
    if scale > 28 {
        return None;
    }
    let mut d = Decimal::try_from_i128_with_scale(value, scale).ok()?;
    d.set_sign_negative(negative);
    Some(d.normalize())
}

/// The value of a non-empty string of ASCII digits (at most 18 of them, so that it fits an
/// `i64`); `None` for anything else.
pub(crate) fn digits_value(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 18 {
        return None;
    }
    let mut value: i64 = 0;
    for c in s.chars() {
        value = value
            .checked_mul(10)?
            .checked_add(i64::from(c.to_digit(10)?))?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn exact_decimals() {
        assert_eq!(exact_decimal("2499"), Some(d("2499")));
        assert_eq!(exact_decimal("2499.0000"), Some(d("2499")));
        assert_eq!(exact_decimal("-12.50"), Some(d("-12.5")));
        assert_eq!(exact_decimal("1e21"), Some(d("1000000000000000000000")));
        assert_eq!(exact_decimal("1e40"), None);
        assert_eq!(exact_decimal("1.5e2"), Some(d("150")));
        assert_eq!(exact_decimal("1.5e-7"), Some(d("0.00000015")));
        for bad in [
            "", "-", "1.", ".5", "1e", "abc", "1,5", "+1", "1e+", "0x10", "NaN",
        ] {
            assert_eq!(exact_decimal(bad), None, "{bad:?}");
        }
    }

    /// A JSON number is read through the text Rust's `Display` writes for its `f64`: the
    /// same digits, the exponent written out.
    #[test]
    fn plain_number_is_rusts_display() {
        let mut cases = vec![
            0.0,
            -0.0,
            1.0,
            12.0,
            12.34,
            0.1,
            0.1 + 0.2,
            1e15,
            1e16,
            1e21,
            1e22,
            1.5e-7,
            1e-7,
            123_456.789,
            5e-324,
            1.7976931348623157e308,
            9_007_199_254_740_993.0,
            0.000_123,
        ];
        // A deterministic spread over the whole range of f64 (xorshift).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if f.is_finite() {
                cases.push(f);
                cases.push((f.abs() % 1e6 * 100.0).round() / 100.0);
            }
        }
        for f in cases {
            let n = serde_json::Number::from_f64(f).unwrap();
            let (ours, rusts) = (plain_number(&n), f.to_string());
            // The same shortest digits, but where two are as close (an exact tie), where
            // Rust's Display rounds up and serde_json's formatter, like JavaScript's
            // String(n), takes the even digit: the same number, the same length.
            if ours != rusts {
                assert_eq!(ours.parse::<f64>().unwrap(), f, "{f:e}");
                assert_eq!(ours.len(), rusts.len(), "{f:e}");
                assert!(
                    ours.len() - usize::from(f < 0.0) > 16,
                    "{f:e}: {ours} {rusts}"
                );
            }
        }
        // An exact tie (…562.25): JavaScript writes "1658206780088562.2", and so do we.
        #[allow(clippy::excessive_precision)]
        let tie = serde_json::Number::from_f64(1_658_206_780_088_562.25).unwrap();
        assert_eq!(plain_number(&tie), "1658206780088562.2");
        assert_eq!(plain_number(&serde_json::Number::from(42_u64)), "42");
        assert_eq!(plain_number(&serde_json::Number::from(-42_i64)), "-42");
    }

    #[test]
    fn cents_are_hundredths_of_the_major_unit_for_every_currency() {
        let brl = Currency::from_code("BRL").unwrap();
        let clp = Currency::from_code("CLP").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        let v = json!({ "a": 2499, "b": "2499", "c": 2499.0, "d": "2499.0000", "e": 24.99, "f": "x",
                        "g": -300, "h": 1599000, "i": 1599050, "j": 12345, "k": "1599000.0000",
                        "l": 1e21 });
        let v = Json::from(&v);
        let at = At::root(&v, "order");
        let cents = |key: &str, currency| at.req(key).unwrap().cents(currency);
        for key in ["a", "b", "c", "d"] {
            assert_eq!(cents(key, brl).unwrap().to_string(), "24.99");
        }
        assert_eq!(cents("g", brl).unwrap().to_string(), "-3.00");
        // CLP: 1599000 cents are 15990 pesos (old decimals too); 1599050 is 15990.50, a
        // fraction of a peso.
        assert_eq!(cents("h", clp).unwrap().to_string(), "15990");
        assert_eq!(cents("k", clp).unwrap().to_string(), "15990");
        let e = cents("i", clp).unwrap_err();
        assert_eq!(e.path, "order.i");
        assert!(e.message.contains("15990.50 CLP"), "{}", e.message);
        assert!(e.message.contains("a fraction of a peso"), "{}", e.message);
        // KWD: 12345 cents are 123.45 dinars, written at KWD's three decimals.
        assert_eq!(cents("j", kwd).unwrap().to_string(), "123.450");
        assert_eq!(cents("a", kwd).unwrap().to_string(), "24.990");
        let e = cents("e", brl).unwrap_err();
        assert_eq!(e.path, "order.e");
        assert!(e.message.contains("whole number of cents"), "{}", e.message);
        assert!(cents("f", brl).is_err());
        assert!(cents("l", brl)
            .unwrap_err()
            .message
            .contains("out of range"));
    }

    /// Paths as api.md writes them, through every kind of step; each wording's "wrong type".
    #[test]
    fn paths_and_wordings() {
        let v = json!({ "items": [ { "id": 1 }, { "id": null } ], "n": "x" });
        let v = Json::from(&v);
        let root = At::root(&v, "order");
        let items = root.list_of("items").unwrap();
        let id = items[0].req("id").unwrap();
        assert_eq!(id.path(), "order.items[0].id");
        let e = id.str().unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("order.items[0].id", "expected a string, got a number")
        );
        let e = items[1].req("id").unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("order.items[1].id", "missing field `id`")
        );
        let strict = At::serde_root(&v, "state");
        let n = strict.req("n").unwrap();
        assert_eq!(
            n.boolean().unwrap_err().message,
            "invalid type: string \"x\", expected a boolean"
        );
        let e = strict
            .req("items")
            .unwrap()
            .each(|at| at.str())
            .unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("state.items[0]", "invalid type: map, expected a string")
        );
        let e = strict.strict(&["items"]).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("state.n", "unknown field `n`, expected `items`")
        );
        // An unnamed root: a field is its name alone.
        let unnamed = At::serde_root(&v, "");
        assert_eq!(unnamed.missing("x").path, "x");
        assert_eq!(
            unnamed.req("items").unwrap().list().unwrap()[1].path(),
            "items[1]"
        );
    }
}
