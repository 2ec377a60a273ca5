//! The parallel read of a large `users.csv`: one worker per chunk of whole
//! lines, while another thread hashes the file from start to end. A worker
//! splits lines at LF and fields at commas, which is exactly CSV while there
//! are no quotes and no lone CRs: at the first of either the whole file goes
//! back to the general CSV reader. The parts are joined in file order, their
//! line numbers shifted by the physical lines before each chunk.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context, Result};
use indicatif::ProgressBar;

use crate::diagnostics::Diagnostics;
use crate::load::lines::line_ends;
use crate::load::table::{self, InputLog, Table};
use crate::load::users_join::join;
use crate::load::users_parts::{expected_rows, sha256_of, Columns, Part};
use crate::model::{DataFile, InputFile, Users};

const FILE: DataFile = DataFile::Users;

/// What a parallel read works on.
pub(super) struct Plan<'a> {
    pub(super) path: &'a Path,
    pub(super) size: u64,
    pub(super) workers: usize,
    pub(super) columns: Columns,
    pub(super) progress: &'a Option<ProgressBar>,
}

/// The parallel read; `None` when a chunk held a `"` and the file must be read
/// by one reader instead.
pub(super) fn read_in_parallel(
    table: &Table,
    plan: Plan,
    diags: &mut Diagnostics,
    inputs: &mut InputLog,
) -> Result<Option<Users>> {
    let Plan {
        path,
        size,
        workers,
        columns,
        progress,
    } = plan;
    let start = table.data_start();
    let bounds = chunk_bounds(path, start, size, workers)?;
    // Line ends before the first chunk: the header's (and blank lines before it).
    // A CR that ends the header may be the first half of a CRLF whose LF starts
    // the first chunk, so the byte after the header decides (`line_ends`).
    let mut head = vec![0u8; start as usize];
    let mut file = File::open(path)?;
    file.read_exact(&mut head)?;
    let mut next = [0u8; 1];
    let next = (file.read(&mut next)? == 1).then_some(next[0]);
    let header_lines = line_ends(&head, next);
    let strict = diags.is_strict();
    let (parts, sha256) = std::thread::scope(|scope| -> Result<_> {
        let hash = inputs.hash;
        let hashing = scope.spawn(move || {
            if hash {
                sha256_of(path)
            } else {
                Ok(String::new())
            }
        });
        let header = table.header_names();
        let readers: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let (start, len) = (w[0], w[1] - w[0]);
                let bar = progress.clone();
                scope
                    .spawn(move || read_plain_chunk(path, start, len, header, columns, strict, bar))
            })
            .collect();
        let mut parts = Vec::new();
        for reader in readers {
            parts.push(reader.join().expect("a reader thread does not panic")?);
        }
        let sha256 = hashing.join().expect("the hashing thread does not panic")?;
        Ok((parts, sha256))
    })?;
    if parts.iter().any(|(_, _, saw_quote, _)| *saw_quote) {
        return Ok(None);
    }
    let rows = parts.iter().map(|(_, _, _, rows)| rows).sum();
    let mut shift = header_lines;
    let mut shifted = Vec::new();
    for (part, line_feeds, _, _) in parts {
        shifted.push((part, shift));
        shift += line_feeds;
    }
    inputs.files.push(InputFile {
        name: FILE.file_name().into(),
        rows,
        sha256,
    });
    Ok(Some(join(shifted, diags)))
}

/// Reads the bytes `start..start + len` of users.csv, whole lines, without the
/// general CSV machinery: lines end at LF (or CRLF), fields at commas. That is
/// exactly CSV when there are no quotes and no lone CRs, so at the first `"` or
/// lone CR it gives up (the `bool`), and the file is read by the CSV reader.
/// Returns the part, its line feeds, whether it gave up, and its record count.
fn read_plain_chunk(
    path: &Path,
    start: u64,
    len: u64,
    header: &[String],
    columns: Columns,
    strict: bool,
    progress: Option<ProgressBar>,
) -> Result<(Part, u64, bool, u64)> {
    const BLOCK: u64 = 4 << 20;
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    io::Seek::seek(&mut file, io::SeekFrom::Start(start))?;
    let mut reader = file.take(len);
    let mut chunk = Chunk {
        part: Part::new(FILE, strict, expected_rows(len)),
        header,
        columns,
        line_number: 0,
        line_feeds: 0,
        rows: 0,
    };
    let mut buffer: Vec<u8> = Vec::with_capacity(2 * BLOCK as usize);
    loop {
        let read = (&mut reader).take(BLOCK).read_to_end(&mut buffer)?;
        let at_end = read == 0;
        // Whole lines only; the rest waits for the next block.
        let whole = match memchr::memrchr(b'\n', &buffer) {
            _ if at_end => buffer.len(),
            Some(i) => i + 1,
            None => continue,
        };
        let lines = &buffer[..whole];
        if !is_plain(lines, at_end) {
            return Ok((chunk.part, chunk.line_feeds, true, chunk.rows));
        }
        chunk.read_lines(lines);
        if let Some(bar) = &progress {
            bar.inc(whole as u64);
        }
        buffer.drain(..whole);
        if at_end {
            return Ok((chunk.part, chunk.line_feeds, false, chunk.rows));
        }
    }
}

