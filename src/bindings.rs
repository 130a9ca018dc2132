//! The WebAssembly bindings (issue 3): the only module that knows about JavaScript.
//!
//! Thin on purpose. Each entry point turns its JavaScript arguments into JSON documents
//! ([`Json`], borrowed from their text) with [`read`] (which knows only JSON's shapes), lets
//! the core's strict reading (`crate::json`'s `_doc` functions) validate them once, runs the
//! core and hands the result back with [`parsed`]. Malformed input is thrown as a real `Error`
//! with `code: "INVALID_INPUT"`, `path` and `message`; business-rule rejections are outcomes.
//! Every JavaScript access that could throw (getters, proxies) is caught, so no JavaScript
//! exception ever unwinds through Rust and a `Ledger` stays usable after any error.
//!
//! ## The boundary, in one crossing each way (issue 13)
//! Crossing between WebAssembly and JavaScript costs far more than the work on either side,
//! so an argument crosses once, as JSON text written by [`json_text`] (a few lines of
//! JavaScript, generated into the package from this file, that also make every check on the
//! JavaScript value and write the text as UTF-8 bytes: issue 20) and copied into the module's
//! memory by the same crossing (a buffer kept between calls; [`take_text`] for a longer text:
//! issue 20, step 24), and serde_json's deserializer reads it into a [`Json`] (no
//! `Value`: issue 20); a result goes back as one JSON text and `JSON.parse` (written by hand,
//! [`crate::Outcome::to_json`]: issue 20), except the one outcome of `preview`,
//! `Ledger.preview` and `Ledger.apply`, which goes back as its tokens
//! ([`crate::outcome::Form::Tokens`]) that a few lines of JavaScript build the object from,
//! the object `JSON.parse` makes of its JSON text in a fraction of the time ([`built`]: issue
//! 20, step 29). `benches/js/bench.mjs` (`make bench`) measures both against
//! `JSON.parse(JSON.stringify(state))`.

use crate::doc::Json;
use crate::json;
use crate::schema::{InputError, MAX_LIST_LEN, MAX_TEXT_LEN};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// How deep input may nest (a state is 5 levels deep; anything far deeper is not one).
const MAX_DEPTH: usize = 32;
/// The most values (objects, arrays, strings, numbers, …) one argument may hold. JavaScript
/// values can share references, so a few kilobytes of JavaScript (10 000 operations that all
/// point at one list of 10 000 items) would otherwise read as 10^8 values: minutes of work and
/// gigabytes of WebAssembly memory, then a trap. An order of 10 000 items is 50 000 values;
/// the budget keeps the memory one call can take to a few tens of megabytes.
const MAX_VALUES: usize = 200_000;
/// The most fields an object may have (the widest shape has 12): a million unknown keys are
/// refused before a single one is read.
const MAX_FIELDS: usize = 64;

/// What one argument may hold: the bounds the walk in JavaScript enforces.
#[derive(Clone, Copy)]
struct Limits {
    values: usize,
    fields: usize,
}

/// Our own shapes (api.md sections 3 and 4).
const OURS: Limits = Limits {
    values: MAX_VALUES,
    fields: MAX_FIELDS,
};

/// VTEX's own documents (`fromVtex`'s `order` and `transaction`). They are wide and long where
/// ours are not: VTEX's documented Get order example has 53 fields at its top level and ~50 on
/// each item, with more added over the years (unknown fields are ignored, api.md section 7),
/// and an order of a few thousand items carries a few hundred thousand values. The bounds stay
/// finite for the same reason as ours (shared references, a million keys), ten times wider.
const VTEX: Limits = Limits {
    values: 10 * MAX_VALUES,
    fields: 16 * MAX_FIELDS,
};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("bindings.d.ts");

// ----- JavaScript values to JSON text, in one crossing ----------------------------------------

