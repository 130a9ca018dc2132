//! Exact money: currencies, the amount grammar, canonical formatting and checked arithmetic.
//!
//! Rules (semantics.md section 2): amounts are exact decimals in the currency's major unit, never
//! binary floats. An amount is written `-?digits(.digits)?`: no `+`, no exponent, no spaces, no
//! leading `.`. Trailing zeros are fine, but a non-zero digit past the currency's minor units is
//! invalid input. Every amount the engine returns has exactly the currency's minor-unit digits.
//!
//! `rust_decimal`'s own parser is looser than this grammar (it takes `1e2`, `1_000`, `+1` and
//! rounds silently past 28 digits; see `reference/bindings.md`), so the grammar is checked here
//! first, and the digits, at most 18 of them, then make the mantissa exactly.

use rust_decimal::Decimal;
use std::fmt;

/// The largest magnitude an amount may have: 10^15 major units (exclusive), that is up to
/// 999 999 999 999 999.999. Far above any real order, and low enough that sums of every amount
/// an order may hold stay exact inside `Decimal`'s 96-bit mantissa.
pub const MAX_INTEGER_DIGITS: usize = 15;

/// The most minor-unit digits any supported currency has (KWD, BHD, JOD, …).
pub const MAX_MINOR_UNITS: u32 = 3;

/// An arithmetic result left `Decimal`'s range. Inputs are bounded so this cannot happen on a
/// valid order; it exists so that no operator can panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("amount out of range")]
pub struct Overflow;

/// Checked arithmetic on amounts: every operation that could overflow returns [`Overflow`]
/// instead of panicking (`Decimal`'s operators panic on overflow).
pub trait Checked: Sized {
    /// `self + other`, or [`Overflow`].
    fn plus(self, other: Self) -> Result<Self, Overflow>;
    /// `self - other`, or [`Overflow`].
    fn minus(self, other: Self) -> Result<Self, Overflow>;
    /// `self * other`, or [`Overflow`].
    fn times(self, other: Self) -> Result<Self, Overflow>;
}

impl Checked for Decimal {
    fn plus(self, other: Self) -> Result<Self, Overflow> {
        match small_sum(&self, &other, false) {
            Some(sum) => Ok(sum),
            None => wide_sum(self, other, false),
        }
    }
    fn minus(self, other: Self) -> Result<Self, Overflow> {
        match small_sum(&self, &other, true) {
            Some(difference) => Ok(difference),
            None => wide_sum(self, other, true),
        }
    }
    fn times(self, other: Self) -> Result<Self, Overflow> {
        self.checked_mul(other).ok_or(Overflow)
    }
}

/// `a + b` (or `a - b` when `subtract`) exactly as `rust_decimal` 1.43's `checked_add` and
/// `checked_sub` make it, bit for bit (the sign of a zero, the scale), for the operands a
/// preview's sums are made of: a zero on either side, or two mantissas below 2^32 at one scale
/// (every amount of an order in practice, at the currency's digits). `None` for the rest, which
/// `rust_decimal` computes. The same arithmetic as its own 32-bit path, without its calls,
/// its 96-bit unpacking and its result enum (issue 20: ~60 sums and differences per
/// `ledger.preview`, 3 % of its time in the `.wasm`; tests/properties.rs and this module's
/// tests compare the two over every sign, scale and edge).
#[inline(always)]
fn small_sum(a: &Decimal, b: &Decimal, subtract: bool) -> Option<Decimal> {
    const SIGN: u32 = 0x8000_0000;
    let (flags_a, lo_a, high_a) = parts(a);
    let (flags_b, lo_b, high_b) = parts(b);
    // A zero is the other side (negated when subtracted from zero, unless it is zero too).
    if lo_a | high_a == 0 {
        let mut other = *b;
        if subtract && lo_b | high_b != 0 {
            other.set_sign_negative(b.is_sign_positive());
        }
        return Some(other);
    }
    if lo_b | high_b == 0 {
        return Some(*a);
    }
    if high_a | high_b != 0 || (flags_a ^ flags_b) & !SIGN != 0 {
        return None;
    }
    let negative = flags_a & SIGN != 0;
    let scale = (flags_a >> 16) & 0xff;
    let (lo, mid, negative) = if subtract ^ ((flags_a ^ flags_b) & SIGN != 0) {
        if lo_a < lo_b {
            (lo_b.wrapping_sub(lo_a), 0, !negative)
        } else {
            (lo_a.wrapping_sub(lo_b), 0, negative)
        }
    } else {
        let (lo, carry) = lo_a.overflowing_add(lo_b);
        (lo, u32::from(carry), negative)
    };
    // `from_parts` writes a zero as positive, as `rust_decimal`'s own difference does.
    Some(Decimal::from_parts(lo, mid, 0, negative, scale))
}

