//! The first stages of every command: the data folder loaded, validated and
//! filtered to its as-of day, then its metrics with the problems only
//! computing them can find.

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;

use crate::config::DataConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{self, UsersCache};
use crate::metrics::{self, Metrics};
use crate::model::{Currency, DataFile, Dataset};
use crate::project::Focus;
use crate::validate;

/// The data folder, loaded, checked and filtered to its as-of day.
pub struct Checked {
    pub data: Dataset,
    pub as_of: Option<NaiveDate>,
    pub diags: Diagnostics,
}

/// Loads and validates: every row's own cells and references on all rows, then
/// the as-of filter, then keys and overlaps among the rows kept.
pub fn load_checked(config: &DataConfig) -> Result<Checked> {
    load_checked_with(config, None)
}

/// `load_checked`, with the users table kept in `cache` between loads.
pub fn load_checked_with(config: &DataConfig, cache: Option<&mut UsersCache>) -> Result<Checked> {
    let mut diags = Diagnostics::new(config.strict);
    let options = load::Options {
        progress: config.progress,
        hashes: config.hashes,
        split: config.split,
    };
    let mut data = load::load_with(&config.dir, &mut diags, options, cache)?;
    validate::rows(&data, &mut diags);
    check_focus(config.focus.as_ref(), &data, &mut diags);
    let as_of = config.as_of.or_else(|| data.default_as_of());
    if let Some(as_of) = as_of {
        data.retain_as_of(as_of);
    }
    validate::sets(&data, &mut diags);
    Ok(Checked { data, as_of, diags })
}

/// The company aimarket.toml's `focus` names must be one of companies.csv: a
/// problem of the project file, reported at its line. A company whose row was
/// rejected for its own cells, or a companies.csv that could not be read, has
/// its problem reported already, as for any other reference to it.
fn check_focus(focus: Option<&Focus>, data: &Dataset, diags: &mut Diagnostics) {
    let known = |id: &str| {
        data.company(id).is_some()
            || data.unreadable.contains(&DataFile::Companies)
            || data
                .rejected_ids
                .contains(&(DataFile::Companies, id.to_string()))
    };
    let Some(focus) = focus.filter(|f| !known(&f.id)) else {
        return;
    };
    diags.push(Diagnostic {
        severity: Severity::Error,
        file: focus.file.clone(),
        outside: true,
        line: Some(focus.line),
        column: Some("focus".into()),
        message: format!(
            "expected the id of a company in {}, found {:?}",
            DataFile::Companies,
            focus.id
        ),
    });
}

/// The metrics of data that passed validation, and the problems only computing
/// them can find: a conversion that needs a rate `fx.csv` lacks. Which rates are
/// needed follows from the metric definitions themselves (the quarters a target
/// counts, the as-of day, `--currency`), so every command runs this one
/// computation rather than a second copy of those rules in `validate`, and all
/// report the same problems. `None` when the data has errors.
pub fn computed_metrics(checked: &mut Checked, currency: Currency) -> Option<Metrics> {
    if checked.diags.has_errors() {
        return None;
    }
    Some(metrics::compute(
        &checked.data,
        currency,
        checked.as_of,
        &mut checked.diags,
    ))
}

impl Checked {
    /// `checked 12 files (431 rows) in data as of 2026-05-13: 0 errors, 1 warning`
    pub fn summary(&self, data_dir: &Path) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let as_of = self
            .as_of
            .map(|d| format!(" as of {d}"))
            .unwrap_or_default();
        format!(
            "checked {} ({}) in {}{as_of}: {}, {}",
            plural(self.data.inputs.len(), "file"),
            plural(self.data.row_count() as usize, "row"),
            data_dir.display(),
            plural(self.diags.count(Severity::Error), "error"),
            plural(self.diags.count(Severity::Warning), "warning"),
        )
    }
}