// Reading a JavaScript value from WebAssembly one property at a time (a `Reflect.get` and a
// string copy per value) cost more than everything else a call does. So the walk over the
// argument runs in JavaScript, generated into the package from this file: it checks what the
// core cannot see in JSON (the limits, plain objects only, finite numbers, no BigInt, functions
// or symbols, exceptions from getters and proxies, each property read once so that a getter
// runs once) and writes the argument as JSON text, which crosses once and `serde_json` reads.
// A refusal comes back as `[path, message]` (the path below the argument, `.items[3].price`).
//
// `JSON.stringify` is not run on the argument as a whole: it would call `toJSON`, unwrap boxed
// primitives, write NaN as null, drop functions, symbols and undefined, and has no budget for
// shared references; it only escapes the strings that need it (issue 20: the characters of a
// string or field name that needs neither escaping nor encoding are copied as bytes, the rest
// through `JSON.stringify` of the one string). Strings are made well-formed
// first (a lone surrogate becomes U+FFFD, as a copy into Rust makes it). Whole numbers beyond
// 2^53 − 1 are written with a `.0`, so that the text reads back as the same `f64`, not as an
// integer; every number that is not a safe integer is written so that the .wasm reads back
// exactly the same `f64` (`numberText`, below).
#[wasm_bindgen(inline_js = r#"
// The walk writes the argument's JSON text as UTF-8 bytes into `out` from `at` (issue 20: no
// string per value, no rope flattened and encoded afterwards, so no TextEncoder either). The
// text of the last jsonText call is bytes [pendingStart, pendingEnd) of `out` until the .wasm
// takes it (takeText), or its refusal (takeRefusal), which it does before any other JavaScript
// runs. A call made from inside the walk, by a getter, writes its text after the bytes the
// walk that made it has written so far, and has it taken before that walk goes on.
let out = new Uint8Array(1 << 16);
let at = 0;
let pendingStart = 0, pendingEnd = 0;
let refusal = undefined;
// A number the .wasm reads back as exactly `v`. The .wasm's serde_json reads numbers without
// its `float_roundtrip` feature (whose exact reading costs about 9 KB gzipped): the digits as
// a u64 while they fit, then one multiplication or division by a power of ten, which is exact
// for the shortest text of most numbers but may be one unit in the last place off for some
// of 16 or 17 digits. `serdeReads` is that reading, step for step in doubles (the same IEEE
// operations), so the text sent is checked here: the shortest text when it reads back as `v`,
// else digits × 10^e with digits a whole number a double holds exactly (read exactly), found
// from v's exact value. The .wasm then formats the number it got (its shortest text) as
// before: the same digits as JavaScript's String(v). For a few doubles in a thousand of 16 or
// 17 digits (about 1.6 in a thousand between 0.001 and 10^15) no text reads back exactly;
// such a number is refused (INVALID_INPUT at its path: "write it as a decimal string"), never
// read as a neighbour. Numbers of at most 15 digits, as every real amount is, always cross
// exactly.
const U64_MAX = 18446744073709551615n;
function serdeReads(s) {
  let i = 0, sig = 0n, exp = 0, dropping = false;
  const negative = s[0] === "-";
  if (negative) i++;
  const digit = () => i < s.length && s[i] >= "0" && s[i] <= "9";
  for (; digit(); i++) {
    if (!dropping) {
      const next = sig * 10n + BigInt(s.charCodeAt(i) - 48);
      if (next <= U64_MAX) { sig = next; continue; }
      dropping = true;
    }
    exp++;
  }
  if (s[i] === ".") {
    i++;
    for (dropping = false; digit(); i++) {
      const next = sig * 10n + BigInt(s.charCodeAt(i) - 48);
      if (dropping || next > U64_MAX) dropping = true;
      else { sig = next; exp--; }
    }
  }
  if (s[i] === "e" || s[i] === "E") {
    i++;
    const sign = s[i] === "-" ? -1 : 1;
    if (s[i] === "-" || s[i] === "+") i++;
    exp += sign * Number(s.slice(i));
  }
  let f = Number(sig);
  for (;;) {
    const k = Math.abs(exp);
    if (k <= 308) { f = exp >= 0 ? f * Number(`1e${k}`) : f / Number(`1e${k}`); break; }
    if (f === 0) break;
    if (exp >= 0) return NaN;
    f /= 1e308;
    exp += 308;
  }
  return negative ? -f : f;
}
function numberText(v, text) {
  if (serdeReads(text) === v) return text;
  // |v| = mantissa × 2^power exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const mantissa = (bits & ((1n << 52n) - 1n)) | (biased === 0 ? 0n : 1n << 52n);
  const power = (biased === 0 ? 1 : biased) - 1075;
  const sign = v < 0 ? "-" : "";
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  for (let digits = 19; digits >= 12; digits--) {
    // The whole number nearest |v| × 10^-e, of about `digits` + 1 digits (the more, the finer
    // the doubles around it), then the nearest whole number a double holds.
    const e = magnitude - digits;
    let num = mantissa, den = 1n;
    if (power >= 0) num <<= BigInt(power); else den <<= BigInt(-power);
    if (e <= 0) num *= 10n ** BigInt(-e); else den *= 10n ** BigInt(e);
    const whole = BigInt(Number((2n * num + den) / (2n * den)));
    if (whole <= 0n || whole > U64_MAX) continue;
    const candidate = `${sign}${whole}e${e}`;
    if (serdeReads(candidate) === v) return candidate;
  }
  // None: the plain reading cannot reach this double from any text (rare, numbers of 16 or 17
  // digits). Refused, loudly, rather than read one unit in the last place off.
  return undefined;
}
// This realm's plain objects (issue 20: one prototype lookup instead of two for them).
const ObjectPrototype = Object.prototype;
// A character JSON.stringify escapes, or a surrogate (perhaps a lone one, made well-formed
// first): a string without any is written quoted as it is (issue 20).
const plain = /["\\\u0000-\u001f\ud800-\udfff]/;
// The JSON text of `value` in one crossing that returns a number (issue 20: no value crosses
// back, no exception either): its length in UTF-8 bytes, or -1 where it is refused
// (takeRefusal gives `[path, message]`, the path below the argument). A text of at most `room`
// bytes is copied to `ptr` in the .wasm's `memory` at once (issue 20, step 24: a buffer the
// .wasm keeps between calls, so no second crossing); a longer one waits for takeText. A
// missing argument (`undefined`) is refused here, and so is anything the walk throws (it
// catches what getters and proxies throw).
export function jsonText(value, maxDepth, maxValues, maxFields, maxList, maxText, memory, ptr, room) {
  let read;
  const start = at;
  try {
    read = value === undefined ? ["", "missing: got undefined"]
      : textOf(value, maxDepth, maxValues, maxFields, maxList, maxText);
  } catch (e) {
    read = ["", `could not read the value: ${describe(e)}`];
  }
  const end = at;
  at = start;
  if (read !== undefined) {
    refusal = read;
    shrink();
    return -1;
  }
  if (end - start <= room) {
    bytesOf(memory).set(out.subarray(start, end), ptr);
    shrink();
  } else {
    pendingStart = start;
    pendingEnd = end;
  }
  return end - start;
}
// The .wasm's memory as bytes, made again only when it grew (issue 20, step 24: a grown
// memory detaches the old buffer, whose view then has length 0; no `memory.buffer` getter and
// no view per call).
let memoryOf, memoryBytes;
function bytesOf(memory) {
  if (memoryOf !== memory || memoryBytes.length === 0) {
    memoryBytes = new Uint8Array(memory.buffer);
    memoryOf = memory;
  }
  return memoryBytes;
}
// The text of a caught exception, for a message.
function describe(e) {
  try {
    if (e instanceof Error) return String(e.message);
    if (typeof e === "string") return e;
  } catch {}
  return "an exception";
}
// Room for `n` more bytes at `at`: `out` grows by doubling. A text longer than V8's longest
// string (2^29 - 24 units), which the text was a string of before, is refused as it was then.
function room(n) {
  if (at + n <= out.length) return;
  if (at + n > 0x1fffffe8) throw new RangeError("Invalid string length");
  const grown = new Uint8Array(Math.max(out.length * 2, at + n));
  grown.set(out.subarray(0, at));
  out = grown;
}
// Once no walk is under way, a room of megabytes goes back to the garbage collector.
function shrink() {
  if (at === 0 && out.length > 1 << 22) out = new Uint8Array(1 << 16);
}
// `s` (well-formed) as UTF-8 at `at`.
function put(s) {
  const n = s.length;
  room(3 * n);
  const b = out;
  let p = at;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) b[p++] = c;
    else if (c < 0x800) { b[p++] = 0xc0 | (c >> 6); b[p++] = 0x80 | (c & 63); }
    else if (c >= 0xd800 && c < 0xdc00) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      b[p++] = 0xf0 | (c >> 18); b[p++] = 0x80 | ((c >> 12) & 63); b[p++] = 0x80 | ((c >> 6) & 63); b[p++] = 0x80 | (c & 63);
    } else { b[p++] = 0xe0 | (c >> 12); b[p++] = 0x80 | ((c >> 6) & 63); b[p++] = 0x80 | (c & 63); }
  }
  at = p;
}
// `s` quoted at `at`, its characters copied as bytes, when each is printable ASCII other than
// `"` and `\` (issue 20): true; else false, and nothing written (`at` unmoved).
function putQuoted(s) {
  const n = s.length;
  room(n + 2);
  const b = out;
  let p = at;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 34 || c === 92) return false;
    b[p++] = c;
  }
  b[p++] = 34;
  at = p;
  return true;
}
// A string value, quoted: copied when it can be (putQuoted), else JSON.stringify's text of it
// made well-formed.
function putString(s) {
  if (!putQuoted(s)) put(plain.test(s) ? JSON.stringify(wellFormed(s)) : `"${s}"`);
}
// A safe integer's digits (what String(v) writes: -0 is "0"), written without a string
// (issue 20: a quantity per item line).
function putInteger(v) {
  room(17);
  const b = out;
  let p = at;
  if (v < 0) { b[p++] = 45; v = -v; }
  if (v < 10) { b[p++] = 48 + v; at = p; return; }
  let n = 1;
  for (let t = v; t >= 10; t = (t - (t % 10)) / 10) n++;
  at = p + n;
  for (let i = at - 1; i >= p; i--) { const d = v % 10; b[i] = 48 + d; v = (v - d) / 10; }
}
function putByte(c) {
  if (at >= out.length) room(1);
  out[at++] = c;
}
const wellFormed = (s) => (typeof s.toWellFormed === "function" ? s.toWellFormed()
  : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
const characters = (s) => { let n = 0; for (const _ of s) n++; return n; };
// A number as Rust's `Display` writes an f64 (no exponent; inf, -inf, NaN).
const rustNumber = (n) => {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  const s = String(n), e = s.indexOf("e");
  if (e < 0) return s;
  const sign = s[0] === "-" ? "-" : "";
  const [whole, part = ""] = s.slice(sign.length, e).split(".");
  const digits = whole + part, point = whole.length + Number(s.slice(e + 1));
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
};
const constructorName = (proto) => {
  try {
    const name = Reflect.get(Reflect.get(proto, "constructor"), "name");
    if (typeof name === "string" && name !== "") return `a ${wellFormed(name)}`;
  } catch {}
  return "an object that is not plain";
};
// A refusal on the way up: its message and the steps of its path, innermost first (made only
// when refused).
const fault = (message) => ({ steps: [], message });
const within = (f, step) => (f.steps.push(step), f);
const unreadable = (e) => fault(`could not read the value: ${describe(e)}`);
// Writes `value`'s text at `at`: undefined, or its refusal ([path, message]). Each function of
// the walk writes its value's text at `at` and gives undefined, or a fault (then nothing it
// wrote counts: jsonText drops the walk's text). A getter or proxy that calls back in writes
// its own text after this one's bytes (jsonText puts `at` back after each call).
// The bounds of the walk under way and what is left of its budget of values (module state, so
// that the walk's functions are made once, not per call: issue 20). A walk started from
// inside another one (by a getter that calls back in) saves them and puts them back.
let budget = 0, maxDepth = 0, maxValues = 0, maxFields = 0, maxList = 0, maxText = 0;
function textOf(value, depthLimit, values, fields, list, text) {
  const b = budget, d = maxDepth, v = maxValues, fi = maxFields, l = maxList, t = maxText;
  budget = values; maxDepth = depthLimit; maxValues = values; maxFields = fields; maxList = list; maxText = text;
  try {
    const f = walk(value, 0);
    return f === undefined ? undefined : [f.steps.reverse().join(""), f.message];
  } finally {
    budget = b; maxDepth = d; maxValues = v; maxFields = fi; maxList = l; maxText = t;
  }
}
const tooLarge = () => fault(`input too large: more than ${maxValues} values in one argument`);
// `"name":` for a field name: its characters copied while none needs escaping or encoding
// (issue 20: no cache of names, the copy costs less than a lookup), else JSON.stringify's
// text of it made well-formed; refused when longer than maxText characters.
// After a comma when `comma` is 1 (0 for the first field): one room for the comma, the
// quoted name and the colon, as the comma's putByte, putQuoted and the colon's putByte made it
// (issue 20: three calls less).
function putKey(key, comma) {
  const n = key.length;
  room(comma + n + 3);
  const b = out;
  let p = at;
  if (comma) b[p++] = 44;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 34 || c === 92) { at += comma; return otherKey(key); }
    b[p++] = c;
  }
  b[p++] = 34;
  b[p++] = 58;
  at = p;
  if (n > maxText) return fault(`a field name longer than ${maxText} characters`);
}
function otherKey(key) {
  const name = wellFormed(key);
  if (name.length > maxText && characters(name) > maxText) {
    return fault(`a field name longer than ${maxText} characters`);
  }
  put(JSON.stringify(name) + ":");
}
function walk(v, depth) {
  if (budget === 0) return tooLarge();
  budget -= 1;
  if (v === null || v === undefined) { put("null"); return; }
  switch (typeof v) {
    case "boolean": put(v ? "true" : "false"); return;
    case "number": {
      if (!Number.isFinite(v)) return fault(`expected a finite number, got ${rustNumber(v)}`);
      if (Number.isSafeInteger(v)) { putInteger(v); return; }
      const s = String(v);
      const text = numberText(v, Number.isInteger(v) && !s.includes("e") ? `${s}.0` : s);
      if (text === undefined) return fault(`expected a number that crosses exactly, got ${s}: a few numbers in a thousand of 16 or 17 digits have no text the .wasm reads back as the same double; write it as a decimal string`);
      put(text);
      return;
    }
    case "string": putString(v); return;
    case "bigint": return fault("expected a decimal string or a number, got a BigInt");
    case "function": return fault("expected JSON data, got a function");
    case "symbol": return fault("expected JSON data, got a symbol");
    case "object": break;
    default: return fault("expected JSON data");
  }
  if (depth >= maxDepth) return fault(`nested too deeply: at most ${maxDepth} levels`);
  let list;
  try { list = Array.isArray(v); } catch (e) { return unreadable(e); }
  return list ? array(v, depth + 1) : object(v, depth + 1);
}
// `v.length` and `v[i]` are what Reflect.get did (the same proxy traps, the same getters).
function array(v, depth) {
  let length;
  try { length = v.length; } catch (e) { return unreadable(e); }
  if (typeof length !== "number") return fault("expected an array whose length is a number");
  if (length > maxList) return fault(`too many entries: at most ${maxList}, got ${rustNumber(length)}`);
  if (length > budget) return tooLarge();
  const count = length > 0 ? Math.floor(length) : 0;
  putByte(91);
  for (let i = 0; i < count; i++) {
    let entry;
    try { entry = v[i]; } catch (e) { return within(unreadable(e), `[${i}]`); }
    if (i !== 0) putByte(44);
    const f = walk(entry, depth);
    if (f !== undefined) return within(f, `[${i}]`);
  }
  putByte(93);
}
function object(v, depth) {
  let keys;
  try {
    const proto = Reflect.getPrototypeOf(v);
    if (proto !== ObjectPrototype && proto !== null && Reflect.getPrototypeOf(proto) !== null) {
      return fault(`expected a plain object, got ${constructorName(proto)}`);
    }
    keys = Object.keys(v);
  } catch (e) { return unreadable(e); }
  if (keys.length > maxFields) return fault(`too many fields: at most ${maxFields}, got ${keys.length}`);
  putByte(123);
  const shape = shapeOf(keys, depth);
  if (shape !== undefined) return shaped(v, depth, keys, shape);
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    // The name is written (and checked) before its value is read; an undefined value takes
    // it back (an absent field, as in JSON.stringify).
    const mark = at;
    const refused = putKey(key, first ? 0 : 1);
    if (refused !== undefined) return refused;
    let field;
    try { field = v[key]; } catch (e) { return within(unreadable(e), `.${wellFormed(key)}`); }
    if (field === undefined) { at = mark; continue; }
    first = false;
    const f = walk(field, depth);
    if (f !== undefined) return within(f, `.${wellFormed(key)}`);
  }
  putByte(125);
}
// The field names of the objects walked last, one list per depth (issue 20, step 31: the items
// of a listing share their names). A shape is a list of names, each printable ASCII other than
// `"` and `\\` (the names putKey copies as they are), with the text `"name":` of each as
// little-endian words (name i's `lengths[i]` bytes in words `starts[i]` to `starts[i + 1]`,
// the last one padded with zeros), and its longest name's length, so that a shape is used
// only under a maxText that takes it. A shape is never changed once made (a getter may start
// another walk while one is in use): an object of other names at that depth replaces it.
const shapes = [];
// The shape of `keys` at `depth` (the same names in the same order as the last object there),
// made when this object's names are copyable and few; undefined when there is none (putKey
// writes and checks each name).
function shapeOf(keys, depth) {
  const n = keys.length, shape = shapes[depth];
  if (shape !== undefined && shape.names.length === n) {
    const names = shape.names;
    let i = 0;
    while (i < n && names[i] === keys[i]) i++;
    if (i === n) return shape.longest <= maxText ? shape : undefined;
  }
  if (n === 0 || n > 16 || depth > 64) return;
  let longest = 0;
  const words = [], starts = [0], lengths = [];
  for (let i = 0; i < n; i++) {
    const key = keys[i], k = key.length;
    if (k > 64) return;
    const t = [34];
    for (let j = 0; j < k; j++) {
      const c = key.charCodeAt(j);
      if (c < 0x20 || c > 0x7e || c === 34 || c === 92) return;
      t.push(c);
    }
    t.push(34, 58);
    if (k > longest) longest = k;
    lengths.push(t.length);
    for (let j = 0; j < t.length; j += 4) words.push((t[j] | (t[j + 1] << 8) | (t[j + 2] << 16) | (t[j + 3] << 24)) | 0);
    starts.push(words.length);
  }
  const made = { names: keys.slice(), words: Int32Array.from(words), starts, lengths, longest };
  shapes[depth] = made;
  return longest <= maxText ? made : undefined;
}
// `out` as a DataView, for the shapes' words (made again when `out` grew).
let outView, outViewOf;
// `object`'s loop over the fields of a known shape: each name's text written from the shape's
// words (after a comma, but for the first field written), the same reads in the same order
// as `object`'s, and the same room asked for as putKey asks (so the same refusal of a text
// too long): the last word's padding lands past the text, written over by what follows, when
// `out` has the 3 bytes for it; else the name goes byte by byte.
function shaped(v, depth, keys, shape) {
  const words = shape.words, starts = shape.starts, lengths = shape.lengths;
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i], mark = at, length = lengths[i], comma = first ? 0 : 1;
    room(comma + length);
    let p = at;
    if (comma) out[p++] = 44;
    at = p + length;
    if (at + 3 < out.length) {
      if (outViewOf !== out) { outView = new DataView(out.buffer); outViewOf = out; }
      for (let w = starts[i], end = starts[i + 1]; w < end; w++, p += 4) outView.setInt32(p, words[w], true);
    } else {
      for (let j = 0; j < length; j++) out[p + j] = words[starts[i] + (j >> 2)] >> ((j & 3) * 8);
    }
    let field;
    try { field = v[key]; } catch (e) { return within(unreadable(e), `.${wellFormed(key)}`); }
    if (field === undefined) { at = mark; continue; }
    first = false;
    // A string value written here, as walk writes it (a value of the budget, then putString):
    // one call less per string (issue 20, step 31); anything else, or no budget left, by walk.
    if (typeof field === "string" && budget !== 0) { budget -= 1; putString(field); continue; }
    const f = walk(field, depth);
    if (f !== undefined) return within(f, `.${wellFormed(key)}`);
  }
  putByte(125);
}
// Copies the pending text (`length` bytes) into the .wasm's memory at `ptr`, when it was
// longer than the room jsonText had (issue 20: the .wasm makes exactly that room; one copy):
// the bytes copied.
export function takeText(memory, ptr, length) {
  const n = Math.min(length, pendingEnd - pendingStart);
  bytesOf(memory).set(out.subarray(pendingStart, pendingStart + n), ptr);
  pendingStart = pendingEnd = 0;
  shrink();
  return n;
}
// The pending refusal's path (`part` 0, below the argument: `.items[3].price`) and then its
// message (`part` 1, which clears it).
export function takeRefusal(part) {
  const taken = refusal === undefined ? "" : String(refusal[part]);
  if (part === 1) refusal = undefined;
  return taken;
}
// An outcome's object, built from its tokens in the .wasm's memory (issue 20, step 29: the
// form is `outcome::Form` in outcome.rs): the same object as JSON.parse of its JSON text (the
// same keys in the same order, absent options absent, amounts as strings), with object
// literals of the outcome's fixed shape, its strings cut from one decoded text by substring
// (no JSON.parse: it took about as long as all the rest of a ledger.preview). An ASCII text
// is read by Node's Buffer as Latin-1 (`latin1`: one copy, where TextDecoder costs ~4x as
// much for 2 KB; `globalThis.Buffer`, so that bundlers do not take it for Node's and add a
// polyfill); any other text, and every text where there is no Buffer (browsers, Deno), by
// TextDecoder as UTF-8, the form's lengths being in UTF-16 units.
// The view is made again only when the memory grew (its old view then has length 0).
let latin1View, latin1Of, utf8;
let tokens = "", next = 0;
export function buildOutcome(memory, ptr, length, latin1) {
  if (latin1) {
    if (latin1Of !== memory || latin1View.length === 0) {
      latin1View = globalThis.Buffer.from(memory.buffer);
      latin1Of = memory;
    }
    tokens = latin1View.latin1Slice(ptr, ptr + length);
  } else {
    if (utf8 === undefined) utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
    tokens = utf8.decode(new Uint8Array(memory.buffer, ptr, length));
  }
  next = 0;
  try {
    const outcome = outcomeOf();
    if (next !== tokens.length) throw new Error("the outcome's tokens do not end where it does");
    return outcome;
  } finally {
    tokens = "";
  }
}
// A number: base-64 digits, each but the last 0x40 | digit (past the end: 0).
function num() {
  let c = tokens.charCodeAt(next++), n = c & 63;
  while (c >= 64) { c = tokens.charCodeAt(next++); n = n * 64 + (c & 63); }
  return n;
}
// A list's length (never more than the text has left: a bad length throws, not loops).
function count() {
  const n = num();
  if (n > tokens.length - next) throw new Error("a list longer than the outcome's tokens");
  return n;
}
// A string: its length in UTF-16 units, then it; or a zero amount, one byte (0x7c + its digits).
const ZEROS = ["0", "0.0", "0.00", "0.000"];
function str() {
  const c = tokens.charCodeAt(next);
  if (c < 64) return tokens.substring(++next, next += c);
  if (c >= 0x7c) return next++, ZEROS[c - 0x7c];
  const n = num();
  return tokens.substring(next, next += n);
}
// Each object's values in the order of its JSON text (an object literal evaluates them in order).
function outcomeOf() {
  const accepted = num() === 1;
  const errors = [], warnings = [], payments = [], events = [], explain = [];
  for (let n = count(); n > 0; n--) errors.push({ code: str(), message: str() });
  for (let n = count(); n > 0; n--) {
    const code = str(), message = str();
    warnings.push(num() === 0 ? { code, message } : { code, message, paymentId: str() });
  }
  const settle = str(), cancel = str(), refund = str(), open = str(), newCharge = str();
  const gateway = { settle: str(), cancel: str(), refund: str(), open: str() };
  for (let n = count(); n > 0; n--) {
    payments.push({ id: str(), settle: str(), cancel: str(), refund: str(), open: str(),
      gateway: { settle: str(), cancel: str(), refund: str(), open: str() } });
  }
  const order = { valueBefore: str(), valueAfter: str(), invoicedBefore: str(), invoicedAfter: str(),
    returnedAfter: str(), remainingToInvoice: str(), statusBefore: str(), statusAfter: str() };
  const transactionStatus = str();
  for (let n = count(); n > 0; n--) {
    const kind = str();
    events.push(num() === 0 ? { kind, amount: str() } : { kind, paymentId: str(), amount: str() });
  }
  for (let n = count(); n > 0; n--) {
    const code = str(), rule = str(), text = str(), there = num();
    // Which of paymentId (1), view (2), figure (4), amount (8) follow: a context line, one
    // about a payment, a money line (all four); any other set of them, field by field.
    explain.push(there === 0 ? { code, rule, text }
      : there === 1 ? { code, rule, text, paymentId: str() }
      : there === 15 ? { code, rule, text, paymentId: str(), view: str(), figure: str(), amount: str() }
      : lineOf({ code, rule, text }, there));
  }
  return { accepted, errors, warnings, settle, cancel, refund, open, newCharge, gateway, payments,
    order, transactionStatus, events, explain };
}
function lineOf(line, there) {
  if (there & 1) line.paymentId = str();
  if (there & 2) line.view = str();
  if (there & 4) line.figure = str();
  if (there & 8) line.amount = str();
  return line;
}
// Whether Buffer reads the .wasm's memory so: the `length` bytes at `ptr` are `probe`.
export function hasLatin1(memory, ptr, length, probe) {
  try {
    const B = globalThis.Buffer;
    return typeof B === "function" && typeof B.from === "function" &&
      B.from(memory.buffer).latin1Slice(ptr, ptr + length) === probe;
  } catch {
    return false;
  }
}
"#)]
extern "C" {
    /// The length in UTF-8 bytes of the JSON text of `value`, or -1 where it is refused
    /// ([`take_refusal`] gives `[path, message]`). A text of at most `room` bytes is copied to
    /// `ptr` in the module's `memory` by this call; a longer one is copied by [`take_text`]. A
    /// number, so that nothing but it crosses back (issue 20); it never throws.
    #[wasm_bindgen(js_name = jsonText)]
    #[allow(clippy::too_many_arguments)]
    fn json_text(
        value: &JsValue,
        max_depth: u32,
        max_values: u32,
        max_fields: u32,
        max_list: u32,
        max_text: u32,
        memory: &JsValue,
        ptr: u32,
        room: u32,
    ) -> f64;

    /// Copies the text [`json_text`] wrote (at most `length` bytes) to `ptr` in the module's
    /// `memory`: the number of bytes copied.
    #[wasm_bindgen(js_name = takeText)]
    fn take_text(memory: &JsValue, ptr: u32, length: u32) -> u32;

    /// The refusal [`json_text`] made: its path below the argument (`part` 0), then its
    /// message (`part` 1).
    #[wasm_bindgen(js_name = takeRefusal)]
    fn take_refusal(part: u32) -> String;

    /// The outcome whose tokens are the `length` bytes at `ptr` in the module's `memory`
    /// ([`crate::outcome::Form::Tokens`]), read as Latin-1 by Node's `Buffer` when `latin1`
    /// (an ASCII text, where [`has_latin1`]), else as UTF-8 by `TextDecoder`.
    #[wasm_bindgen(catch, js_name = buildOutcome)]
    fn build_outcome(
        memory: &JsValue,
        ptr: u32,
        length: u32,
        latin1: bool,
    ) -> Result<JsValue, JsValue>;

    /// Whether `globalThis.Buffer` reads the module's `memory` as Latin-1 (Node, Bun): the
    /// `length` bytes at `ptr` read so are `probe`.
    #[wasm_bindgen(js_name = hasLatin1)]
    fn has_latin1(memory: &JsValue, ptr: u32, length: u32, probe: &str) -> bool;
}