/// [`small_sum`]'s other operands, by `rust_decimal` (out of line: `plus` and `minus` stay
/// leaves without its stack frame). Neither is zero here ([`small_sum`] took those), and for
/// two non-zero operands `rust_decimal` 1.43's `a - b` is `a + (-b)` to the bit (its
/// `subtract` flag only decides the sign of a zero operand's result): one copy of its
/// addition in the `.wasm`, not two (1.7 KB).
#[cold]
#[inline(never)]
fn wide_sum(a: Decimal, mut b: Decimal, subtract: bool) -> Result<Decimal, Overflow> {
    if subtract {
        b.set_sign_negative(b.is_sign_positive());
    }
    a.checked_add(b).ok_or(Overflow)
}

/// A `Decimal`'s flags (sign and scale), the low 32 bits of its mantissa, and whether the rest
/// is non-zero (its middle and high words or-ed), read off its 16 bytes.
#[inline(always)]
fn parts(d: &Decimal) -> (u32, u32, u32) {
    let [f0, f1, f2, f3, l0, l1, l2, l3, m0, m1, m2, m3, h0, h1, h2, h3] = d.serialize();
    (
        u32::from_le_bytes([f0, f1, f2, f3]),
        u32::from_le_bytes([l0, l1, l2, l3]),
        u32::from_le_bytes([m0, m1, m2, m3]) | u32::from_le_bytes([h0, h1, h2, h3]),
    )
}

/// Sums amounts with checked additions.
pub fn sum<I: IntoIterator<Item = Decimal>>(amounts: I) -> Result<Decimal, Overflow> {
    amounts
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, a| acc.plus(a))
}

/// `max(0, a - b)`: what is left of `a` once `b` is taken, never negative.
pub fn excess(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    Ok(at_least_zero(a.minus(b)?))
}

/// `d > 0`, read off its sign and mantissa (no call to `Decimal`'s comparison: issue 20).
#[inline]
pub fn positive(d: Decimal) -> bool {
    !d.is_zero() && d.is_sign_positive()
}

/// `d.max(Decimal::ZERO)` without the comparison's call: `Decimal::max` keeps `d`, of its own
/// scale, unless it is below zero (issue 20).
#[inline]
pub fn at_least_zero(d: Decimal) -> Decimal {
    if negative(d) {
        Decimal::ZERO
    } else {
        d
    }
}

/// `a.cmp(&b)`; two amounts of one sign and scale with mantissas below 2^32 (every amount of
/// an order in practice) by their low words, without `Decimal`'s call (issue 20).
#[inline]
pub fn compare(a: &Decimal, b: &Decimal) -> std::cmp::Ordering {
    let (flags_a, lo_a, high_a) = parts(a);
    let (flags_b, lo_b, high_b) = parts(b);
    if flags_a == flags_b && high_a | high_b == 0 {
        let order = lo_a.cmp(&lo_b);
        return if flags_a & 0x8000_0000 != 0 {
            order.reverse()
        } else {
            order
        };
    }
    a.cmp(b)
}

/// `a.min(b)` (`Decimal::min`: `a` unless it is above `b`), by [`compare`].
#[inline]
pub fn smaller(a: Decimal, b: Decimal) -> Decimal {
    if compare(&a, &b) == std::cmp::Ordering::Greater {
        b
    } else {
        a
    }
}

/// `a.max(b)` (`Decimal::max`: `a` unless it is below `b`), by [`compare`].
#[inline]
pub fn larger(a: Decimal, b: Decimal) -> Decimal {
    if compare(&a, &b) == std::cmp::Ordering::Less {
        b
    } else {
        a
    }
}

/// Whether `d`'s mantissa is below 2^32: then |d| < 2^32, below 10^15 whatever its scale.
#[inline]
pub fn short(d: &Decimal) -> bool {
    parts(d).2 == 0
}

/// `d < 0`, as [`positive`].
#[inline]
pub fn negative(d: Decimal) -> bool {
    !d.is_zero() && d.is_sign_negative()
}

/// An ISO 4217 currency with its number of minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