/// Whether `bytes` is read the same split at LFs and commas as by a CSV reader:
/// no quote, and every CR the first half of a CRLF (or the file's last byte).
fn is_plain(bytes: &[u8], at_end: bool) -> bool {
    memchr::memchr(b'"', bytes).is_none()
        && memchr::memchr_iter(b'\r', bytes)
            .all(|at| bytes.get(at + 1).map_or(at_end, |next| *next == b'\n'))
}

/// One worker's state: its part and where it is in its chunk.
struct Chunk<'a> {
    part: Part,
    header: &'a [String],
    columns: Columns,
    line_number: u64,
    line_feeds: u64,
    rows: u64,
}

impl Chunk<'_> {
    /// Reads whole lines (the last one may lack its LF at the end of the file).
    fn read_lines(&mut self, bytes: &[u8]) {
        // Checked once for the block; line by line only when that fails.
        let text = std::str::from_utf8(bytes).ok();
        let width = self.header.len();
        let mut fields: Vec<(usize, usize)> = Vec::with_capacity(width + 1);
        let mut line_start = 0;
        let mut field_start = 0;
        let mut separators = Separators::new(bytes);
        loop {
            let at = separators.next();
            if let Some(comma) = at.filter(|&at| bytes[at] == b',') {
                fields.push((field_start, comma));
                field_start = comma + 1;
                continue;
            }
            let end = at.unwrap_or(bytes.len());
            if at.is_none() && line_start == end {
                return;
            }
            self.line_number += 1;
            self.line_feeds += u64::from(at.is_some());
            // A CR here ends a CRLF (`is_plain` allows no other).
            let trimmed = end - usize::from(end > line_start && bytes[end - 1] == b'\r');
            if trimmed > line_start {
                fields.push((field_start, trimmed.max(field_start)));
                self.record(bytes, text, line_start..trimmed, &fields);
            }
            fields.clear();
            line_start = end + 1;
            field_start = line_start;
            if at.is_none() {
                return;
            }
        }
    }

    /// Types one non-empty line whose fields are at `fields`.
    fn record(
        &mut self,
        bytes: &[u8],
        text: Option<&str>,
        line: std::ops::Range<usize>,
        fields: &[(usize, usize)],
    ) {
        let (part, number) = (&mut self.part, self.line_number);
        self.rows += 1;
        if fields.len() != self.header.len() {
            let message = table::field_count_problem(self.header.len(), fields.len());
            part.diags.error(FILE, Some(number), None, message);
            return;
        }
        let text = match text {
            Some(text) => &text[line.clone()],
            None => match std::str::from_utf8(&bytes[line.clone()]) {
                Ok(text) => text,
                Err(_) => {
                    for (i, &(a, b)) in fields.iter().enumerate() {
                        if std::str::from_utf8(&bytes[a..b]).is_err() {
                            let message = table::utf8_problem(&bytes[a..b]);
                            part.diags
                                .error(FILE, Some(number), Some(&self.header[i]), message);
                        }
                    }
                    return;
                }
            },
        };
        let cell = |i: usize| &text[fields[i].0 - line.start..fields[i].1 - line.start];
        part.push_cells(number, self.columns.cells(cell));
    }
}

/// The offsets of commas and LFs in a byte string, in order, found eight bytes
/// at a time: one word's matches are a bit mask, so short fields cost no calls.
struct Separators<'a> {
    bytes: &'a [u8],
    /// Where the word of `mask` starts.
    base: usize,
    /// The high bit of each byte of the current word that is a comma or LF and
    /// not yet returned.
    mask: u64,
}

impl<'a> Separators<'a> {
    fn new(bytes: &'a [u8]) -> Separators<'a> {
        let mut separators = Separators {
            bytes,
            base: 0,
            mask: 0,
        };
        separators.mask = separators.word_mask();
        separators
    }

    fn word_mask(&self) -> u64 {
        const ONES: u64 = u64::from_ne_bytes([1; 8]);
        const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
        /// The high bit of each zero byte of `x`, exactly.
        fn zero_bytes(x: u64) -> u64 {
            !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
        }
        let rest = self.bytes.get(self.base..).unwrap_or_default();
        let word = match rest.first_chunk::<8>() {
            Some(word) => u64::from_le_bytes(*word),
            None => {
                let mut word = [0u8; 8];
                word[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(word)
            }
        };
        zero_bytes(word ^ (ONES * u64::from(b','))) | zero_bytes(word ^ (ONES * u64::from(b'\n')))
    }

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 8;
            if self.base >= self.bytes.len() {
                return None;
            }
            self.mask = self.word_mask();
        }
        let at = self.base + (self.mask.trailing_zeros() / 8) as usize;
        self.mask &= self.mask - 1;
        Some(at)
    }
}

/// Byte offsets that cut `start..size` into about `workers` chunks of whole lines.
fn chunk_bounds(path: &Path, start: u64, size: u64, workers: usize) -> Result<Vec<u64>> {
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bounds = vec![start];
    let step = (size - start) / workers as u64;
    let mut window = vec![0u8; 64 * 1024];
    for k in 1..workers as u64 {
        let mut at = (start + k * step).max(*bounds.last().expect("a bound"));
        loop {
            io::Seek::seek(&mut file, io::SeekFrom::Start(at))?;
            let n = file.read(&mut window)?;
            if n == 0 {
                at = size;
                break;
            }
            if let Some(i) = memchr::memchr(b'\n', &window[..n]) {
                at += i as u64 + 1;
                break;
            }
            at += n as u64;
        }
        if at < size && at > *bounds.last().expect("a bound") {
            bounds.push(at);
        }
    }
    bounds.push(size);
    Ok(bounds)
}
