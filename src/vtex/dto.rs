//! Reading VTEX's JSON leniently: unknown fields are ignored, `null` is an absent field, and
//! every field the mapping uses is checked, with the path of the field in the error
//! (`order.items[2].price`).
//!
//! **Money units.** Every Orders API amount is an integer of **hundredths of the major unit**
//! ("cents"), whatever the currency: S1 documents each amount "in cents" ("`$24.99` should be
//! represented as `2499`", vtex-notes section 1), and VTEX's platform keeps every price as an
//! integer with two implied decimals; `storePreferencesData.currencyFormatInfo
//! .CurrencyDecimalDigits` only says how the store displays it. So `1599000` CLP is 15990
//! pesos, `12345` KWD is 123.45 dinars, `2499` BRL is 24.99 reais. The hundredths must fit the
//! currency's minor units: `1599050` CLP (15990.50) is a fraction of a peso and
//! `INVALID_INPUT`. An amount is read **exactly**: a JSON integer, a numeric string (`"2499"`,
//! the type the Invoice Notification schema gives `invoiceValue`), or an old decimal form whose
//! fraction is zero (`2499.0`, `"2499.0000"`); anything else (a fraction of a cent, an exponent
//! that does not make a whole number, text) is `INVALID_INPUT`. Numbers are read from their
//! decimal text, never through `f64` arithmetic nor `f64` formatting.

use crate::money::{parse_amount, Currency, Overflow};
use crate::schema::{kind_of, InputError, MAX_LIST_LEN, MAX_QUANTITY, MAX_TEXT_LEN};
use rust_decimal::Decimal;
use serde_json::Value;
use std::rc::Rc;

/// VTEX's implied decimals: every Orders API amount is an integer of hundredths of the major
/// unit, whatever the currency (S1 "in cents"; see the module documentation).
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

/// One step of a path: the root's name, a field, or an index.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Root(&'a str),
    Field(&'a str),
    Index(usize),
}

/// A path, as a chain of steps up to the root. Built as the reader descends (one small
/// allocation per value read) and written out only when a message needs it: an error or a
/// note, never on the way through a valid document.
#[derive(Debug)]
struct Path<'a> {
    parent: Option<Rc<Path<'a>>>,
    step: Step<'a>,
}

/// A JSON value and where it is.
#[derive(Debug, Clone)]
pub(crate) struct At<'a> {
    pub value: &'a Value,
    path: Rc<Path<'a>>,
}

impl<'a> At<'a> {
    pub fn root(value: &'a Value, name: &'a str) -> Self {
        At {
            value,
            path: Rc::new(Path {
                parent: None,
                step: Step::Root(name),
            }),
        }
    }

