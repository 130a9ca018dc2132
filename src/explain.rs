//! Writing an outcome's explanation (api.md section 8) as the engine moves the money.
//!
//! The engine and the gateway hold one [`Explainer`] per operation and write a line at each
//! step, in the order they take the steps: a gateway request, what the provider did, and the
//! context that decided it (the settlement target, the split order, the mode, why a warning
//! was given, why a rule is broken). Nothing is reconstructed afterwards from the figures.
//!
//! Cost: a line is one `String`. The lines of the common operations (an invoice's settlement
//! target, the split order, the gateway's requests and the provider's moves) are written as
//! [`Piece`]s, words and amounts appended to a `String` allocated once at its size, without
//! `core::fmt` (issue 20: `format_args!` and a `Display` call per amount were a sixth of a
//! preview's instructions at `opt-level = "z"`); the rarer lines use `format_args!` through the
//! same methods ([`Words`]). With the option `explain: false` the explainer is off and no text
//! is written at all.

use crate::codes::ExplainCode;
use crate::json_text::JsonText;
use crate::money::Currency;
use crate::outcome::{write_line, Explanation, Figure, Form, LineText, Money, View, Writer};
use crate::payment::Group;
use rust_decimal::Decimal;
use std::fmt::{self, Write};

/// Collects the lines of one operation's explanation: as [`Explanation`]s, or written straight
/// as the JSON text of the outcome's `explain` list ([`LinesText`], the WebAssembly bindings'
/// outcome text: no `String` per line, no copy of each payment id, issue 20).
#[derive(Debug, Clone)]
pub struct Explainer {
    on: bool,
    digits: u32,
    lines: Vec<Explanation>,
    /// The lines as text, when they are written so ([`Explainer::writing_text`]).
    json: Option<LinesText>,
}

/// An explanation's lines as the JSON text of an outcome's `explain` list, without its
/// brackets, or as its tokens ([`Form`]; [`Explainer::writing_text`]); its buffers are kept
/// from one run to the next.
#[derive(Debug, Clone, Default)]
pub struct LinesText {
    /// The lines written so far (in JSON, commas between them).
    text: JsonText,
    /// The form they are written in.
    form: Form,
    /// The words of the line being written (kept so as not to allocate one per line).
    words: JsonText,
    /// The lines in `text`.
    count: usize,
}

impl LinesText {
    /// The lines' text: `{…},{…}`.
    pub fn bytes(&self) -> &[u8] {
        self.text.bytes()
    }

    /// The lines written.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The lines of the next run are written in `form` (JSON unless told).
    pub fn set_form(&mut self, form: Form) {
        self.form = form;
    }
}

/// An amount written with exactly the currency's digits (`60.00`, JPY `1500`), never `-0`.
#[derive(Debug, Clone, Copy)]
pub struct Amount(Decimal, u32);

/// `amount` at `digits` digits, `0` for `-0`: what a text shows.
fn at_digits(mut amount: Decimal, digits: u32) -> Decimal {
    // Most amounts are at the currency's digits already; `rescale` is not free.
    if amount.scale() != digits {
        amount.rescale(digits);
    }
    if amount.is_zero() {
        amount.set_sign_positive(true);
    }
    amount
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = at_digits(self.0, self.1);
        // The same text as `Decimal`'s `Display`, written faster (explanations write dozens of
        // amounts per outcome); `Display` itself where a width or a precision is asked for.
        if f.width().is_none() && f.precision().is_none() {
            return f.write_str(crate::money::write_amount(a).as_str());
        }
        fmt::Display::fmt(&a, f)
    }
}

impl Explainer {
    /// An explainer for amounts in `currency`; `on: false` writes nothing.
    pub fn new(currency: Currency, on: bool) -> Self {
        Explainer {
            on,
            digits: currency.minor_units(),
            // Room for an invoice's lines at once (7 for two payments): the list grown from
            // nothing was two reallocations and copies of it per preview (issue 20).
            lines: if on {
                Vec::with_capacity(8)
            } else {
                Vec::new()
            },
            json: None,
        }
    }

    /// An explainer that writes its lines as JSON text into `json` (emptied first), as
    /// [`Explanation::write_json`] writes each: [`Explainer::take`] then gives no lines, and
    /// [`Explainer::take_text`] the text.
    pub fn writing_text(currency: Currency, on: bool, mut json: LinesText) -> Self {
        json.text.clear();
        json.count = 0;
        Explainer {
            on,
            digits: currency.minor_units(),
            lines: Vec::new(),
            json: Some(json),
        }
    }

