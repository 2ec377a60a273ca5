//! Reading one data file as a stream of records: its header checked, each
//! record with its physical line (counted by `lines.rs`), the file's rows and
//! hash noted among the inputs once it is read.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context, Result};
use csv::ByteRecord;

use super::lines::Tracked;
use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, InputFile};

/// The files read, each with its rows and (when asked for) its SHA-256: the
/// `inputs` of `metrics.json`. `check` does not ask, and nothing is hashed.
#[derive(Debug, Default)]
pub struct InputLog {
    pub files: Vec<InputFile>,
    pub hash: bool,
}

/// The message for a record with the wrong number of fields.
pub fn field_count_problem(expected: usize, found: usize) -> String {
    format!("expected {expected} fields, found {found}")
}

/// The message for a field that is not UTF-8.
pub fn utf8_problem(field: &[u8]) -> String {
    format!(
        "expected UTF-8 text, found invalid bytes in {:?}",
        String::from_utf8_lossy(field)
    )
}

/// Opens a file for reading its rows, noting it as unreadable when it must be
/// there and is not, or is there but has no usable header.
pub(crate) fn open(
    dir: &Path,
    file: DataFile,
    diags: &mut Diagnostics,
    inputs: &mut InputLog,
    unreadable: &mut BTreeSet<DataFile>,
) -> Result<Option<Box<Table>>> {
    Ok(match Table::open(dir, file, diags, inputs)? {
        Opened::Ready(table) => Some(table),
        Opened::Absent => {
            if file.is_required() {
                unreadable.insert(file);
            }
            None
        }
        Opened::Unreadable => {
            unreadable.insert(file);
            None
        }
    })
}

/// One data file being read: its header checked, its records streamed.
pub struct Table<R = File> {
    pub file: DataFile,
    reader: csv::Reader<Tracked<R>>,
    headers: ByteRecord,
    header_names: Vec<String>,
    record: ByteRecord,
    rows: u64,
}

/// The outcome of opening a data file.
pub enum Opened {
    /// The file is not there (an error already reported if it is required).
    Absent,
    /// The file is there but its rows cannot be read (empty, bad header); the
    /// problems are reported and its hash is recorded.
    Unreadable,
    Ready(Box<Table>),
}