    fn child(&self, value: &'a Value, step: Step<'a>) -> At<'a> {
        At {
            value,
            path: Rc::new(Path {
                parent: Some(Rc::clone(&self.path)),
                step,
            }),
        }
    }

    /// Where the value is: `order.items[2].price`.
    pub fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut here = Some(&self.path);
        while let Some(p) = here {
            steps.push(p.step);
            here = p.parent.as_ref();
        }
        let mut out = String::new();
        for step in steps.iter().rev() {
            match step {
                Step::Root(name) => out.push_str(name),
                Step::Field(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// The path of a field of this value (present or not).
    pub fn child_path(&self, key: &str) -> String {
        let mut path = self.path();
        path.push('.');
        path.push_str(key);
        path
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

    #[cold]
    #[inline(never)]
    fn expected(&self, what: &str) -> InputError {
        self.fail(format!("expected {what}, got {}", kind_of(self.value)))
    }

    /// A field; `None` when the value is not an object, or the field is absent or `null`.
    pub fn get(&self, key: &str) -> Option<At<'a>> {
        match self.value.as_object()?.get_key_value(key)? {
            (_, Value::Null) => None,
            (key, value) => Some(self.child(value, Step::Field(key))),
        }
    }

    /// A field that must be there.
    pub fn req(&self, key: &str) -> Result<At<'a>, InputError> {
        self.get(key).ok_or_else(|| self.missing(key))
    }

    #[cold]
    #[inline(never)]
    fn missing(&self, key: &str) -> InputError {
        InputError::new(self.child_path(key), format!("missing field `{key}`"))
    }

    /// Checks that the value is an object.
    pub fn object(&self) -> Result<&'a serde_json::Map<String, Value>, InputError> {
        self.value
            .as_object()
            .ok_or_else(|| self.expected("an object"))
    }

    /// A strict shape (the options): an object whose fields are all among `known`.
    pub fn strict(&self, known: &[&str]) -> Result<(), InputError> {
        match self.object()?.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some(key) => Err(self.unknown_field(key, known)),
        }
    }

    #[cold]
    #[inline(never)]
    fn unknown_field(&self, key: &str, known: &[&str]) -> InputError {
        InputError::new(
            self.child_path(key),
            format!("unknown field `{key}`, expected {}", one_of(known)),
        )
    }

    /// The fields of an object (a map keyed by the caller's names), in key order.
    pub fn entries(&self) -> Result<Vec<(&'a str, At<'a>)>, InputError> {
        Ok(self
            .object()?
            .iter()
            .map(|(key, value)| (key.as_str(), self.child(value, Step::Field(key))))
            .collect())
    }

    /// One of `names` (a string): its index.
    pub fn choice(&self, names: &[&str]) -> Result<usize, InputError> {
        let name = self.str()?;
        names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| self.unknown_variant(name, names))
    }

    #[cold]
    #[inline(never)]
    fn unknown_variant(&self, name: &str, names: &[&str]) -> InputError {
        self.fail(format!(
            "unknown variant `{name}`, expected {}",
            one_of(names)
        ))
    }

    /// The entries of an array (at most [`MAX_LIST_LEN`]).
    pub fn list(&self) -> Result<Vec<At<'a>>, InputError> {
        let list = self
            .value
            .as_array()
            .ok_or_else(|| self.expected("an array"))?;
        if list.len() > MAX_LIST_LEN {
            return Err(self.too_many(list.len()));
        }
        Ok(list
            .iter()
            .enumerate()
            .map(|(i, value)| self.child(value, Step::Index(i)))
            .collect())
    }

    #[cold]
    #[inline(never)]
    fn too_many(&self, len: usize) -> InputError {
        self.fail(format!("too many entries: {len}, at most {MAX_LIST_LEN}"))
    }

    /// An optional array field: absent or `null` is empty.
    pub fn list_of(&self, key: &str) -> Result<Vec<At<'a>>, InputError> {
        self.get(key).map_or(Ok(Vec::new()), |at| at.list())
    }

    /// A string, as it is.
    pub fn str(&self) -> Result<&'a str, InputError> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    /// A string of at most [`MAX_TEXT_LEN`] characters.
    pub fn text(&self) -> Result<String, InputError> {
        let s = self.str()?;
        if s.chars().count() > MAX_TEXT_LEN {
            return Err(self.error(format!("expected at most {MAX_TEXT_LEN} characters")));
        }
        Ok(s.to_string())
    }

    /// An id: a non-empty string, or a whole JSON number written as its digits (VTEX writes
    /// some ids, such as `paymentSystem`, either way).
    pub fn id(&self) -> Result<String, InputError> {
        let text = match self.value {
            Value::Number(n) if n.is_u64() || n.is_i64() => n.to_string(),
            Value::String(_) => self.text()?,
            _ => return Err(self.expected("an id (a string)")),
        };
        if text.is_empty() {
            return Err(self.error("expected a non-empty id"));
        }
        Ok(text)
    }

    /// An optional string field (absent, `null` or empty is `None`).
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, InputError> {
        match self.get(key) {
            None => Ok(None),
            Some(at) => at.text().map(|s| Some(s).filter(|s| !s.is_empty())),
        }
    }

    /// A boolean.
    pub fn boolean(&self) -> Result<bool, InputError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.expected("a boolean"))
    }

    /// An optional boolean field.
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, InputError> {
        self.get(key).map(|b| b.boolean()).transpose()
    }

    /// An amount in the api.md grammar (`"12.34"`, or a JSON number), in major units.
    pub fn amount(&self) -> Result<Decimal, InputError> {
        let parsed = match self.value {
            Value::String(s) => parse_amount(s),
            Value::Number(n) => parse_amount(&n.to_string()),
            _ => return Err(self.error("expected an amount")),
        };
        parsed.map_err(|m| self.fail(m))
    }

    /// The exact decimal a JSON number or numeric string writes.
    pub fn decimal(&self) -> Result<Decimal, InputError> {
        let exact = match self.value {
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Some(Decimal::from(i)),
                (None, Some(u)) => Some(Decimal::from(u)),
                // A float: its shortest round-trip text, read exactly.
                _ => exact_decimal(&n.to_string()),
            },
            Value::String(s) => exact_decimal(s.trim()),
            _ => return Err(self.expected("a number")),
        };
        exact.ok_or_else(|| self.not_a_number())
    }

    #[cold]
    #[inline(never)]
    fn not_a_number(&self) -> InputError {
        let text = match self.value {
            Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        self.fail(format!("expected a number, got {text:?}"))
    }

    /// An amount in VTEX's cents (hundredths of the major unit, for every currency; see the
    /// module documentation), converted exactly to the currency's major unit at its scale:
    /// `2499` BRL is 24.99, `1599000` CLP is 15990, `12345` KWD is 123.450. Hundredths that do
    /// not fit the currency (`1599050` CLP, 15990.50) are `INVALID_INPUT`.
    pub fn cents(&self, currency: Currency) -> Result<Decimal, InputError> {
        let cents = match self.decimal() {
            Ok(d) if d.fract().is_zero() => d.trunc(),
            Ok(_) => return Err(self.not_whole_cents()),
            Err(_) => return Err(self.not_cents()),
        };
        let mut amount = cents;
        // Two implied decimals (a whole number has scale 0, so this divides by 100 exactly).
        if amount.set_scale(VTEX_DECIMALS).is_err() || amount.abs() >= max_amount() {
            return Err(self.out_of_range());
        }
        let digits = currency.minor_units();
        if digits < VTEX_DECIMALS && amount.normalize().scale() > digits {
            return Err(self.fraction_of_unit(amount, currency));
        }
        amount.rescale(digits);
        Ok(amount)
    }

    #[cold]
    #[inline(never)]
    fn not_cents(&self) -> InputError {
        self.error(format!(
            "expected an amount in cents (a whole number such as 2499), got {}",
            show(self.value)
        ))
    }

    #[cold]
    #[inline(never)]
    fn not_whole_cents(&self) -> InputError {
        self.error(format!(
            "expected a whole number of cents, got {}: VTEX amounts are integers of hundredths",
            show(self.value)
        ))
    }

    #[cold]
    #[inline(never)]
    fn out_of_range(&self) -> InputError {
        self.error(format!("amount out of range: {}", show(self.value)))
    }

    #[cold]
    #[inline(never)]
    fn fraction_of_unit(&self, amount: Decimal, currency: Currency) -> InputError {
        self.error(format!(
            "{} cents is {amount} {currency}: a fraction of {} ({currency} has no smaller unit; \
             VTEX amounts are hundredths of the major unit)",
            show(self.value),
            unit_name(currency)
        ))
    }

    /// A quantity: a whole number from 0 to 2^53 − 1 (0 is allowed here; the caller decides).
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

/// A short rendering of a value for messages.
fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        let head: String = text.chars().take(40).collect();
        format!("{head}…")
    } else {
        text
    }
}

