//! The export's lines, read in chunks with bounded memory: a line longer than the limit is read
//! and discarded in pieces (it becomes an `invalid` row), a read error (a truncated or corrupt
//! `.gz`) ends the input with one `invalid` row at the line it interrupted.

use settlement_preview::reconcile::{self, ErrorInfo};
use std::io::{self, BufRead};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A chunk is sent to the workers once it holds this many bytes or [`CHUNK_LINES`] lines.
const CHUNK_BYTES: usize = 1024 * 1024;
const CHUNK_LINES: usize = 512;

/// One input line, as the reader saw it.
#[derive(Debug)]
pub enum Record {
    /// The line's bytes, `chunk.data[start..end]` (without its `\n` or `\r\n`).
    Line { start: usize, end: usize },
    /// A line longer than the limit: its length in bytes (discarded).
    TooLong(u64),
    /// The input could not be read past this point (the last record of the input): why.
    Unreadable(ErrorInfo),
}

/// Consecutive lines: the first's 1-based number, their bytes and where each is.
#[derive(Debug)]
pub struct Chunk {
    /// Position in the input (0, 1, 2, …): the writer puts chunks back in this order.
    pub seq: u64,
    /// The 1-based number of the first record.
    pub first_line: u64,
    /// The bytes of the lines.
    pub data: Vec<u8>,
    /// One per line.
    pub records: Vec<Record>,
}

impl Chunk {
    fn new(seq: u64, first_line: u64) -> Chunk {
        Chunk {
            seq,
            first_line,
            data: Vec::with_capacity(CHUNK_BYTES.saturating_add(CHUNK_BYTES / 4)),
            records: Vec::with_capacity(CHUNK_LINES),
        }
    }

    fn full(&self) -> bool {
        self.data.len() >= CHUNK_BYTES || self.records.len() >= CHUNK_LINES
    }
}

/// A reader that counts the bytes taken from the file (the compressed ones for `.gz`), for
/// the progress line's "x % read".
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    /// Counts into `count`.
    pub fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        Counting { inner, count }
    }
}

impl<R: io::Read> io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
        Ok(n)
    }
}

/// Splits `input` into chunks, calling `send` with each; stops when `send` returns false (the
/// writer has stopped) or at the end of the input.
pub fn split(
    mut input: impl BufRead,
    max_line: usize,
    mut send: impl FnMut(Chunk) -> bool,
) -> io::Result<()> {
    let mut seq: u64 = 0;
    let mut line: u64 = 1;
    let mut chunk = Chunk::new(seq, line);
    loop {
        let start = chunk.data.len();
        let read = read_line(&mut input, &mut chunk.data, start, max_line);
        let last = match read {
            Ok(None) => {
                break;
            }
            Ok(Some((total, kept))) => {
                let end = chunk.data.len();
                chunk.records.push(if kept {
                    Record::Line { start, end }
                } else {
                    Record::TooLong(total)
                });
                false
            }
            Err(e) => {
                chunk.data.truncate(start);
                chunk
                    .records
                    .push(Record::Unreadable(reconcile::input_unreadable(&e)));
                true
            }
        };
        line = line.saturating_add(1);
        if last {
            break;
        }
        if chunk.full() {
            seq = seq.saturating_add(1);
            let next = Chunk::new(seq, line);
            if !send(std::mem::replace(&mut chunk, next)) {
                return Ok(());
            }
        }
    }
    if !chunk.records.is_empty() {
        send(chunk);
    }
    Ok(())
}

/// Appends one line (without its `\n` and a `\r` before it) to `data` from `start`, and
/// returns its full length in bytes and whether it was kept; `None` at the end of the input.
/// Past `max_line` bytes the line is dropped from `data` and the rest is consumed unkept.
fn read_line(
    input: &mut impl BufRead,
    data: &mut Vec<u8>,
    start: usize,
    max_line: usize,
) -> io::Result<Option<(u64, bool)>> {
    let mut total: u64 = 0;
    let mut any = false;
    let mut kept = true;
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            if !any {
                return Ok(None);
            }
            break;
        }
        any = true;
        let newline = memchr::memchr(b'\n', available);
        let part = match newline {
            Some(at) => available.get(..at).unwrap_or(available),
            None => available,
        };
        let used = part.len().saturating_add(usize::from(newline.is_some()));
        total = total.saturating_add(u64::try_from(part.len()).unwrap_or(u64::MAX));
        if kept {
            if data.len().saturating_sub(start).saturating_add(part.len()) > max_line {
                kept = false;
                data.truncate(start);
            } else {
                data.extend_from_slice(part);
            }
        }
        input.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if kept && data.len() > start && data.last() == Some(&b'\r') {
        data.pop();
        total = total.saturating_sub(1);
    }
    Ok(Some((total, kept)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8], max: usize) -> Vec<String> {
        let mut out = Vec::new();
        split(text, max, |chunk| {
            for r in &chunk.records {
                out.push(match r {
                    Record::Line { start, end } => {
                        String::from_utf8_lossy(chunk.data.get(*start..*end).unwrap()).into_owned()
                    }
                    Record::TooLong(n) => format!("<{n}>"),
                    Record::Unreadable(_) => "<unreadable>".into(),
                });
            }
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn splits_lines_and_discards_long_ones() {
        assert_eq!(lines(b"a\nbb\r\n\nccc", 10), ["a", "bb", "", "ccc"]);
        assert_eq!(lines(b"a\n0123456789AB\nc\n", 10), ["a", "<12>", "c"]);
        assert_eq!(lines(b"", 10), Vec::<String>::new());
        assert_eq!(lines(b"\n", 10), [""]);
    }

    #[test]
    fn long_lines_across_buffer_refills() {
        let mut text = vec![b'x'; 100];
        text.push(b'\n');
        text.extend_from_slice(b"ok\n");
        let reader = io::BufReader::with_capacity(7, text.as_slice());
        let mut seen = Vec::new();
        split(reader, 50, |chunk| {
            seen.extend(chunk.records.iter().map(|r| format!("{r:?}")));
            true
        })
        .unwrap();
        assert_eq!(seen, ["TooLong(100)", "Line { start: 0, end: 2 }"]);
    }
}
