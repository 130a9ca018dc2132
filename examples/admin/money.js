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
    // What an amount box shows: the locale's decimal separator, no grouping ("1234,56").
    this.box = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: false,
    });
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    this.group = parts.find((p) => p.type === "group")?.value ?? ",";
    this.decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
  }

  /** An amount as typed in the browser's locale ("10,50" or "1.234,56" in pt-BR, "1,234.56"
   *  in en-US) or as the engine writes it ("10.50"), as the engine's decimal string, converted
   *  character by character (never through a float); null when it is neither. The locale's
   *  grouping is accepted only where it groups thousands ("1.500" is 1500 in pt-BR, "10.50" is
   *  ten and a half). Whether it fits the currency's digits is the engine's to say. */
  fromLocal(text) {
    let s = String(text ?? "").trim();
    const negative = s.startsWith("-");
    if (negative) s = s.slice(1).trim();
    const sign = negative ? "-" : "";
    const spaces = /^[\s\u00a0\u202f]$/.test(this.group);
    const group = spaces ? "[\\s\\u00a0\\u202f]" : this.group.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const grouped = new RegExp(`^\\d{1,3}(?:${group}\\d{3})+$`);
    if (/^\d+(\.\d+)?$/.test(s) && !(this.group === "." && grouped.test(s))) return sign + s;
    const pieces = s.split(this.decimal);
    if (pieces.length > 2) return null;
    const [whole, frac] = pieces;
    if (!(/^\d+$/.test(whole) || grouped.test(whole))) return null;
    if (frac !== undefined && !/^\d+$/.test(frac)) return null;
    return `${sign}${whole.replace(/\D/g, "")}${frac !== undefined ? `.${frac}` : ""}`;
  }

  /** An engine amount as an amount box shows it in the browser's locale ("26,54" in pt-BR). */
  local(amount) {
    return this.box.format(String(amount));
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

  /** A decimal string ("10.50") as VTEX's integer cents (1050): hundredths of the major unit in
   *  every currency (vtex-notes section 1), digit by digit through BigInt; null when it is no
   *  amount, has a fraction of a cent, or is past what a JSON number holds exactly. */
  static cents(text) {
    const s = String(text ?? "").trim();
    if (!AMOUNT.test(s)) return null;
    const [whole, frac = ""] = s.replace(/^-/, "").split(".");
    if (/[1-9]/.test(frac.slice(2))) return null;
    const abs = BigInt(whole) * 100n + BigInt(frac.slice(0, 2).padEnd(2, "0"));
    const cents = s.startsWith("-") ? -abs : abs;
    return cents <= BigInt(Number.MAX_SAFE_INTEGER) && -cents <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cents) : null;
  }

  /** VTEX's integer cents (420) as a decimal string ("4.20"), exactly. */
  static centsText(cents) {
    const v = BigInt(cents);
    const abs = (v < 0n ? -v : v).toString().padStart(3, "0");
    return `${v < 0n ? "-" : ""}${abs.slice(0, -2)}.${abs.slice(-2)}`;
  }

  /** The share of `part` in `whole`, as a CSS percentage (presentation only). */
  static percent(part, whole) {
    if (whole <= 0n || part <= 0n) return 0;
    return Number((part * 1_000_000n) / whole) / 10_000;
  }
}