thread_local! {
    /// The module's memory, taken once (issue 20: a crossing and a table slot per argument
    /// less; the object stays the same when the memory grows, its buffer does not).
    static MEMORY: JsValue = wasm_bindgen::memory();
}

/// The text of a caught JavaScript exception, for a message.
fn describe(exception: &JsValue) -> String {
    exception
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| exception.as_string())
        .unwrap_or_else(|| "an exception".to_string())
}

/// An argument's JSON text ([`read_text`]): the first `length` bytes of a buffer that goes back
/// to [`WALK_TEXT`] when the text is dropped (issue 20, step 24: no allocation, zeroing and
/// second crossing per argument).
struct Text {
    bytes: Vec<u8>,
    length: usize,
}

impl std::ops::Deref for Text {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.bytes.get(..self.length).unwrap_or_default()
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        let bytes = std::mem::take(&mut self.bytes);
        // A buffer grown past 1 MB (a state of thousands of items) is not kept.
        if bytes.len() <= 1 << 20 {
            WALK_TEXT.with(|kept| kept.set(bytes));
        }
    }
}

thread_local! {
    /// The buffer the walk copies an argument's text into, kept between calls (taken out while
    /// in use: a call made from inside the walk, by a getter, finds it empty and makes its own).
    static WALK_TEXT: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The room of the buffer [`WALK_TEXT`] starts with: an operation's text (an invoice listing
/// ten items is 400 bytes) fits; a longer text is copied by a second crossing into a buffer of
/// its length, which is kept instead.
const WALK_ROOM: usize = 4096;

/// A JavaScript argument as JSON text (UTF-8); errors name `root` (`state`, `operation`, …).
/// A missing argument (`undefined`) is refused (by the walk); below the top `undefined` is an
/// absent field, as in `JSON.stringify`.
fn read_text(value: &JsValue, root: &str, limits: Limits) -> Result<Text, InputError> {
    let limit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let too_large = || InputError::new(root, "input too large");
    let mut bytes = WALK_TEXT.with(std::cell::Cell::take);
    if bytes.is_empty() {
        bytes = vec![0u8; WALK_ROOM];
    }
    let at = u32::try_from(bytes.as_mut_ptr() as usize).map_err(|_| too_large())?;
    let room = u32::try_from(bytes.len()).map_err(|_| too_large())?;
    let length = MEMORY.with(|memory| {
        json_text(
            value,
            limit(MAX_DEPTH),
            limit(limits.values),
            limit(limits.fields),
            limit(MAX_LIST_LEN),
            limit(MAX_TEXT_LEN),
            memory,
            at,
            room,
        )
    });
    if length >= 0.0 {
        // The walk wrote the text as UTF-8 already (issue 20). Its budget keeps a text far
        // below 4 GB; a length beyond it would be refused, not cut.
        // A length is a whole number; `as` saturates anything else.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let length = length as usize;
        if length <= bytes.len() {
            // Copied into `bytes` by json_text itself.
            return Ok(Text { bytes, length });
        }
        // Longer than the room: exactly its room here, and one copy.
        let room = u32::try_from(length).map_err(|_| too_large())?;
        let mut bytes = vec![0u8; length];
        let at = u32::try_from(bytes.as_mut_ptr() as usize).map_err(|_| too_large())?;
        let written = MEMORY.with(|memory| take_text(memory, at, room));
        let length = usize::try_from(written).unwrap_or(0).min(length);
        return Ok(Text { bytes, length });
    }
    // Back for the next call (a refusal is not a Text).
    WALK_TEXT.with(|kept| kept.set(bytes));
    let below = take_refusal(0);
    let message = take_refusal(1);
    Err(InputError::new(format!("{root}{below}"), message))
}

/// A JavaScript argument as a JSON document borrowed from its text ([`read_text`]), given to
/// `then` (the document lives as long as the text: the call). serde_json's deserializer reads
/// the text, so its messages are the ones `Value` gave (issue 20: no `Value` is built).
fn read<T>(
    value: &JsValue,
    root: &str,
    then: impl FnOnce(&Json) -> Result<T, InputError>,
) -> Result<T, InputError> {
    read_within(value, root, OURS, then)
}

/// [`read`] within other bounds (VTEX's documents).
fn read_within<T>(
    value: &JsValue,
    root: &str,
    limits: Limits,
    then: impl FnOnce(&Json) -> Result<T, InputError>,
) -> Result<T, InputError> {
    let text = read_text(value, root, limits)?;
    document(utf8(&text, root)?, root, then)
}

/// The walk's text as a `str`: UTF-8 checked once for the whole text (the walk wrote it so: it
/// always is), not string by string as serde_json's `from_slice` would.
fn utf8<'t>(text: &'t [u8], root: &str) -> Result<&'t str, InputError> {
    std::str::from_utf8(text)
        .map_err(|_| InputError::new(root, "could not read the value: not UTF-8"))
}