    /// The lines written as text ([`Explainer::writing_text`]; empty otherwise) and how many.
    pub fn text_lines(&self) -> (&[u8], usize) {
        self.json
            .as_ref()
            .map_or((&[], 0), |json| (json.bytes(), json.count))
    }

    /// The text and its buffers, for the next run; the explainer is left without.
    pub fn take_text(&mut self) -> LinesText {
        self.json.take().unwrap_or_default()
    }

    /// Whether lines are written (the option `explain`).
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// `amount` for a text, at the currency's digits.
    pub fn m(&self, amount: Decimal) -> Amount {
        Amount(amount, self.digits)
    }

    /// A line's text written piece by piece (a list of payments, say), for
    /// [`Explainer::say`]; `capacity` bytes to start with (the kept buffer of a text
    /// explainer).
    #[inline(never)]
    pub fn text(&mut self, capacity: usize) -> Text {
        let mut bytes = match &mut self.json {
            Some(json) => std::mem::take(&mut json.words),
            None => JsonText::with_capacity(capacity),
        };
        bytes.clear();
        Text {
            bytes,
            digits: self.digits,
            plain: true,
        }
    }

    /// A context line, about a payment when `payment_id` is given.
    pub fn say(
        &mut self,
        code: impl Into<ExplainCode>,
        rule: &'static str,
        payment_id: Option<&str>,
        text: impl Words,
    ) {
        if self.on {
            let text = text.write(self.text(0));
            self.push(code.into(), rule, payment_id, None, text, false);
        }
    }

    /// A line that moves `amount` (nothing when it is not above zero) of `figure` on a
    /// payment, in a view.
    #[allow(clippy::too_many_arguments)] // the four coordinates of a money line, then the words
    pub fn moved(
        &mut self,
        code: impl Into<ExplainCode>,
        rule: &'static str,
        payment_id: &str,
        view: View,
        figure: Figure,
        amount: Decimal,
        text: impl Words,
    ) {
        if self.on && amount > Decimal::ZERO {
            let money = Some((view, figure, amount));
            let text = text.write(self.text(0));
            self.push(code.into(), rule, Some(payment_id), money, text, false);
        }
    }

    /// One line, put first when `first` (else after the others).
    fn push(
        &mut self,
        code: ExplainCode,
        rule: &'static str,
        payment_id: Option<&str>,
        money: Option<(View, Figure, Decimal)>,
        text: Text,
        first: bool,
    ) {
        let money = match money {
            Some((view, figure, mut amount)) => {
                if amount.scale() != self.digits {
                    amount.rescale(self.digits);
                }
                Some((view, figure, amount))
            }
            None => None,
        };
        let Some(json) = &mut self.json else {
            let (text, plain) = text.finish();
            let (view, figure, amount) = match money {
                Some((view, figure, amount)) => (Some(view), Some(figure), Some(amount)),
                None => (None, None, None),
            };
            let line = Explanation {
                code,
                rule,
                text,
                payment_id: payment_id.map(str::to_string),
                view,
                figure,
                amount,
                plain,
            };
            if first {
                self.lines.insert(0, line);
            } else {
                self.lines.push(line);
            }
            return;
        };
        // Written as `Explanation::write_json` writes the line: the same writer. Commas go
        // between lines of JSON only.
        let start = json.text.len();
        let comma = json.count > 0 && json.form == Form::Json;
        if comma && !first {
            json.text.raw(",");
        }
        let money = match money {
            Some((view, figure, amount)) => Money::All(view, figure, amount),
            None => Money::Some(None, None, None),
        };
        let words = LineText {
            bytes: text.bytes.bytes(),
            plain: text.plain,
        };
        let mut w = Writer {
            w: &mut json.text,
            form: json.form,
        };
        write_line(&mut w, code, rule, words, payment_id, money);
        if first {
            if comma {
                json.text.raw(",");
            }
            json.text.move_tail_to_front(start);
        }
        json.count = json.count.saturating_add(1);
        json.words = text.bytes;
    }

    /// Puts a line first (a fact decided before any money moved).
    pub fn say_first(
        &mut self,
        code: impl Into<ExplainCode>,
        rule: &'static str,
        text: fmt::Arguments<'_>,
    ) {
        if self.on {
            let text = text.write(self.text(0));
            self.push(code.into(), rule, None, None, text, true);
        }
    }