impl Table<File> {
    /// Opens `file` in `dir`, reads and checks its header row.
    pub fn open(
        dir: &Path,
        file: DataFile,
        diags: &mut Diagnostics,
        inputs: &mut InputLog,
    ) -> Result<Opened> {
        let path = dir.join(file.file_name());
        let handle = match File::open(&path) {
            Ok(handle) => handle,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if file.is_required() {
                    diags.error(file, None, None, "required file is missing".into());
                }
                return Ok(Opened::Absent);
            }
            Err(e) => return Err(e).with_context(|| format!("cannot open {}", path.display())),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tracked::new(handle, inputs.hash));
        let mut headers = ByteRecord::new();
        let has_header = reader
            .read_byte_record(&mut headers)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut table = Table {
            file,
            reader,
            headers,
            header_names: Vec::new(),
            record: ByteRecord::new(),
            rows: 0,
        };
        if !has_header {
            let (sha256, bytes) = table.reader.into_inner().finish()?;
            let message = if bytes == 0 {
                "empty file (expected a header row)"
            } else {
                "no header row (the file holds only blank lines)"
            };
            diags.error(file, None, None, message.into());
            inputs.files.push(InputFile {
                name: file.file_name().into(),
                rows: 0,
                sha256,
            });
            return Ok(Opened::Unreadable);
        }
        let line = {
            let byte = table.headers.position().map_or(0, |p| p.byte());
            table.reader.get_mut().line_of_record(byte)
        };
        if table.check_header(line, diags) {
            Ok(Opened::Ready(Box::new(table)))
        } else {
            table.finish(inputs)?;
            Ok(Opened::Unreadable)
        }
    }

    /// Unknown columns are a warning; missing required, duplicated or
    /// undecodable column names make the file's rows unreadable.
    fn check_header(&mut self, line: u64, diags: &mut Diagnostics) -> bool {
        let file = self.file;
        let mut usable = true;
        for field in self.headers.iter() {
            match std::str::from_utf8(field) {
                Ok(name) => self.header_names.push(name.to_string()),
                Err(_) => {
                    diags.error(
                        file,
                        Some(line),
                        None,
                        format!(
                            "expected UTF-8 text in the header, found invalid bytes in {:?}",
                            String::from_utf8_lossy(field)
                        ),
                    );
                    self.header_names
                        .push(String::from_utf8_lossy(field).into_owned());
                    usable = false;
                }
            }
        }
        diags.note_columns(file, &self.header_names);
        // Sets, not scans of the names so far: a header may have 100,000 columns.
        let known: HashSet<&str> = file.columns().iter().map(|c| c.name).collect();
        let mut seen: HashSet<&str> = HashSet::with_capacity(self.header_names.len());
        for name in &self.header_names {
            if !seen.insert(name) {
                diags.error(
                    file,
                    None,
                    None,
                    format!("column {name:?} appears more than once"),
                );
                usable = false;
            } else if !known.contains(name.as_str()) {
                diags.warning(
                    file,
                    None,
                    None,
                    format!("unknown column {name:?} (ignored)"),
                );
            }
        }
        for column in file.columns() {
            let name = column.name;
            if column.required && !seen.contains(name) {
                diags.error(
                    file,
                    None,
                    None,
                    format!("missing required column {name:?}"),
                );
                usable = false;
            }
        }
        usable
    }

    /// Where the first record after the header starts (or just before it: the rest
    /// of a CRLF), for readers of chunks.
    pub fn data_start(&self) -> u64 {
        self.reader.position().byte()
    }

    /// Finishes reading: records the file's row count and hash among the inputs.
    pub fn finish(self, inputs: &mut InputLog) -> Result<()> {
        let file = self.file;
        let rows = self.rows;
        let (sha256, _) = self
            .reader
            .into_inner()
            .finish()
            .with_context(|| format!("cannot read {file}"))?;
        inputs.files.push(InputFile {
            name: file.file_name().into(),
            rows,
            sha256,
        });
        Ok(())
    }
}

impl<R: Read> Table<R> {
    /// The columns of the header, in file order.
    pub fn header_names(&self) -> &[String] {
        &self.header_names
    }

    /// The current record.
    pub fn record(&self) -> &ByteRecord {
        &self.record
    }

    /// Records read so far, good or bad.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Moves to the next record whose shape is right and returns its line. Records
    /// with a wrong field count or bytes that are not UTF-8 are reported and skipped.
    pub fn next_record(&mut self, diags: &mut Diagnostics) -> Result<Option<u64>> {
        loop {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .with_context(|| format!("cannot read {}", self.file))?;
            if !more {
                return Ok(None);
            }
            self.rows += 1;
            let byte = self.record.position().map_or(0, |p| p.byte());
            let line = self.reader.get_mut().line_of_record(byte);
            if self.record.len() != self.headers.len() {
                diags.error(
                    self.file,
                    Some(line),
                    None,
                    field_count_problem(self.headers.len(), self.record.len()),
                );
                continue;
            }
            if std::str::from_utf8(self.record.as_slice()).is_err() {
                self.report_bad_utf8(line, diags);
                continue;
            }
            return Ok(Some(line));
        }
    }

    fn report_bad_utf8(&self, line: u64, diags: &mut Diagnostics) {
        for (i, field) in self.record.iter().enumerate() {
            if std::str::from_utf8(field).is_err() {
                diags.error(
                    self.file,
                    Some(line),
                    Some(&self.header_names[i]),
                    utf8_problem(field),
                );
            }
        }
    }

    /// The current record as the file's raw serde row (fields matched by header name).
    pub fn deserialize<'r, T: serde::Deserialize<'r>>(&'r self) -> Result<T, csv::Error> {
        self.record.deserialize(Some(&self.headers))
    }
}