/// `text` read as a JSON document, given to `then`.
fn document<T>(
    text: &str,
    root: &str,
    then: impl FnOnce(&Json) -> Result<T, InputError>,
) -> Result<T, InputError> {
    let doc = Json::from_str(text)
        .map_err(|e| InputError::new(root, format!("could not read the value: {e}")))?;
    then(&doc)
}

/// An optional argument ([`read_within`]): absent (`undefined`) or `null` is `None`.
fn optional<T>(
    value: Option<JsValue>,
    root: &str,
    limits: Limits,
    then: impl FnOnce(Option<&Json>) -> Result<T, InputError>,
) -> Result<T, InputError> {
    match value {
        Some(v) if !v.is_null() && !v.is_undefined() => {
            read_within(&v, root, limits, |doc| then(Some(doc)))
        }
        _ => then(None),
    }
}

// ----- Results and errors --------------------------------------------------------------------

/// The `Error` JavaScript sees for malformed input: `code`, `path`, and a message that says
/// what was expected (prefixed with the path, for logs).
fn input_error(error: InputError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    // Setting a property on a fresh Error cannot fail; if it did, the Error is still thrown.
    let _ = Reflect::set(&js, &"code".into(), &InputError::CODE.into());
    let _ = Reflect::set(&js, &"path".into(), &error.path.into());
    js.into()
}

