//! Writing to standard output and standard error. A failed write is a
//! `StreamError`, so that `main` can tell a closed pipe from a real failure.

use std::io::{self, Write};

use anyhow::Result;

/// A failed write to standard output or standard error. `main` ends the run
/// with status 3 for it, or quietly when standard output was closed early
/// (`aimarket metrics | head -1`).
#[derive(Debug)]
pub struct StreamError {
    pub stdout: bool,
    pub source: io::Error,
}

impl StreamError {
    /// The reader of standard output went away: not a failure of this run.
    pub fn is_closed_stdout(&self) -> bool {
        self.stdout && self.source.kind() == io::ErrorKind::BrokenPipe
    }
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stream = if self.stdout { "output" } else { "error" };
        write!(f, "cannot write to standard {stream}")
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| {
            StreamError {
                stdout: true,
                source,
            }
            .into()
        })
}

pub fn to_stderr(text: &str) -> Result<()> {
    io::stderr()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|source| {
            StreamError {
                stdout: false,
                source,
            }
            .into()
        })
}

/// Lines to standard error, each ended by a newline.
pub fn lines_to_stderr(lines: impl IntoIterator<Item = String>) -> Result<()> {
    let text: String = lines.into_iter().map(|line| line + "\n").collect();
    to_stderr(&text)
}
