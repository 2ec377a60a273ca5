//! One side of a comparison: a `metrics.json` as `build` writes it, read from
//! a report folder or the file itself, with a message naming the file and what
//! was wrong when it cannot be read. At most `MAX_BYTES` are read, from a
//! file, a pipe or a device alike; what the file must hold beyond its shape
//! is in `checks.rs`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::checks;
use super::escape::cut;
use crate::model::{Choice, Metric};

/// What a comparison reads of a `metrics.json`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Snapshot {
    pub as_of: Option<String>,
    pub currency: String,
    pub inputs: Vec<InputHash>,
    pub metrics: Vec<Row>,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct InputHash {
    pub file: String,
    pub sha256: String,
}

/// A metric row; its key is (metric, subject, segment, period).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Row {
    pub metric: String,
    pub subject: String,
    pub segment: Option<String>,
    pub period: Option<String>,
    pub value: f64,
    pub unit: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Claim {
    pub id: String,
    pub verdict: String,
}

/// A row's key: metric, subject, segment and period, empty for none.
pub type Key = (String, String, String, String);

impl Row {
    /// The metric of this version the row's name is, if any: an earlier
    /// report may name one this version no longer has.
    pub fn known_metric(&self) -> Option<Metric> {
        Metric::parse(&self.metric)
    }

    pub fn key(&self) -> Key {
        (
            self.metric.clone(),
            self.subject.clone(),
            self.segment.clone().unwrap_or_default(),
            self.period.clone().unwrap_or_default(),
        )
    }
}

/// The most bytes of a metrics.json that are read. The shipped report's is
/// about 52 KB, and one built from ten million rows of users is a few MB (its
/// rows are counts per product, not per user): 64 MiB leaves a wide margin
/// and bounds what a wrong file can take.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `metrics.json` from `path`, a report folder or the file itself.
pub fn read(path: &Path) -> Result<Snapshot> {
    let file = metrics_file(path)?;
    let bytes = read_capped(&file)?;
    parse(&bytes).map_err(|problem| anyhow!("{}: {problem}", file.display()))
}

/// The bytes of `file`, refused past `MAX_BYTES`: a regular file by its
/// size, anything else (a pipe, `/dev/zero`) by reading no more than that.
fn read_capped(file: &Path) -> Result<Vec<u8>> {
    let cannot = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("{}: no such file or folder", file.display()),
        _ => anyhow!("{}: cannot read it: {e}", file.display()),
    };
    let too_large = || {
        anyhow!(
            "{}: too large for a metrics.json: expected at most {} MiB",
            file.display(),
            MAX_BYTES / 1024 / 1024
        )
    };
    let opened = std::fs::File::open(file).map_err(cannot)?;
    if opened
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > MAX_BYTES)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    opened
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The `metrics.json` that `path` names: the file itself, or the one in a
/// report folder.
pub fn metrics_file(path: &Path) -> Result<PathBuf> {
    if !path.is_dir() {
        return Ok(path.to_path_buf());
    }
    let file = path.join("metrics.json");
    if !file.is_file() {
        return Err(anyhow!(
            "{}: not a report folder (it has no metrics.json)",
            path.display()
        ));
    }
    Ok(file)
}

/// Parses the bytes of a `metrics.json`; the error says where and what.
pub fn parse(bytes: &[u8]) -> std::result::Result<Snapshot, String> {
    // Any JSON first, kept nowhere, so that bad JSON is named as such and a
    // document of another shape too.
    serde_json::from_slice::<IgnoredAny>(bytes).map_err(|e| problem(&e))?;
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err("not a metrics.json: expected an object with as_of, currency, inputs, metrics and claims".into());
    }
    let mut snapshot: Snapshot = serde_json::from_slice(bytes).map_err(|e| problem(&e))?;
    checks::neutralise(&mut snapshot);
    checks::check(&snapshot).map_err(|problem| format!("not a metrics.json: {problem}"))?;
    Ok(snapshot)
}

fn problem(e: &serde_json::Error) -> String {
    let at = format!("line {}, column {}", e.line(), e.column());
    // serde_json appends " at line L column C" to its message; the place is said once.
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    let message = shortened(message);
    if e.is_data() {
        format!("not a metrics.json: {message} at {at}")
    } else {
        format!("bad JSON at {at}: {message}")
    }
}

/// serde's message with the text it quotes (`invalid type: string "…"`)
/// cut to 60 characters, however long the string in the file.
fn shortened(message: &str) -> String {
    match (message.find('"'), message.rfind('"')) {
        (Some(open), Some(close)) if close > open => format!(
            "{}\"{}\"{}",
            &message[..open],
            cut(&message[open + 1..close], 60),
            &message[close + 1..]
        ),
        _ => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> std::result::Result<Snapshot, String> {
        super::parse(text.as_bytes())
    }

    #[test]
    fn reads_the_fields_it_compares() {
        let snapshot = parse(
            r#"{"as_of": null, "currency": "USD", "inputs": [{"file": "a.csv", "sha256": "ab"}],
            "metrics": [{"metric": "revenue_conv", "subject": "x", "segment": null, "period": "FY2026Q3",
            "value": 1.5, "unit": "USD mn", "sources": ["s"]}],
            "claims": [{"id": "c", "verdict": "holds", "actual": null}]}"#,
        )
        .unwrap();
        assert_eq!(snapshot.as_of, None);
        assert_eq!(
            snapshot.metrics[0].key(),
            (
                "revenue_conv".into(),
                "x".into(),
                String::new(),
                "FY2026Q3".into()
            )
        );
        assert_eq!(snapshot.claims[0].verdict, "holds");
    }

    #[test]
    fn a_long_string_in_a_message_is_cut() {
        let text = format!(
            r#"{{"as_of": null, "currency": "USD", "inputs": [], "claims": [],
            "metrics": [{{"metric": "m", "subject": "s", "segment": null, "period": null,
            "unit": "%", "value": "{}"}}]}}"#,
            "L".repeat(70_000)
        );
        assert_eq!(
            parse(&text).unwrap_err(),
            format!(
                "not a metrics.json: invalid type: string \"{}…\", expected f64 at line 3, column 70036",
                "L".repeat(59)
            )
        );
    }

    #[test]
    fn says_where_the_json_is_bad() {
        assert_eq!(
            parse("{\n  \"as_of\": ,\n}").unwrap_err(),
            "bad JSON at line 2, column 12: expected value"
        );
        assert_eq!(
            parse(
                r#"{"as_of": "nope", "currency": "USD", "inputs": [], "metrics": [], "claims": []}"#
            )
            .unwrap_err(),
            "not a metrics.json: as_of: expected a day as YYYY-MM-DD or null, found \"nope\""
        );
        assert_eq!(
            parse(
                r#"{"as_of": null, "currency": "ZZZ", "inputs": [], "metrics": [], "claims": []}"#
            )
            .unwrap_err(),
            "not a metrics.json: currency: expected an ISO 4217 code, found \"ZZZ\""
        );
        assert_eq!(
            parse("{\"as_of\": null}").unwrap_err(),
            "not a metrics.json: missing field `currency` at line 1, column 15"
        );
        assert_eq!(
            parse("[1, 2]").unwrap_err(),
            "not a metrics.json: expected an object with as_of, currency, inputs, metrics and claims"
        );
        assert_eq!(
            parse(r#"{"as_of": null, "currency": "USD", "inputs": [], "metrics": [{"metric": "a"}], "claims": []}"#).unwrap_err(),
            "not a metrics.json: missing field `subject` at line 1, column 76"
        );
    }
}