/// The `Error` thrown when a result cannot be built (never seen: a result is always JSON).
fn failed(e: &dyn std::fmt::Display) -> JsValue {
    js_sys::Error::new(&format!("could not build the result: {e}")).into()
}

/// A result's JSON text, read by `JSON.parse` (one crossing): plain objects and arrays
/// (amounts are strings already, quantities safe integers), as `serde_wasm_bindgen`'s
/// JSON-compatible serializer gave them (`None` is `null`, maps are objects) several times
/// faster, since that one builds the objects property by property. Every result's text is
/// written by hand, `serde_json::to_string`'s bytes without its serializer in the `.wasm`
/// (issue 20): the outcome's and the state's, the reconciliation's, a planned invoice's, an
/// operation's, `fromVtex`'s and `fromVtexChange`'s (their `to_json`).
fn parsed(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|e| failed(&describe(&e)))
}

/// An outcome, written by `write` straight from the engine's run as its tokens
/// ([`crate::engine::OutcomeText`] in [`crate::outcome::Form::Tokens`]: the outcome's values
/// without building the `Outcome`, issue 20) and built into its object by [`built`].
fn outcome(
    write: &mut dyn FnMut(&mut crate::engine::OutcomeText) -> Result<(), crate::InputError>,
) -> Result<JsValue, JsValue> {
    // The tokens are written into buffers kept between calls (taken out while in use, so a
    // call made from inside could only find them empty): no allocation per preview.
    let mut buffers = OUTCOME_TEXT.with(std::cell::Cell::take);
    buffers.set_form(crate::outcome::Form::Tokens);
    let result = match write(&mut buffers) {
        Ok(()) => built(buffers.json()),
        Err(e) => Err(input_error(e)),
    };
    // An outcome is a few KB; buffers grown past 1 MB (thousands of lines) are not kept.
    if buffers.len() <= 1 << 20 {
        OUTCOME_TEXT.with(|kept| kept.set(buffers));
    }
    result
}

