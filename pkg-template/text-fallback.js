// Where TextDecoder or TextEncoder is missing (jsdom, Jest's browser-like test environment), a
// UTF-8 fallback for the glue below, which decodes only the valid UTF-8 Rust writes and encodes
// JavaScript strings (a lone surrogate as U+FFFD, as TextEncoder does).
const TextDecoder = globalThis.TextDecoder ?? class {
    decode(bytes = new Uint8Array(0)) {
        let out = "";
        for (let i = 0; i < bytes.length; ) {
            let c = bytes[i++];
            if (c >= 0xf0) c = ((c & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
            else if (c >= 0xe0) c = ((c & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
            else if (c >= 0xc0) c = ((c & 31) << 6) | (bytes[i++] & 63);
            out += String.fromCodePoint(c);
        }
        return out;
    }
};
const TextEncoder = globalThis.TextEncoder ?? class {
    encode(text = "") {
        const out = [];
        for (const ch of text) {
            let c = ch.codePointAt(0);
            if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
            if (c < 0x80) out.push(c);
            else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
            else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
            else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        }
        return new Uint8Array(out);
    }
};