/// `` `a` ``, `` `a` or `b` `` or `` one of `a`, `b`, `c` `` (serde's wording, which the
/// readers of the api.md shapes give too).
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
fn digits_value(s: &str) -> Option<i64> {
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

/// An ISO 8601 date-time as VTEX writes them (`2024-02-09T10:10:20.5322681+00:00`,
/// `2019-02-06T20:46:04Z`, `2013-11-21T00:00:00`, `2019-02-02`), as nanoseconds since
/// 1970-01-01 UTC (a time without offset is taken as UTC). `None` when it is not one.
// Every operand is a parsed field of at most 4 digits (year) or 2 (the rest), or a fraction of
// at most 9 digits: the arithmetic below stays far inside i64 and i128.
#[allow(clippy::arithmetic_side_effects)]
pub(crate) fn instant(text: &str) -> Option<i128> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = text.get(from..from.checked_add(len)?)?;
        digits_value(s)
    };
    let year = num(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (mut seconds, mut nanos, mut offset) = (0_i64, 0_i64, 0_i64);
    let mut i = 10;
    if matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        let hour = num(11, 2)?;
        if b.get(13) != Some(&b':') {
            return None;
        }
        let minute = num(14, 2)?;
        i = 16;
        let mut second = 0;
        if b.get(16) == Some(&b':') {
            second = num(17, 2)?;
            i = 19;
            if b.get(19) == Some(&b'.') {
                let start = 20;
                let mut end = start;
                while b.get(end).is_some_and(u8::is_ascii_digit) {
                    end = end.checked_add(1)?;
                }
                let frac = text.get(start..end)?;
                if frac.is_empty() {
                    return None;
                }
                // The first nine digits, as nanoseconds (a shorter fraction padded with zeros).
                let nine = frac.get(..frac.len().min(9))?;
                nanos = digits_value(nine)?;
                for _ in nine.len()..9 {
                    nanos *= 10;
                }
                i = end;
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds = hour * 3600 + minute * 60 + second;
        match b.get(i) {
            None => {}
            Some(b'Z' | b'z') => i = i.checked_add(1)?,
            Some(sign @ (b'+' | b'-')) => {
                let hours = num(i.checked_add(1)?, 2)?;
                let mut j = i.checked_add(3)?;
                if b.get(j) == Some(&b':') {
                    j = j.checked_add(1)?;
                }
                let minutes = num(j, 2).unwrap_or(0);
                if num(j, 2).is_some() {
                    j = j.checked_add(2)?;
                }
                offset = hours * 3600 + minutes * 60;
                if *sign == b'-' {
                    offset = -offset;
                }
                i = j;
            }
            Some(_) => return None,
        }
    }
    if i != b.len() {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), Howard Hinnant's algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let total = i128::from(days) * 86_400 + i128::from(seconds) - i128::from(offset);
    Some(total * 1_000_000_000 + i128::from(nanos))
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

    #[test]
    fn cents_are_hundredths_of_the_major_unit_for_every_currency() {
        let brl = Currency::from_code("BRL").unwrap();
        let clp = Currency::from_code("CLP").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        let v = json!({ "a": 2499, "b": "2499", "c": 2499.0, "d": "2499.0000", "e": 24.99, "f": "x",
                        "g": -300, "h": 1599000, "i": 1599050, "j": 12345, "k": "1599000.0000",
                        "l": 1e21 });
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

    #[test]
    fn instants() {
        let a = instant("2024-02-09T10:10:20.5322681+00:00").unwrap();
        let b = instant("2024-02-09T07:10:20.5322681-03:00").unwrap();
        assert_eq!(a, b);
        assert!(instant("2019-02-06T20:46:04Z").unwrap() < a);
        assert_eq!(instant("1970-01-01T00:00:00"), Some(0));
        assert_eq!(instant("1970-01-02"), Some(86_400_000_000_000));
        for bad in [
            "",
            "2024",
            "2024-13-01",
            "2024-02-09T10",
            "2024-02-09T10:10:20+",
            "x",
        ] {
            assert_eq!(instant(bad), None, "{bad:?}");
        }
    }
}