/// The object of an outcome written as tokens, built by JavaScript ([`build_outcome`]): the
/// object `JSON.parse` makes of its JSON text, in a fraction of the time (issue 20, step 29).
/// An ASCII text (an outcome is, unless an id, a name or a reason is not) is read from the
/// module's memory as Latin-1 where Node's `Buffer` is there; anything else as UTF-8.
fn built(w: &crate::json_text::JsonText) -> Result<JsValue, JsValue> {
    let bytes = w.bytes();
    let latin1 = w.is_ascii() && HAS_LATIN1.with(|has| *has);
    match (
        u32::try_from(bytes.as_ptr() as usize),
        u32::try_from(bytes.len()),
    ) {
        (Ok(at), Ok(length)) => MEMORY
            .with(|memory| build_outcome(memory, at, length, latin1))
            .map_err(|e| failed(&describe(&e))),
        // Never: the module's memory is below 4 GB.
        _ => Err(failed(&"an outcome beyond the module's memory")),
    }
}

thread_local! {
    /// [`has_latin1`], asked once.
    static HAS_LATIN1: bool = {
        const PROBE: &str = "{\"accepted\":true}";
        match (u32::try_from(PROBE.as_ptr() as usize), u32::try_from(PROBE.len())) {
            (Ok(at), Ok(length)) => MEMORY.with(|memory| has_latin1(memory, at, length, PROBE)),
            _ => false,
        }
    };
}