/// ISO 4217 codes in use, with their minor units. The semantics name BRL, USD, EUR, COP, MXN,
/// ARS (2), CLP, JPY, KRW (0) and KWD, BHD, JOD (3); the rest of the standard list is here so
/// that any real store currency is accepted. Funds codes and metals (XAU, CLF, …) are left out.
const CURRENCIES: &[(&str, u32)] = &[
    // Zero minor units.
    ("BIF", 0),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("ISK", 0),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("PYG", 0),
    ("RWF", 0),
    ("UGX", 0),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
    // Three minor units.
    ("BHD", 3),
    ("IQD", 3),
    ("JOD", 3),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("TND", 3),
    // Two minor units.
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IRR", 2),
    ("JMD", 2),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KPW", 2),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("WST", 2),
    ("XCD", 2),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

impl Currency {
    /// Looks a code up (exact, upper case). `None` for a code this table does not know.
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(code, minor_units)| Currency { code, minor_units })
    }

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// The number of minor-unit digits (2 for BRL, 0 for JPY, 3 for KWD).
    pub fn minor_units(self) -> u32 {
        self.minor_units
    }

    /// Checks that `amount` has no non-zero digit past the minor units and returns it written
    /// at exactly the currency's scale (`12.3` BRL becomes `12.30`).
    pub fn fit(self, amount: Decimal) -> Result<Decimal, String> {
        let mut exact = amount.normalize();
        if exact.scale() > self.minor_units {
            return Err(format!(
                "{} allows {} decimal{}, got {}",
                self.code,
                self.minor_units,
                if self.minor_units == 1 { "" } else { "s" },
                amount
            ));
        }
        exact.rescale(self.minor_units);
        Ok(exact)
    }

    /// One minor unit (0.01 for BRL, 1 for JPY).
    pub fn unit(self) -> Decimal {
        Decimal::new(1, self.minor_units)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// Parses the amount grammar `-?digits(.digits)?` exactly.
///
/// Leading zeros of the integer part and trailing zeros of the fraction are dropped; what is
/// left may have at most [`MAX_INTEGER_DIGITS`] integer digits and [`MAX_MINOR_UNITS`] decimals.
/// A negative zero is zero. The currency check comes later ([`Currency::fit`]), where the
/// currency is known.
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    let expected = || format!("expected a decimal string like \"12.34\", got {text:?}");
    // Read as bytes, the trims and checks as loops over them (issue 20: `str`'s pattern
    // searchers made this ~740 instructions for "10.00" at opt-level "z", once per price).
    let (negative, unsigned) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let (int, frac) = match unsigned.iter().position(|&b| b == b'.') {
        Some(dot) => (
            unsigned.get(..dot).unwrap_or_default(),
            Some(unsigned.get(dot.saturating_add(1)..).unwrap_or_default()),
        ),
        None => (unsigned, None),
    };
    let all_digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(expected());
    }
    let mut int = int;
    while let [b'0', rest @ ..] = int {
        int = rest;
    }
    let mut frac = frac.unwrap_or_default();
    while let [rest @ .., b'0'] = frac {
        frac = rest;
    }
    if int.len() > MAX_INTEGER_DIGITS {
        return Err(format!(
            "amount out of range: at most {MAX_INTEGER_DIGITS} integer digits, got {text:?}"
        ));
    }
    if frac.len() > MAX_MINOR_UNITS as usize {
        return Err(format!(
            "too many decimals: no currency has more than {MAX_MINOR_UNITS}, got {text:?}"
        ));
    }
    // At most 15 + 3 digits: the mantissa fits a u64 (< 10^18), built digit by digit with
    // no text in between.
    let mut mantissa: u64 = 0;
    for &digit in int.iter().chain(frac) {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(digit.wrapping_sub(b'0'))))
            .ok_or_else(expected)?;
    }
    let scale = u32::try_from(frac.len()).map_err(|_| expected())?;
    let mut amount = Decimal::from_i128_with_scale(i128::from(mantissa), scale);
    amount.set_sign_negative(negative && mantissa != 0);
    Ok(amount)
}

/// An amount written as `Decimal`'s `Display` writes it (the digits at its own scale, `-`
/// when its sign is negative), on the stack and several times faster: every amount this
/// crate writes has a mantissa below 2^64, whose digits come from plain `u64` division instead
/// of `rust_decimal`'s digit-by-digit division of a 96-bit number and the formatting
/// machinery. Outcomes carry some 30 amounts and a state of 10 000 items 10 000 prices.
pub fn write_amount(amount: Decimal) -> AmountText {
    // The text ends one byte short of the buffer and starts at least one byte into it: room
    // for the quotes of [`AmountText::quoted`].
    let last = AMOUNT_TEXT_LEN.saturating_sub(1);
    let mut text = AmountText {
        bytes: [0; AMOUNT_TEXT_LEN],
        start: last,
        end: last,
    };
    // The parts as they are stored (no 128-bit mantissa built and negated: issue 20).
    let parts = amount.unpack();
    let scale = usize::try_from(parts.scale).unwrap_or(usize::MAX);
    match parts.hi {
        // A mantissa below 2^64. (Below 2^32 the writers of the outcome and the explanation
        // take `ShortAmount` instead, whose `/ 10` is a multiplication: here each is a
        // `u64` division, an `i64.div_u` per digit in the `.wasm`; issue 20.)
        0 if scale < AMOUNT_TEXT_LEN.saturating_sub(4) => {
            // From the last digit back, in place: the `scale` digits after the point, the
            // point, then at least one digit before it (one pass, no copies).
            let mut rest = (u64::from(parts.mid) << 32) | u64::from(parts.lo);
            // `rest % 10` is below 10: the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            let digit = |rest: u64| b'0'.wrapping_add((rest % 10) as u8);
            for _ in 0..scale {
                text.put(digit(rest));
                rest /= 10;
            }
            if scale > 0 {
                text.put(b'.');
            }
            loop {
                text.put(digit(rest));
                rest /= 10;
                if rest == 0 {
                    break;
                }
            }
            if parts.negative {
                text.put(b'-');
            }
        }
        // Beyond 64 bits (never an amount of this crate): `Display` itself, written forward
        // from the second byte, which always fits (at most 29 digits, a point, a sign and a
        // leading zero).
        _ => {
            use fmt::Write as _;
            text.start = 1;
            text.end = 1;
            let _ = write!(text, "{amount}");
        }
    }
    text
}

