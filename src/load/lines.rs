//! Where each record of a CSV file starts, as a physical line, and the file's
//! SHA-256, both noted as the bytes stream past the parser.
//!
//! The line numbers are counted here rather than taken from the `csv` crate's
//! `Position::line`, which is wrong in files people write:
//! - after a record ended by CRLF it still names the line just ended, as the
//!   parser stops before the LF (<https://github.com/BurntSushi/rust-csv/issues/395>);
//! - the first record after a blank line gets the blank line's number
//!   (<https://github.com/BurntSushi/rust-csv/issues/208>);
//! - it counts LF bytes only (`line += (b == b'\n')` in `csv-core`'s reader), so
//!   a file whose lines end in a lone CR (old Mac files), or a quoted field
//!   broken by lone CRs, is one line.
//!
//! Its byte offsets are right but point just past the previous record's first
//! terminator byte. So the file is read through `Tracked`, which notes the
//! offset of every CR and LF as the bytes stream past (only those not yet
//! consumed are kept: memory is bounded by the read buffer) and hashes the
//! bytes with SHA-256 on the way. A record's line is then one plus the number
//! of line ends before its first byte, whatever quoted fields span lines before
//! it. A line ends at LF, CRLF or a lone CR, as the `csv` crate itself splits
//! records: CRLF is one line end, so a CR counts only when the byte after it is
//! not an LF.

use std::collections::VecDeque;
use std::io::{self, Read};

use sha2::{Digest, Sha256};

/// A reader that records where line terminators are and hashes what it reads.
pub struct Tracked<R> {
    inner: R,
    offset: u64,
    /// Offsets of CR and LF bytes not yet passed by `line_of_record`, with `true`
    /// for those that end a line (an LF, or a CR not followed by an LF).
    terminators: VecDeque<(u64, bool)>,
    /// A CR that was the last byte read: whether it ends a line depends on the
    /// next byte, not read yet.
    pending_cr: Option<u64>,
    /// Line ends already passed.
    lines_before: u64,
    hasher: Option<Sha256>,
}

impl<R: Read> Tracked<R> {
    /// A tracker of `inner`; with `hash`, it also hashes what it reads.
    pub fn new(inner: R, hash: bool) -> Tracked<R> {
        Tracked {
            inner,
            offset: 0,
            terminators: VecDeque::new(),
            pending_cr: None,
            lines_before: 0,
            hasher: hash.then(Sha256::new),
        }
    }

    /// The physical line of a record whose `csv` position is `byte`: skip the
    /// terminator bytes that run on from `byte` (the rest of a CRLF, blank lines),
    /// then count the line ends before the record's first byte. A CR still
    /// pending lies after the record's start: the parser read past it for the
    /// record's bytes otherwise.
    pub fn line_of_record(&mut self, byte: u64) -> u64 {
        while let Some(&(at, ends_line)) = self.terminators.front() {
            if at >= byte {
                break;
            }
            self.lines_before += u64::from(ends_line);
            self.terminators.pop_front();
        }
        let mut expected = byte;
        while let Some(&(at, ends_line)) = self.terminators.front() {
            if at != expected {
                break;
            }
            self.lines_before += u64::from(ends_line);
            self.terminators.pop_front();
            expected += 1;
        }
        self.lines_before + 1
    }