thread_local! {
    /// The buffers [`outcome`] writes an outcome's text with, kept between calls (issue 20).
    static OUTCOME_TEXT: std::cell::Cell<crate::engine::OutcomeText> = std::cell::Cell::default();
}

/// `{ state, <key> }` with the state written by [`crate::OrderState::write_json`] and the
/// rest by `rest` (an outcome or the list of them): `apply`'s and `simulate`'s results, as
/// `serde_json` would write `crate::Applied` and `crate::Simulation`.
fn with_state(
    state: &crate::OrderState,
    key: &str,
    rest: impl FnOnce(&mut crate::json_text::JsonText),
) -> Result<JsValue, JsValue> {
    let capacity = state.json_capacity().saturating_add(4096);
    let mut w = crate::json_text::JsonText::with_capacity(capacity);
    w.raw("{\"state\":");
    state.write_json(&mut w);
    w.raw(",\"");
    w.raw(key);
    w.raw("\":");
    rest(&mut w);
    w.raw("}");
    parsed(&w.finish())
}

fn state_of(state: &JsValue) -> Result<crate::OrderState, JsValue> {
    read(state, "state", json::parse_state_doc).map_err(input_error)
}

fn operation_of(
    operation: &JsValue,
    state: &crate::OrderState,
) -> Result<crate::Operation, JsValue> {
    let read = || {
        const ROOT: &str = "operation";
        let text = read_text(operation, ROOT, OURS)?;
        let text = utf8(&text, ROOT)?;
        // An invoice or a return as the walk writes it is read straight (issue 20); anything
        // else, and anything it does not accept, through the document (its errors).
        match json::plain_invoice(text, state) {
            Some(operation) => Ok(operation),
            None => document(text, ROOT, |doc| json::parse_operation_doc(doc, state)),
        }
    };
    read().map_err(input_error)
}

/// A preview's options: absent is the defaults; `null` is read (and is the defaults too).
fn options_of(options: Option<JsValue>) -> Result<crate::Options, JsValue> {
    match options {
        Some(v) => read(&v, "options", |doc| json::parse_options_doc(Some(doc))),
        None => json::parse_options_doc(None),
    }
    .map_err(input_error)
}

// ----- The API -------------------------------------------------------------------------------

/// What `operation` would do to `state`, without changing it. Throws an `InputError`
/// (`code: "INVALID_INPUT"`) for malformed input; a broken business rule is an outcome with
/// `accepted: false`.
#[wasm_bindgen(unchecked_return_type = "Outcome")]
pub fn preview(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operation = operation_of(&operation, &state)?;
    let options = options_of(options)?;
    outcome(&mut |out| crate::preview_text(&state, &operation, &options, out))
}

/// Applies `operation` to `state`: the new state (a new object; the same state when the
/// operation is rejected) and the outcome `preview` gives.
#[wasm_bindgen(unchecked_return_type = "Applied")]
pub fn apply(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operation = operation_of(&operation, &state)?;
    let options = options_of(options)?;
    let applied = crate::apply(&state, &operation, &options).map_err(input_error)?;
    with_state(&applied.state, "outcome", |w| applied.outcome.write_json(w))
}

/// Runs `operations` in order: the final state and one outcome per operation (a rejected
/// operation leaves the state as it was). Throws at the first malformed operation, with a
/// path such as `operations[2].value`.
#[wasm_bindgen(unchecked_return_type = "Simulation")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation[]")] operations: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operations = read(&operations, "operations", |doc| {
        json::parse_operations_doc(doc, &state)
    })
    .map_err(input_error)?;
    let options = options_of(options)?;
    let simulation = crate::simulate(&state, &operations, &options).map_err(input_error)?;
    with_state(&simulation.state, "outcomes", |w| {
        w.list(&simulation.outcomes, |w, o| o.write_json(w))
    })
}

/// Reads VTEX's "Get order" document (and, optionally, the gateway's records) into a state:
/// `{ state, notes }` (api.md section 7). Throws `INVALID_INPUT` with a path under `order`,
/// `transaction` or `options`.
#[wasm_bindgen(js_name = fromVtex, unchecked_return_type = "FromVtexResult")]
pub fn from_vtex(
    #[wasm_bindgen(unchecked_param_type = "VtexOrder")] order: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VtexTransaction | null")] transaction: Option<
        JsValue,
    >,
    #[wasm_bindgen(unchecked_optional_param_type = "FromVtexOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let read = read_within(&order, "order", VTEX, |order| {
        optional(transaction, "transaction", VTEX, |transaction| {
            // VTEX's bounds: `options.changesV2` is one of VTEX's documents.
            optional(options, "options", VTEX, |options| {
                json::from_vtex_doc(order, transaction, options)
            })
        })
    });
    parsed(&read.map_err(input_error)?.to_json())
}