    /// Forgets every line (a rejection explains only why).
    pub fn clear(&mut self) {
        self.lines.clear();
        if let Some(json) = &mut self.json {
            json.text.clear();
            json.count = 0;
        }
    }

    /// The lines, in the order they were written; the explainer is left empty.
    pub fn take(&mut self) -> Vec<Explanation> {
        std::mem::take(&mut self.lines)
    }
}

/// A piece of a line's text: words as they are, or an amount at the currency's digits (the
/// text of [`Amount`]).
///
/// The crate's own words (`S`, `'static`) have nothing a JSON string escapes, so a line
/// written of them, of amounts and of input words (`W`, checked as they are appended) that
/// have none either is marked plain and copied into the outcome's JSON text without a scan
/// of its own (issue 20). An id can only be given as `W`: it is not `'static`.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// The crate's words: no `"`, `\` nor control character.
    S(&'static str),
    /// Words from the input (an id, an invoice number).
    W(&'a str),
    /// An amount.
    M(Decimal),
}

/// The most bytes an amount's text is counted for when a line's room is reserved: an amount
/// of a preview is some 4 to 12 bytes; a longer one grows the `String` once.
const AMOUNT_ROOM: usize = 16;

/// A line's text as it is given to the explainer: [`Piece`]s, or `format_args!` (the rarer
/// lines).
pub trait Words {
    /// Appends the text, amounts at the text's digits, to `text` (the explainer's, empty; see
    /// [`Piece`] for when it stays plain).
    fn write(self, text: Text) -> Text;
}

impl Words for fmt::Arguments<'_> {
    fn write(self, mut text: Text) -> Text {
        text.bytes.reserve(128);
        // Writing into a Text cannot fail.
        let _ = text.write_fmt(self);
        text.plain = false;
        text
    }
}

/// Text written by `format_args!`: looked at for escapes when the outcome is written.
impl fmt::Write for Text {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes.raw(s);
        Ok(())
    }
}

/// A text written piece by piece ([`Explainer::text`]): plain when its pieces were.
impl Words for Text {
    fn write(self, mut text: Text) -> Text {
        if text.bytes.is_empty() {
            return self;
        }
        text.bytes.put(self.bytes.bytes());
        text.plain &= self.plain;
        text
    }
}

/// A text written beforehand: looked at for escapes when the outcome is written.
impl Words for String {
    fn write(self, mut text: Text) -> Text {
        text.bytes.raw(&self);
        text.plain = false;
        text
    }
}

impl<const N: usize> Words for &[Piece<'_>; N] {
    fn write(self, text: Text) -> Text {
        pieces_text(self, text)
    }
}

/// `pieces` appended to `text`, with room reserved at once (one function for every length of
/// the list: the `.wasm` holds one copy).
#[inline(never)]
fn pieces_text(pieces: &[Piece<'_>], mut text: Text) -> Text {
    text.bytes.reserve(room(pieces));
    text.push(pieces);
    text
}

/// The bytes reserved for `pieces`: the words' lengths and [`AMOUNT_ROOM`] per amount.
fn room(pieces: &[Piece<'_>]) -> usize {
    pieces.iter().fold(0_usize, |room, piece| {
        room.saturating_add(match piece {
            Piece::S(words) | Piece::W(words) => words.len(),
            Piece::M(_) => AMOUNT_ROOM,
        })
    })
}

/// A line's text being written ([`Explainer::text`]): bytes, checked as UTF-8 once at the end
/// (an amount's ASCII digits are copied as they are, not each checked as a `str`), written
/// as [`JsonText`] writes (short pieces by words into a buffer initialised once, not a
/// `memory.copy` each: issue 20).
#[derive(Debug)]
pub struct Text {
    bytes: JsonText,
    digits: u32,
    /// Nothing appended so far has a byte a JSON string escapes.
    plain: bool,
}

impl Text {
    /// Appends `pieces`.
    pub fn push(&mut self, pieces: &[Piece<'_>]) {
        for piece in pieces {
            match *piece {
                Piece::S(words) => {
                    debug_assert!(!needs_escape(words), "{words:?}");
                    self.bytes.raw(words);
                }
                Piece::W(words) => {
                    self.plain &= !needs_escape(words);
                    self.bytes.raw(words);
                }
                Piece::M(amount) => {
                    let amount = at_digits(amount, self.digits);
                    self.bytes.amount_text(amount, false);
                }
            }
        }
    }
}

impl Text {
    /// The text, and whether it has nothing a JSON string escapes.
    pub fn finish(self) -> (String, bool) {
        let plain = self.plain;
        (self.into(), plain)
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        // Words are `str`s and amounts ASCII: the bytes are UTF-8 (the lossy copy is never made).
        text.bytes.finish()
    }
}

/// Whether `words` have a byte a JSON string escapes: `"`, `\` or a control character below
/// U+0020 (an id is a few bytes: looked at one by one).
fn needs_escape(words: &str) -> bool {
    words.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)
}

/// Text written by a closure (a list of payments, say), for `format_args!`.
pub struct Show<F>(pub F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Show<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// A count of units (`1 unit`, `2 units`).
#[derive(Debug, Clone, Copy)]
pub struct Units(pub u64);

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.0 == 1 { "unit" } else { "units" };
        write!(f, "{} {s}", self.0)
    }
}

/// How a text names a payment's group (`"Gift card"`).
pub fn group_label(group: Group) -> &'static str {
    match group {
        Group::CreditCard => "Credit card",
        Group::DebitCard => "Debit card",
        Group::GiftCard => "Gift card",
        Group::Promissory => "Promissory note",
        Group::BankInvoice => "Bank invoice",
        Group::InstantPayment => "Instant payment",
        Group::Cash => "Cash",
        Group::CreditControl => "Customer credit",
        Group::Other => "Payment",
    }
}