/// The text of the amount whose mantissa is `lo` (below 2^32), at `scale` (below 10),
/// written backwards into `bytes` ending before `end`: the index of its first byte.
/// The `scale` digits after the point, the point, at least one digit before it, the sign;
/// each `/ 10` a multiplication ([`div10`]): the `.wasm` at `"z"` divides a `u64` by 10 with
/// `i64.div_u`, which V8 runs as a 64-bit `div` per digit (issue 20).
#[inline]
fn u32_digits(bytes: &mut [u8], end: usize, lo: u32, scale: usize, negative: bool) -> usize {
    let mut at = end;
    let mut put = |at: &mut usize, byte: u8| {
        *at = at.saturating_sub(1);
        if let Some(slot) = bytes.get_mut(*at) {
            *slot = byte;
        }
    };
    let mut rest = lo;
    for _ in 0..scale {
        let (quotient, digit) = div10(rest);
        put(&mut at, digit);
        rest = quotient;
    }
    if scale > 0 {
        put(&mut at, b'.');
    }
    loop {
        let (quotient, digit) = div10(rest);
        put(&mut at, digit);
        rest = quotient;
        if rest == 0 {
            break;
        }
    }
    if negative {
        put(&mut at, b'-');
    }
    at
}

/// An amount whose mantissa is below 2^32 and whose scale is below 10 (every amount of a
/// preview in practice: 42,949,672.95 at two digits), to be written as [`write_amount`] writes
/// it, between quotes when `quoted` (`"10.00"`: a JSON string), straight into the bytes it
/// takes in a text ([`ShortAmount::write`]): its width is known first, so a writer makes room
/// and the digits go in place, without a buffer of their own and a copy (issue 20).
pub(crate) struct ShortAmount {
    lo: u32,
    scale: usize,
    negative: bool,
    quoted: bool,
    /// The text's length in bytes (at most 10 digits, a point, a `0`, a sign and two quotes).
    pub(crate) width: usize,
}

impl ShortAmount {
    /// `amount`, when it is short; its flags and words read off its bytes (no call).
    #[inline]
    pub(crate) fn of(amount: &Decimal, quoted: bool) -> Option<ShortAmount> {
        let (flags, lo, high) = parts(amount);
        let scale = (flags >> 16) & 0xff;
        if high != 0 || scale >= 10 {
            return None;
        }
        let scale = usize::try_from(scale).ok()?;
        // The digits of the mantissa, at least one more than the scale (`0.05`), the point, the
        // sign, the quotes.
        let mut digits = 1_usize;
        let mut power = 10_u64;
        while u64::from(lo) >= power {
            digits = digits.saturating_add(1);
            power = power.saturating_mul(10);
        }
        let negative = flags & 0x8000_0000 != 0;
        let width = digits
            .max(scale.saturating_add(1))
            .saturating_add(usize::from(scale > 0))
            .saturating_add(usize::from(negative))
            .saturating_add(if quoted { 2 } else { 0 });
        Some(ShortAmount {
            lo,
            scale,
            negative,
            quoted,
            width,
        })
    }

    /// Writes the text into `into`, of [`ShortAmount::width`] bytes.
    #[inline]
    pub(crate) fn write(&self, into: &mut [u8]) {
        let mut end = into.len();
        if self.quoted {
            if let Some(first) = into.first_mut() {
                *first = b'"';
            }
            if let Some(last) = into.last_mut() {
                *last = b'"';
            }
            end = end.saturating_sub(1);
        }
        u32_digits(into, end, self.lo, self.scale, self.negative);
    }
}

