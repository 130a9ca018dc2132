//! Reading VTEX's JSON leniently: unknown fields are ignored, `null` is an absent field, and
//! every field the mapping uses is checked, with the path of the field in the error
//! (`order.items[2].price`). The reader is the crate's one (`crate::read::At`, re-exported
//! here for `vtex`'s parts; its `cents` reads the amounts below); this module keeps what is
//! VTEX's own: its money units and its dates.
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

use crate::read::digits_value;
pub(crate) use crate::read::{max_amount, At, VTEX_DECIMALS};

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