#[cfg(test)]
mod tests {
    use super::Piece::{M, S, W};
    use super::*;

    #[test]
    fn amounts_at_the_currency_digits() {
        let jpy = Currency::from_code("JPY").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        let e = Explainer::new(kwd, true);
        assert_eq!(e.m(Decimal::new(15, 1)).to_string(), "1.500");
        assert_eq!(e.m(Decimal::new(-0, 2)).to_string(), "0.000");
        let e = Explainer::new(jpy, true);
        assert_eq!(e.m(Decimal::new(1500, 0)).to_string(), "1500");
    }

    #[test]
    fn pieces_write_the_text_of_format_args() {
        let kwd = Currency::from_code("KWD").unwrap();
        let e = Explainer::new(kwd, true);
        let (a, z) = (Decimal::new(15, 1), Decimal::new(-0, 2));
        let pieces = &[
            S("Paid "),
            M(a),
            S(" on "),
            W("p1 ü"),
            S(", "),
            M(z),
            S("."),
        ];
        let (ta, tz) = (e.m(a), e.m(z));
        let blank = || Text {
            bytes: JsonText::default(),
            digits: e.digits,
            plain: true,
        };
        let words = |w: &dyn Fn(Text) -> Text| w(blank()).finish();
        assert_eq!(
            words(&|t| pieces.write(t)).0,
            words(&|t| format_args!("Paid {ta} on p1 ü, {tz}.").write(t)).0
        );
        assert_eq!(
            words(&|t| pieces.write(t)),
            ("Paid 1.500 on p1 ü, 0.000.".to_string(), true)
        );
        // Input words with a byte to escape make the line not plain.
        assert_eq!(
            words(&|t| (&[S("Id "), W("a\"b"), S(".")]).write(t)),
            ("Id a\"b.".to_string(), false)
        );
        assert!(!words(&|t| (&[W("tab\t")]).write(t)).1);
        assert!(words(&|t| (&[W("p1 ü"), M(a)]).write(t)).1);
        let x = Decimal::new(-12345, 4);
        let mut e = e;
        let mut text = e.text(4);
        text.push(&[S("The "), M(x), S(".")]);
        assert_eq!(String::from(text), format!("The {}.", e.m(x)));
    }

    #[test]
    fn off_writes_nothing_and_zero_moves_nothing() {
        let brl = Currency::from_code("BRL").unwrap();
        let mut off = Explainer::new(brl, false);
        off.say(
            crate::codes::StepCode::ToSettle,
            "6.1",
            None,
            format_args!("x"),
        );
        assert!(off.take().is_empty());
        let mut on = Explainer::new(brl, true);
        let zero = Decimal::ZERO;
        let (v, f) = (View::Gateway, Figure::Settle);
        on.moved(
            crate::codes::StepCode::GatewaySettle,
            "6.1",
            "p1",
            v,
            f,
            zero,
            format_args!("x"),
        );
        assert!(on.take().is_empty());
    }
}
