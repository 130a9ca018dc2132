// Exact amounts for the page: decimal strings in, decimal strings out, BigInt minor units in
// between. Amounts never go through floating point; the currency's format comes from
// Intl.NumberFormat, which formats the exact decimal string itself.

const AMOUNT = /^-?\d+(\.\d+)?$/;

export class Money {
  /** `digits`: the currency's minor units, read from an amount the engine wrote ("100.00"). */
  constructor(currency, digits, locale = undefined) {
    this.currency = currency;
    this.digits = digits;
    this.unit = 10n ** BigInt(digits);
    this.format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    this.plain = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  }

  /** The currency of a state the engine wrote (its `value` has exactly the currency's digits). */
  static of(state, locale) {
    const digits = (String(state.value).split(".")[1] ?? "").length;
    return new Money(state.currency, digits, locale);
  }

  /** A decimal string as minor units, or null when it is not an amount of this currency. */
  minor(text) {
    const s = String(text ?? "").trim();
    if (!AMOUNT.test(s)) return null;
    const negative = s.startsWith("-");
    const [whole, frac = ""] = s.replace(/^-/, "").split(".");
    if (frac.length > this.digits && /[1-9]/.test(frac.slice(this.digits))) return null;
    const cents = BigInt(whole) * this.unit + BigInt((frac + "0".repeat(this.digits)).slice(0, this.digits) || "0");
    return negative ? -cents : cents;
  }

  /** Minor units as the engine writes amounts: "60.00", "1500", "10.000". */
  text(minor) {
    const negative = minor < 0n;
    const abs = negative ? -minor : minor;
    const whole = abs / this.unit;
    const frac = (abs % this.unit).toString().padStart(this.digits, "0");
    return `${negative ? "-" : ""}${whole}${this.digits ? "." + frac : ""}`;
  }

  /** `a + b` of two amount strings. */
  add(a, b) {
    return this.text(this.minor(a) + this.minor(b));
  }

  /** `price × quantity` (quantity a whole number). */
  times(price, quantity) {
    return this.text(this.minor(price) * BigInt(quantity));
  }

  /** The sum of amount strings. */
  sum(list) {
    return this.text(list.reduce((acc, a) => acc + this.minor(a), 0n));
  }

  /** "R$ 1.234,56" in the page's locale, from the exact string. */
  show(amount) {
    return this.format.format(String(amount));
  }

  /** The share of `part` in `whole`, as a CSS percentage (presentation only). */
  static percent(part, whole) {
    if (whole <= 0n || part <= 0n) return 0;
    return Number((part * 1_000_000n) / whole) / 10_000;
  }
}