/// `n / 10` and the ASCII digit of `n % 10`, without a division: `n · ⌈2^35 / 10⌉ / 2^35` is
/// `n / 10` for every `u32` (0xCCCC_CCCD = ⌈2^35 / 10⌉; the error term stays below 1/10 of
/// the next integer for n < 2^32, the classic constant compilers use for this division).
#[inline(always)]
fn div10(n: u32) -> (u32, u8) {
    let product = u64::from(n).wrapping_mul(0xCCCC_CCCD);
    // The quotient is below 2^32 and the remainder below 10: the casts are exact.
    #[allow(clippy::cast_possible_truncation)]
    let quotient = (product >> 35) as u32;
    #[allow(clippy::cast_possible_truncation)]
    let digit = n.wrapping_sub(quotient.wrapping_mul(10)) as u8;
    (quotient, b'0'.wrapping_add(digit))
}

/// The most bytes [`write_amount`] writes (29 digits, a point, a sign, and a leading `0`),
/// and two quotes.
const AMOUNT_TEXT_LEN: usize = 34;

/// An amount's text, on the stack ([`write_amount`]): `bytes[start..end]`.
pub struct AmountText {
    bytes: [u8; AMOUNT_TEXT_LEN],
    start: usize,
    end: usize,
}

impl AmountText {
    /// Puts `byte` before the text.
    fn put(&mut self, byte: u8) {
        self.start = self.start.saturating_sub(1);
        if let Some(slot) = self.bytes.get_mut(self.start) {
            *slot = byte;
        }
    }

    /// Adds `bytes` after the text.
    fn push(&mut self, bytes: &[u8]) {
        let end = self.end.saturating_add(bytes.len());
        if let Some(into) = self.bytes.get_mut(self.end..end) {
            into.copy_from_slice(bytes);
            self.end = end;
        }
    }

    /// The text's bytes (ASCII: digits, `.`, `-`).
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(self.start..self.end).unwrap_or_default()
    }

    /// The text between quotes (`"10.00"`, a JSON string), as bytes: one piece for a JSON
    /// writer (`json_text::JsonText::amount`).
    pub fn quoted(&mut self) -> &[u8] {
        self.start = self.start.saturating_sub(1);
        if let Some(open) = self.bytes.get_mut(self.start) {
            *open = b'"';
        }
        if let Some(close) = self.bytes.get_mut(self.end) {
            *close = b'"';
            self.end = self.end.saturating_add(1);
        }
        self.as_bytes()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.bytes
            .get(self.start..self.end)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl fmt::Write for AmountText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s.as_bytes());
        Ok(())
    }
}

/// Whether `amount` is in the amount range, |amount| < 10^15 (at most [`MAX_INTEGER_DIGITS`]
/// integer digits): the range [`parse_amount`] reads, checked on the `Decimal` itself, without
/// writing it out as text (a validation of 10 000 items checks 10 000 line values).
///
/// On the stored parts (issue 20: `Decimal`'s comparison rescales one side first, ~180
/// instructions at opt-level "z"): |amount| < 10^15 ⇔ |mantissa| < 10^(15 + scale), and a
/// mantissa is below 2^96 < 10^29, so from scale 14 on every amount is in range.
pub fn in_range(amount: Decimal) -> bool {
    let (mantissa, scale) = mantissa_of(amount);
    mantissa_in_range(mantissa, scale)
}

/// The magnitude of a `Decimal`'s stored mantissa (below 2^96), and its scale.
#[inline]
fn mantissa_of(amount: Decimal) -> (u128, u32) {
    let parts = amount.unpack();
    let mantissa =
        (u128::from(parts.hi) << 64) | (u128::from(parts.mid) << 32) | u128::from(parts.lo);
    (mantissa, parts.scale)
}

/// |mantissa| × 10^-scale < 10^15 (see [`in_range`]).
fn mantissa_in_range(mantissa: u128, scale: u32) -> bool {
    /// 10^(15 + scale) for the scales 0 to 13 (10^28 fits a u128).
    const LIMITS: [u128; 14] = [
        10_u128.pow(15),
        10_u128.pow(16),
        10_u128.pow(17),
        10_u128.pow(18),
        10_u128.pow(19),
        10_u128.pow(20),
        10_u128.pow(21),
        10_u128.pow(22),
        10_u128.pow(23),
        10_u128.pow(24),
        10_u128.pow(25),
        10_u128.pow(26),
        10_u128.pow(27),
        10_u128.pow(28),
    ];
    usize::try_from(scale)
        .ok()
        .and_then(|scale| LIMITS.get(scale))
        .map_or(true, |&limit| mantissa < limit)
}

