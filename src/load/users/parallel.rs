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

use super::{expected_rows, join, sha256_of, Columns, Part, FILE};
use crate::diagnostics::Diagnostics;
use crate::load::lines;
use crate::load::table::{self, InputLog, Table};
use crate::model::InputFile;
use crate::model::Users;

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
    let header_lines = lines::line_ends(&head, next);
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
    const BLOCK: usize = 4 << 20;
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    io::Seek::seek(&mut file, io::SeekFrom::Start(start))?;
    let mut reader = file.take(len);
    let mut part = Part::new(FILE, strict, expected_rows(len));
    let width = header.len();
    let mut fields: Vec<(usize, usize)> = Vec::with_capacity(width + 1);
    let mut buffer: Vec<u8> = Vec::with_capacity(BLOCK * 2);
    let (mut line_number, mut line_feeds, mut rows) = (0u64, 0u64, 0u64);
    loop {
        let kept = buffer.len();
        buffer.resize(kept + BLOCK, 0);
        let read = reader.read(&mut buffer[kept..])?;
        buffer.truncate(kept + read);
        let at_end = read == 0;
        let mut pos = 0;
        while pos < buffer.len() {
            let (end, next) = match memchr::memchr(b'\n', &buffer[pos..]) {
                Some(i) => (pos + i, pos + i + 1),
                None if at_end => (buffer.len(), buffer.len()),
                None => break,
            };
            line_number += 1;
            line_feeds += u64::from(next > end);
            let mut line = &buffer[pos..end];
            pos = next;
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            if memchr::memchr2(b'"', b'\r', line).is_some() {
                return Ok((part, line_feeds, true, rows));
            }
            if line.is_empty() {
                continue;
            }
            rows += 1;
            fields.clear();
            let mut field_start = 0;
            for comma in memchr::memchr_iter(b',', line) {
                fields.push((field_start, comma));
                field_start = comma + 1;
            }
            fields.push((field_start, line.len()));
            if fields.len() != width {
                let message = table::field_count_problem(width, fields.len());
                part.diags.error(FILE, Some(line_number), None, message);
                continue;
            }
            let Ok(text) = std::str::from_utf8(line) else {
                for (i, &(a, b)) in fields.iter().enumerate() {
                    if std::str::from_utf8(&line[a..b]).is_err() {
                        let message = table::utf8_problem(&line[a..b]);
                        part.diags
                            .error(FILE, Some(line_number), Some(&header[i]), message);
                    }
                }
                continue;
            };
            let cell = |i: usize| &text[fields[i].0..fields[i].1];
            part.push_cells(line_number, columns.cells(cell));
        }
        if let Some(bar) = &progress {
            bar.inc(pos as u64);
        }
        buffer.drain(..pos);
        if at_end {
            return Ok((part, line_feeds, false, rows));
        }
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
