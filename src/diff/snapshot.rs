//! One side of a comparison: a `metrics.json` as `build` writes it, read from
//! a report folder or the file itself, with a message naming the file and what
//! was wrong when it cannot be read.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use serde::Deserialize;

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
    pub fn key(&self) -> Key {
        (
            self.metric.clone(),
            self.subject.clone(),
            self.segment.clone().unwrap_or_default(),
            self.period.clone().unwrap_or_default(),
        )
    }
}

/// Reads `metrics.json` from `path`, a report folder or the file itself.
pub fn read(path: &Path) -> Result<Snapshot> {
    let file = metrics_file(path)?;
    let text = std::fs::read_to_string(&file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("{}: no such file or folder", file.display()),
        _ => anyhow!("{}: cannot read it: {e}", file.display()),
    })?;
    parse(&text).map_err(|problem| anyhow!("{}: {problem}", file.display()))
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

/// Parses the text of a `metrics.json`; the error says where and what.
pub fn parse(text: &str) -> std::result::Result<Snapshot, String> {
    // Any JSON first, so that a document of another shape is named as such.
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| problem(&e))?;
    if !value.is_object() {
        return Err("not a metrics.json: expected an object with as_of, currency, inputs, metrics and claims".into());
    }
    let snapshot: Snapshot = serde_json::from_str(text).map_err(|e| problem(&e))?;
    // What the report writes in words must be what `build` writes.
    if let Some(day) = snapshot.as_of.as_deref() {
        if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
            return Err(format!(
                "not a metrics.json: as_of: expected a day as YYYY-MM-DD or null, found {day:?}"
            ));
        }
    }
    if crate::model::Currency::parse(&snapshot.currency).is_none() {
        return Err(format!(
            "not a metrics.json: currency: expected an ISO 4217 code, found {:?}",
            snapshot.currency
        ));
    }
    Ok(snapshot)
}

fn problem(e: &serde_json::Error) -> String {
    {
        let at = format!("line {}, column {}", e.line(), e.column());
        // serde_json appends " at line L column C" to its message; the place is said once.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        if e.is_data() {
            format!("not a metrics.json: {message} at {at}")
        } else {
            format!("bad JSON at {at}: {message}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