/// Reconciles one order (api.md section 9): per payment, what the rules expect it to have
/// settled, cancelled and refunded (the replay of VTEX's `order`, as `fromVtex` reads it),
/// against what the gateway recorded (`transaction`: the transaction's details, `payments`,
/// `settlements`, and `refunds`/`cancellations` when present), the drift, and the findings.
///
/// Never throws on the content of `order` or `transaction`, so that a batch goes on: a
/// document that cannot be read (also one the walk refuses here: too many values, a
/// function, a getter that throws) is a result with `status: "invalid"` and `error` (its
/// path under `order` or `transaction`). Only bad `options` throw `INVALID_INPUT` (a mistake
/// of the caller, the same for every order), checked first, also when a document is unreadable.
/// The documents are read within VTEX's wide bounds, as `fromVtex` reads them.
#[wasm_bindgen(unchecked_return_type = "Reconciliation")]
pub fn reconcile(
    #[wasm_bindgen(unchecked_param_type = "VtexOrder")] order: JsValue,
    #[wasm_bindgen(unchecked_param_type = "GatewayTransaction | null")] transaction: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReconcileOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let reconciliation = optional(options, "options", OURS, |options| {
        // The options first: bad ones throw, also when a document is unreadable.
        crate::reconcile::parse_options_doc(options)?;
        let documents = read_within(&order, "order", VTEX, |order| {
            if transaction.is_null() || transaction.is_undefined() {
                json::reconcile_doc(order, None, options)
            } else {
                read_within(&transaction, "transaction", VTEX, |transaction| {
                    json::reconcile_doc(order, Some(transaction), options)
                })
            }
        });
        // The options read above: an error here is a document's.
        Ok(documents.unwrap_or_else(crate::reconcile::Reconciliation::unreadable))
    });
    parsed(&reconciliation.map_err(input_error)?.to_json())
}

/// The Orders API request that submits `operation`: `{ method, path, body }`, in VTEX's field
/// names and integer cents. Throws `INVALID_INPUT` (a state without `orderId`, an amount that
/// is not a whole number of minor units).
#[wasm_bindgen(js_name = toVtexRequest, unchecked_return_type = "VtexRequest")]
pub fn to_vtex_request(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VtexRequestOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operation = operation_of(&operation, &state)?;
    let request = optional(options, "options", OURS, |options| {
        json::to_vtex_request_doc(&state, &operation, options)
    });
    parsed(&request.map_err(input_error)?.to_json())
}

/// Plans the output invoice of `selection` (`[{ id, quantity }]`): `{ operation, breakdown }`.
#[wasm_bindgen(js_name = planInvoice, unchecked_return_type = "PlannedInvoice")]
pub fn plan_invoice(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Selection")] selection: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanInvoiceOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let planned = read(&selection, "selection", |selection| {
        optional(options, "options", OURS, |options| {
            json::plan_invoice_doc(&state, selection, options)
        })
    });
    parsed(&planned.map_err(input_error)?.to_json())
}

/// Plans the return (input invoice) of `selection` (`[{ id, quantity }]` of invoiced units not
/// yet returned): `{ operation, breakdown }`, the refund being what the customer paid for those
/// units (their price less their share of the discounts; shipping and tax as `options` say).
#[wasm_bindgen(js_name = planReturn, unchecked_return_type = "PlannedReturn")]
pub fn plan_return(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Selection")] selection: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanReturnOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let planned = read(&selection, "selection", |selection| {
        optional(options, "options", OURS, |options| {
            json::plan_return_doc(&state, selection, options)
        })
    });
    parsed(&planned.map_err(input_error)?.to_json())
}

/// The `change` that closes a partially invoiced order (discount V − I, the uninvoiced units
/// removed). Throws an `Error` with `code: "NOTHING_TO_CLOSE"` when there is nothing to close.
#[wasm_bindgen(js_name = planCloseOut, unchecked_return_type = "ChangeOperation")]
pub fn plan_close_out(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    match crate::json::plan_close_out(&state) {
        Ok(operation) => parsed(&operation.to_json()),
        Err(error) => {
            let js = js_sys::Error::new(&error.message);
            let _ = Reflect::set(&js, &"code".into(), &error.code.as_str().into());
            let _ = Reflect::set(&js, &"path".into(), &"state".into());
            Err(js.into())
        }
    }
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::version().to_string()
}

/// A state parsed once, for many cheap previews, and applies that move it on. Call `free()`
/// to release its WebAssembly memory at once (or let the garbage collector do it).
#[wasm_bindgen(js_name = Ledger)]
pub struct JsLedger {
    inner: crate::Ledger,
}

#[wasm_bindgen(js_class = Ledger)]
impl JsLedger {
    /// Reads and validates `state` (and `options`) once.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
    ) -> Result<JsLedger, JsValue> {
        let state = state_of(&state)?;
        let options = options_of(options)?;
        Ok(JsLedger {
            inner: crate::Ledger::new(state, options),
        })
    }

    /// What `operation` would do now.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    ) -> Result<JsValue, JsValue> {
        let operation = operation_of(&operation, self.inner.state())?;
        outcome(&mut |out| self.inner.preview_text(&operation, out))
    }

    /// Applies `operation`; an accepted one moves the ledger's state on.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    ) -> Result<JsValue, JsValue> {
        let operation = operation_of(&operation, self.inner.state())?;
        outcome(&mut |out| self.inner.apply_text(&operation, out))
    }

    /// The current state (a new object each call).
    #[wasm_bindgen(unchecked_return_type = "OrderState")]
    pub fn state(&self) -> Result<JsValue, JsValue> {
        parsed(&self.inner.state().to_json())
    }
}

// ----- Change v2 (Order modifications, issue 18) ---------------------------------------------

/// Reads a VTEX Change v2 document (the preview response, a change's detail or history entry,
/// or a create/preview request body) for `state`'s order: `{ operation, notes }`, a `change`
/// with `api: "v2"` whose value is VTEX's `totalChangeValue` when the document has it
/// (api.md section 7). `options.requestId` names a change whose document has no id (a request
/// body). Throws `INVALID_INPUT` with a path under `change`, `state` or `options`.
#[wasm_bindgen(js_name = fromVtexChange, unchecked_return_type = "FromVtexChangeResult")]
pub fn from_vtex_change(
    #[wasm_bindgen(unchecked_param_type = "VtexChangeV2")] change: JsValue,
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FromVtexChangeOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let read = read_within(&change, "change", VTEX, |change| {
        optional(options, "options", OURS, |options| {
            json::from_vtex_change_doc(change, &state, options)
        })
    });
    parsed(&read.map_err(input_error)?.to_json())
}