/// An item line's value, `quantity × price`, is an amount in range: what
/// `price.times(quantity).is_ok_and(in_range)` says, on the stored parts when the product of
/// the mantissas is below 2^96 (then `checked_mul` is exact: that product at the price's
/// scale), else through `Decimal` as before (issue 20: once per item of every state read,
/// `Decimal`'s multiplication was ~2.7 % of a 1,000-item preview's instructions).
pub fn line_in_range(price: Decimal, quantity: u64) -> bool {
    let parts = price.unpack();
    // A mantissa and a quantity below 2^32 (every real price and quantity): their product
    // fits a u64, one 64-bit multiplication (a u128's is a call to `__multi3` in the `.wasm`).
    if let (0, 0, Ok(q)) = (parts.hi, parts.mid, u32::try_from(quantity)) {
        // (2^32 − 1)^2 < 2^64: it does not wrap.
        let product = u64::from(parts.lo).wrapping_mul(u64::from(q));
        return mantissa_in_range(u128::from(product), parts.scale);
    }
    let (mantissa, scale) = mantissa_of(price);
    match mantissa.checked_mul(u128::from(quantity)) {
        Some(product) if product < 1 << 96 => mantissa_in_range(product, scale),
        _ => price.times(Decimal::from(quantity)).is_ok_and(in_range),
    }
}

/// Writes an amount with exactly the currency's minor-unit digits: `"60.00"`, `"1500"` (JPY),
/// `"10.000"` (KWD). Amounts inside the engine are already at that scale; this makes it certain.
pub fn format(amount: Decimal, currency: Currency) -> String {
    let mut a = amount.round_dp(currency.minor_units);
    a.rescale(currency.minor_units);
    if a.is_zero() {
        a.set_sign_positive(true);
    }
    write_amount(a).as_str().to_string()
}

/// An amount in minor units, as an integer (`12.34` BRL is 1234). Used where exact integer
/// division is needed (splits).
pub fn to_minor(amount: Decimal, currency: Currency) -> Result<i128, Overflow> {
    let scaled = amount.times(Decimal::from(10_i64.pow(currency.minor_units)))?;
    if scaled.fract().is_zero() {
        scaled.trunc().try_into().map_err(|_| Overflow)
    } else {
        Err(Overflow)
    }
}

