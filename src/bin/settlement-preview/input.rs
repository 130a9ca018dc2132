//! Where the command line's JSON comes from (a file, `-` for stdin, or inline JSON) and how its
//! problems are told: one line naming the file and the field path inside it, exit code 2.

use serde_json::Value;
use settlement_preview::InputError;
use std::fmt;
use std::io::Read;
use std::path::PathBuf;

/// The most bytes read from one file or from stdin (a 10 000-item order is well below it).
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// An argument that names JSON: a file path, `-` (stdin) or, when it starts with `{` or `[`,
/// the JSON itself (`--operation '{"type":"cancel"}'`).
#[derive(Debug, Clone)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// JSON written on the command line, named after its flag.
    Inline { flag: &'static str, text: String },
    /// A value that is not JSON (`--currency XYZ`), named after its flag.
    Named(&'static str),
}

impl Source {
    /// Reads `arg` as the value of `flag`.
    pub fn new(flag: &'static str, arg: &str) -> Source {
        let trimmed = arg.trim_start();
        if arg == "-" {
            Source::Stdin
        } else if trimmed.starts_with('{') || trimmed.starts_with('[') {
            Source::Inline {
                flag,
                text: arg.to_string(),
            }
        } else {
            Source::File(PathBuf::from(arg))
        }
    }

    /// Reads and parses the JSON.
    pub fn read(&self) -> Result<Value, Failure> {
        let text = match self {
            Source::Inline { text, .. } => text.clone(),
            Source::Named(_) => String::from("null"),
            Source::Stdin => read_limited(std::io::stdin().lock(), self)?,
            Source::File(path) => {
                let file = std::fs::File::open(path).map_err(|e| self.unreadable(&e))?;
                read_limited(file, self)?
            }
        };
        serde_json::from_str(&text).map_err(|e| Failure::Input {
            source: self.to_string(),
            location: format!("line {} column {}", e.line(), e.column()),
            message: format!("malformed JSON: {}", syntax_message(&e)),
        })
    }

    fn unreadable(&self, e: &dyn fmt::Display) -> Failure {
        Failure::Input {
            source: self.to_string(),
            location: String::new(),
            message: format!("cannot read: {e}"),
        }
    }

    /// An engine error about the JSON this source held, its path made relative to the file:
    /// `root` is the name the engine gives the whole document (`state`, `operation`, …), or ""
    /// when the engine's paths already start at the file's top (a `simulate` file).
    pub fn invalid(&self, error: InputError, root: &str) -> Failure {
        Failure::Input {
            source: self.to_string(),
            location: within(&error.path, root),
            message: error.message,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => f.write_str("<stdin>"),
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Inline { flag, .. } => write!(f, "{flag} (inline JSON)"),
            Source::Named(flag) => f.write_str(flag),
        }
    }
}

fn read_limited(reader: impl Read, source: &Source) -> Result<String, Failure> {
    let mut text = String::new();
    let read = reader
        .take(MAX_INPUT_BYTES.saturating_add(1))
        .read_to_string(&mut text)
        .map_err(|e| source.unreadable(&e))?;
    if u64::try_from(read).map_or(true, |n| n > MAX_INPUT_BYTES) {
        return Err(source.unreadable(&format!("larger than {MAX_INPUT_BYTES} bytes")));
    }
    Ok(text)
}

/// serde_json's message without its own " at line L column C" (the location is told apart).
fn syntax_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    }
}

/// `state.items[0].price` inside a file that holds the state is `items[0].price`; the whole
/// document is "".
fn within(path: &str, root: &str) -> String {
    if root.is_empty() {
        return path.to_string();
    }
    match path.strip_prefix(root) {
        Some("") => String::new(),
        Some(rest) if rest.starts_with('[') => rest.to_string(),
        Some(rest) => match rest.strip_prefix('.') {
            Some(inner) => inner.to_string(),
            None => path.to_string(),
        },
        None => path.to_string(),
    }
}

/// Stdin can be read once: at most one argument may be `-`.
pub fn one_stdin(sources: &[&Source]) -> Result<(), Failure> {
    if sources
        .iter()
        .filter(|s| matches!(s, Source::Stdin))
        .count()
        > 1
    {
        return Err(Failure::Input {
            source: String::from("-"),
            location: String::new(),
            message: String::from("only one argument can read stdin (-)"),
        });
    }
    Ok(())
}

/// Why the command did not print a report.
#[derive(Debug)]
pub enum Failure {
    /// Malformed input: the source, where inside it ("" for the whole document), what is
    /// wrong. Exit code 2.
    Input {
        source: String,
        location: String,
        message: String,
    },
    /// Writing the output failed (a closed pipe is not one: see `main`).
    Output(std::io::Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input {
                source,
                location,
                message,
            } if location.is_empty() => write!(f, "{source}: {}", one_line(message)),
            Failure::Input {
                source,
                location,
                message,
            } => write!(f, "{source}: {location}: {}", one_line(message)),
            Failure::Output(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

/// Messages stay on one line, whatever the input put in them.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Output(e)
    }
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn paths_inside_the_file() {
        assert_eq!(within("state.items[0].price", "state"), "items[0].price");
        assert_eq!(within("state", "state"), "");
        assert_eq!(within("operation[2]", "operation"), "[2]");
        assert_eq!(within("stateX.a", "state"), "stateX.a");
        assert_eq!(within("operations[1].value", ""), "operations[1].value");
    }
}