    /// Reads whatever the CSV parser left unread and returns the hex SHA-256 of all bytes.
    pub fn finish(mut self) -> io::Result<(String, u64)> {
        io::copy(&mut self, &mut io::sink())?;
        let hex = self
            .hasher
            .take()
            .map(|h| format!("{:x}", h.finalize()))
            .unwrap_or_default();
        Ok((hex, self.offset))
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        if let Some(hasher) = &mut self.hasher {
            hasher.update(chunk);
        }
        if let Some(cr) = self.pending_cr.take() {
            // At the end of the file (n == 0) a last CR ends a line too.
            self.terminators
                .push_back((cr, chunk.first() != Some(&b'\n')));
        }
        for at in memchr::memchr2_iter(b'\r', b'\n', chunk) {
            let offset = self.offset + at as u64;
            match (chunk[at], chunk.get(at + 1)) {
                (b'\n', _) => self.terminators.push_back((offset, true)),
                (_, Some(next)) => self.terminators.push_back((offset, *next != b'\n')),
                (_, None) => self.pending_cr = Some(offset),
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The line ends in `bytes` (LF, CRLF or a lone CR), given the byte that
/// follows them (`None` at the end of the file): how many lines a reader that
/// starts after `bytes` is below the first.
pub fn line_ends(bytes: &[u8], next: Option<u8>) -> u64 {
    memchr::memchr2_iter(b'\r', b'\n', bytes)
        .filter(|&at| bytes[at] == b'\n' || bytes.get(at + 1).copied().or(next) != Some(b'\n'))
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use csv::ByteRecord;

    /// The physical line of every record of `input`, as the loader sees them.
    fn lines(input: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tracked::new(input, true));
        let mut record = ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            let line = reader.get_mut().line_of_record(byte);
            let fields = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((line, fields));
        }
        out
    }

    fn line_numbers(input: &[u8]) -> Vec<u64> {
        lines(input).into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn lf_lines() {
        assert_eq!(line_numbers(b"a,b\n1,2\n3,4\n"), [1, 2, 3]);
    }

    #[test]
    fn crlf_lines_and_bom() {
        let out = lines(b"\xEF\xBB\xBFa,b\r\n1,2\r\n3,4");
        assert_eq!(out.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            out[0].1,
            ["a", "b"],
            "the byte-order mark is not part of the first name"
        );
    }

    #[test]
    fn quoted_fields_spanning_lines_count_every_line() {
        assert_eq!(line_numbers(b"a,b\n1,\"x\ny\nz\"\n2,3\n"), [1, 2, 5]);
        assert_eq!(line_numbers(b"a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n"), [1, 2, 4]);
    }

    #[test]
    fn blank_lines_are_counted() {
        assert_eq!(line_numbers(b"a,b\n\n1,2\n\n\n3,4"), [1, 3, 6]);
        assert_eq!(line_numbers(b"\n\na,b\r\n\r\n1,2"), [3, 5]);
    }

    #[test]
    fn a_record_starting_with_an_empty_field() {
        assert_eq!(line_numbers(b"a,b\r\n,2\r\n\r\n,4\n"), [1, 2, 4]);
    }

    #[test]
    fn lone_cr_ends_a_line_and_crlf_is_one_line_end() {
        assert_eq!(line_numbers(b"a,b\r1,2\r3,4\r"), [1, 2, 3]);
        assert_eq!(line_numbers(b"a,b\r\r1,2\r\r\r3,4"), [1, 3, 6]);
        // Mixed: LF, CRLF and lone CR each end one line.
        assert_eq!(
            line_numbers(b"a,b\n1,2\r\n3,4\r5,6\n\r\n7,8\r\r9,0\n"),
            [1, 2, 3, 4, 6, 8]
        );
        // A lone CR inside a quoted field is a line of the field.
        assert_eq!(line_numbers(b"a,b\r1,\"x\ry\r\nz\"\r2,3\r"), [1, 2, 5]);
    }

    /// Reads `input` a byte at a time: every CR is the last byte of a read, and
    /// whether it ends a line is known only at the next read.
    #[test]
    fn a_cr_at_the_end_of_a_read_waits_for_the_next_byte() {
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        let input = b"a,b\r\n1,2\r3,\"x\r\ny\"\r\r4,5\n6,7\r";
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tracked::new(OneByte(input), false));
        let mut record = ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            lines.push(reader.get_mut().line_of_record(byte));
        }
        assert_eq!(lines, [1, 2, 3, 6, 7]);
        assert_eq!(lines, line_numbers(input));
    }

    #[test]
    fn line_ends_of_a_slice() {
        assert_eq!(line_ends(b"a\nb\r\nc\rd", None), 3);
        // A last CR: one line end with CRLF, counted where its LF is.
        assert_eq!(line_ends(b"h\r", Some(b'\n')), 0);
        assert_eq!(line_ends(b"h\r", Some(b'x')), 1);
        assert_eq!(line_ends(b"h\r", None), 1);
        assert_eq!(line_ends(b"\r\r\n\n", Some(b'x')), 3);
    }

    #[test]
    fn hash_covers_every_byte() {
        let mut tracked = Tracked::new(&b"abc"[..], true);
        let mut buf = [0u8; 1];
        tracked.read_exact(&mut buf).unwrap();
        let (hex, bytes) = tracked.finish().unwrap();
        assert_eq!(bytes, 3);
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