/// The amount that `minor` minor units make (`1234` BRL is 12.34).
pub fn from_minor(minor: i128, currency: Currency) -> Result<Decimal, Overflow> {
    Decimal::try_from_i128_with_scale(minor, currency.minor_units).map_err(|_| Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// `in_range` on the stored parts is `|amount| < 10^15` at every scale and sign.
    #[test]
    fn in_range_is_the_comparison() {
        let limit = Decimal::new(1_000_000_000_000_000, 0);
        let mut cases = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, limit, -limit];
        for scale in 0..=28 {
            for m in [
                0_i128,
                1,
                999_999_999_999_999,
                1_000_000_000_000_000,
                10_i128.pow(15) * 10_i128.pow(scale.min(13)) - 1,
                10_i128.pow(15) * 10_i128.pow(scale.min(13)),
                79_228_162_514_264_337_593_543_950_335,
            ] {
                for sign in [1, -1] {
                    cases.push(Decimal::from_i128_with_scale(sign * m, scale));
                }
            }
        }
        for d in cases {
            assert_eq!(in_range(d), d.abs() < limit, "{d} (scale {})", d.scale());
        }
    }

    /// `line_in_range` says what `times` then `in_range` say, at every scale and sign, for
    /// quantities from 1 to 2^53 − 1 and products on both sides of 2^96 and of the limit.
    #[test]
    fn line_in_range_is_times_then_in_range() {
        let quantities = [
            1_u64,
            2,
            3,
            7,
            10,
            999,
            1 << 20,
            (1 << 32) + 1,
            (1 << 53) - 1,
        ];
        for scale in 0..=28 {
            for m in [
                0_i128,
                1,
                5,
                999,
                1_000,
                999_999_999_999_999,
                1_000_000_000_000_000,
                10_i128.pow(15) * 10_i128.pow(scale.min(13)) - 1,
                10_i128.pow(15) * 10_i128.pow(scale.min(13)),
                (1_i128 << 64) - 1,
                1_i128 << 70,
                79_228_162_514_264_337_593_543_950_335,
            ] {
                for sign in [1, -1] {
                    let price = Decimal::from_i128_with_scale(sign * m, scale);
                    for q in quantities {
                        let slow = price.times(Decimal::from(q)).is_ok_and(in_range);
                        assert_eq!(line_in_range(price, q), slow, "{price} × {q}");
                    }
                }
            }
        }
    }

    #[test]
    fn grammar_accepts_plain_decimals() {
        assert_eq!(parse_amount("12.34").unwrap(), d("12.34"));
        assert_eq!(parse_amount("12.340").unwrap(), d("12.34"));
        assert_eq!(parse_amount("0012").unwrap(), d("12"));
        assert_eq!(parse_amount("-5.00").unwrap(), d("-5"));
        assert_eq!(parse_amount("0").unwrap(), Decimal::ZERO);
        assert!(!parse_amount("-0.00").unwrap().is_sign_negative());
        assert_eq!(
            parse_amount("999999999999999.999").unwrap(),
            d("999999999999999.999")
        );
    }

    #[test]
    fn grammar_refuses_what_rust_decimal_would_take() {
        for bad in [
            "", "-", "+1", "1e2", "1E2", "1_000", " 12.00", "12.00 ", "12,00", ".5", "5.", "1.2.3",
            "abc", "--1", "0x10", "１２", "NaN", "Infinity",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(parse_amount("1000000000000000")
            .unwrap_err()
            .contains("out of range"));
        assert!(parse_amount("1.0001")
            .unwrap_err()
            .contains("too many decimals"));
        // Trailing zeros past the limit are fine: they change nothing.
        assert_eq!(
            parse_amount("1.000000000000000000000000000000000000").unwrap(),
            d("1")
        );
    }

    #[test]
    fn the_grammar_reads_what_from_str_exact_reads() {
        for text in [
            "0",
            "-0",
            "-0.000",
            "12.34",
            "012.340",
            "0.5",
            "-5.00",
            "1.001",
            "999999999999999.999",
            "-999999999999999.999",
            "100",
            "000",
            "7.000",
        ] {
            let ours = parse_amount(text).unwrap();
            let theirs = Decimal::from_str_exact(text).unwrap().normalize();
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
            assert!(!(ours.is_zero() && ours.is_sign_negative()), "{text}");
        }
    }

    #[test]
    fn small_sums_are_rust_decimals_bit_for_bit() {
        // Mantissas at the edges (zero, one, 2^31, 2^32 - 1, 2^32, past 64 bits) and random
        // ones, every sign (a negative zero too), scales equal and not: the fast path's result
        // must be `checked_add`'s and `checked_sub`'s to the bit, or it must leave it to them.
        let mut mantissas: Vec<i128> = vec![
            0,
            1,
            2,
            9,
            10,
            1_000,
            (1 << 31) - 1,
            1 << 31,
            (1 << 32) - 1,
            1 << 32,
            (1 << 32) + 1,
            1 << 63,
            (1 << 95) - 1,
        ];
        let mut n: u32 = 7;
        for _ in 0..60 {
            n = n.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            mantissas.push(i128::from(n));
            mantissas.push(i128::from(n % 100_000));
        }
        let mut values = Vec::new();
        for m in &mantissas {
            for scale in [0, 2, 3] {
                let positive = Decimal::from_i128_with_scale(*m, scale);
                let mut negative = positive;
                negative.set_sign_negative(true);
                values.push(positive);
                values.push(negative);
            }
        }
        for a in &values {
            assert_eq!(positive(*a), *a > Decimal::ZERO, "{a:?}");
            let bits = |d: Decimal| d.serialize();
            assert_eq!(
                bits(at_least_zero(*a)),
                bits(Decimal::max(*a, Decimal::ZERO)),
                "{a:?}"
            );
            assert_eq!(negative(*a), *a < Decimal::ZERO, "{a:?}");
            for b in &values {
                assert_eq!(compare(a, b), a.cmp(b), "{a:?} <> {b:?}");
                assert_eq!(
                    bits(smaller(*a, *b)),
                    bits(Decimal::min(*a, *b)),
                    "min {a:?} {b:?}"
                );
                assert_eq!(
                    bits(larger(*a, *b)),
                    bits(Decimal::max(*a, *b)),
                    "max {a:?} {b:?}"
                );
                let (sum, difference) = (a.plus(*b).ok(), a.minus(*b).ok());
                let want = (a.checked_add(*b), a.checked_sub(*b));
                assert_eq!(
                    sum.map(|s| s.serialize()),
                    want.0.map(|s| s.serialize()),
                    "{a:?} + {b:?}"
                );
                assert_eq!(
                    difference.map(|s| s.serialize()),
                    want.1.map(|s| s.serialize()),
                    "{a:?} - {b:?}"
                );
                assert_eq!(
                    excess(*a, *b).ok().map(|s| s.serialize()),
                    want.1.map(|d| Decimal::max(d, Decimal::ZERO).serialize()),
                    "excess({a:?}, {b:?})"
                );
            }
        }
    }

    #[test]
    fn div10_is_the_division() {
        let mut n: u32 = 1;
        let check = |n: u32| {
            let (q, d) = div10(n);
            assert_eq!((q, d), (n / 10, b'0' + (n % 10) as u8), "{n}");
        };
        for k in 0..=u32::MAX / 65_537 {
            check(k.wrapping_mul(65_537));
        }
        for edge in [
            0,
            9,
            10,
            11,
            99,
            100,
            u32::MAX,
            u32::MAX - 1,
            u32::MAX - 5,
            1 << 31,
        ] {
            check(edge);
        }
        for _ in 0..100_000 {
            n = n.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            check(n);
        }
    }

    #[test]
    fn write_amount_is_display() {
        let mut cases: Vec<Decimal> = [
            "0",
            "0.00",
            "-0.00",
            "12.34",
            "-12.34",
            "0.05",
            "-0.005",
            "1500",
            "10.000",
            "999999999999999.999",
            "42949672.95",
            "42949672.96",
            "-4294967295",
            "4294967296",
            "0.000000001",
            "0.0000000001",
            "18446744073709551615",
            "18446744073709551616",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "7922816251426433759354395033.5",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        cases.push(negative_zero);
        // Every count of digits at its edges (the width of a short amount), at scales around them.
        for m in [
            1_i64,
            9,
            10,
            99,
            100,
            999_999_999,
            1_000_000_000,
            4_294_967_295,
            4_294_967_296,
        ] {
            for scale in [0, 1, 2, 3, 9, 10, 11] {
                cases.push(Decimal::new(m, scale));
                cases.push(Decimal::new(-m, scale));
            }
        }
        // A spread of mantissas and scales.
        let mut m: i64 = 1;
        for scale in 0..=28 {
            m = m
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            cases.push(Decimal::new(m, scale));
            cases.push(Decimal::new(m % 1000, scale));
        }
        for amount in cases {
            assert_eq!(
                write_amount(amount).as_str(),
                amount.to_string(),
                "{amount:?}"
            );
            assert_eq!(
                write_amount(amount).quoted(),
                format!("\"{amount}\"").as_bytes(),
                "{amount:?}"
            );
            let written = |quoted: bool| {
                ShortAmount::of(&amount, quoted).map(|short| {
                    let mut bytes = vec![b'#'; short.width];
                    short.write(&mut bytes);
                    String::from_utf8(bytes).unwrap()
                })
            };
            if let Some(text) = written(false) {
                assert_eq!(text, amount.to_string(), "{amount:?}");
            }
            if let Some(text) = written(true) {
                assert_eq!(text, format!("\"{amount}\""), "{amount:?}");
            }
            let short = amount.mantissa().unsigned_abs() < 1 << 32 && amount.scale() < 10;
            assert_eq!(
                ShortAmount::of(&amount, true).is_some(),
                short,
                "{amount:?}"
            );
        }
    }

    #[test]
    fn in_range_is_what_the_grammar_reads() {
        for (amount, inside) in [
            ("0", true),
            ("999999999999999.999", true),
            ("-999999999999999.999", true),
            ("1000000000000000", false),
            ("-1000000000000000", false),
            ("1000000000000000.5", false),
            ("79228162514264337593543950335", false),
        ] {
            assert_eq!(in_range(d(amount)), inside, "{amount}");
            // The check it replaces: the integer part read back through the grammar.
            let text = d(amount).trunc().to_string();
            assert_eq!(parse_amount(&text).is_ok(), inside, "{amount}");
        }
    }

    #[test]
    fn currency_scale() {
        let brl = Currency::from_code("BRL").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(brl.fit(d("12.3")).unwrap().to_string(), "12.30");
        assert!(brl.fit(d("12.345")).is_err());
        assert_eq!(jpy.fit(d("1500.0")).unwrap().to_string(), "1500");
        assert!(jpy.fit(d("1500.5")).is_err());
        assert_eq!(format(d("10"), kwd), "10.000");
        assert_eq!(format(-Decimal::ZERO, brl), "0.00");
        assert!(Currency::from_code("XYZ").is_none());
        assert!(Currency::from_code("brl").is_none());
    }

    #[test]
    fn minor_units_round_trip() {
        let brl = Currency::from_code("BRL").unwrap();
        assert_eq!(to_minor(d("12.34"), brl).unwrap(), 1234);
        assert_eq!(from_minor(1234, brl).unwrap(), d("12.34"));
        assert_eq!(to_minor(d("12.345"), brl), Err(Overflow));
    }

    #[test]
    fn checked_arithmetic_reports_overflow() {
        assert_eq!(Decimal::MAX.plus(Decimal::ONE), Err(Overflow));
        assert_eq!(Decimal::MIN.minus(Decimal::ONE), Err(Overflow));
        assert_eq!(Decimal::MAX.times(d("2")), Err(Overflow));
        assert_eq!(sum([d("1.10"), d("2.20")]).unwrap(), d("3.30"));
        assert_eq!(excess(d("1"), d("3")).unwrap(), Decimal::ZERO);
    }
}
