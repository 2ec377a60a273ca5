//! The commands as flat lists of stages: load -> validate -> (metrics -> charts -> report).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDate;

use crate::charts::{self, Inputs};
use crate::cli::{BuildArgs, CheckArgs, CheckFormat, Cli, Command, MetricsArgs, MetricsFormat};
use crate::config::Config;
use crate::diagnostics::{Diagnostics, Severity};
use crate::load;
use crate::metrics::{self, output, Metrics};
use crate::model::{Currency, Dataset, Metric};
use crate::output::Staging;
use crate::report;
use crate::validate;

/// Exit status for data that did not pass validation.
pub const EXIT_INVALID: u8 = 1;
/// Exit status for any failure other than bad data or bad usage.
pub const EXIT_FAILURE: u8 = 3;

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
        write!(f, "cannot write to standard {stream}: {}", self.source)
    }
}

impl std::error::Error for StreamError {}

fn to_stdout(bytes: &[u8]) -> Result<()> {
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

fn to_stderr(text: &str) -> Result<()> {
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
fn lines_to_stderr(lines: impl IntoIterator<Item = String>) -> Result<()> {
    let text: String = lines.into_iter().map(|line| line + "\n").collect();
    to_stderr(&text)
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Metrics(args) => metrics(&args),
        Command::Build(args) => build(&args),
    }
}

/// The data folder, loaded, checked and filtered to its as-of day.
pub struct Checked {
    pub data: Dataset,
    pub as_of: Option<NaiveDate>,
    pub diags: Diagnostics,
}

/// Loads and validates: every row's own cells and references on all rows, then
/// the as-of filter, then keys and overlaps among the rows kept.
pub fn load_checked(config: &Config) -> Result<Checked> {
    let mut diags = Diagnostics::new(config.strict);
    let options = load::LoadOptions {
        progress: config.progress,
        hashes: config.hashes,
        split: load::Split::for_this_machine(),
    };
    let mut data = load::load(&config.data_dir, &mut diags, options)?;
    validate::rows(&data, &mut diags);
    let as_of = config.as_of.or_else(|| data.default_as_of());
    if let Some(as_of) = as_of {
        data.retain_as_of(as_of);
    }
    validate::sets(&data, &mut diags);
    Ok(Checked { data, as_of, diags })
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

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let mut config = Config::from_args(&args.data);
    // `check` writes no metrics.json, so it reads each file once and hashes none.
    config.hashes = false;
    let mut checked = load_checked(&config)?;
    computed_metrics(&mut checked, args.currency);
    let diags = &checked.diags;
    match args.format {
        CheckFormat::Json => to_stdout(diags.to_json(&config.data_dir).as_bytes())?,
        CheckFormat::Text => to_stderr(&format!(
            "{}{}\n",
            diags.to_text(&config.data_dir),
            summary(&config, &checked)
        ))?,
    }
    Ok(exit_status(diags))
}

fn metrics(args: &MetricsArgs) -> Result<ExitCode> {
    let config = Config::from_args(&args.data);
    let mut checked = load_checked(&config)?;
    let computed = computed_metrics(&mut checked, args.currency);
    to_stderr(&checked.diags.to_text(&config.data_dir))?;
    let Some(mut computed) = computed.filter(|_| !checked.diags.has_errors()) else {
        return Ok(exit_status(&checked.diags));
    };
    let wanted = |metric: Metric, subject: &str| {
        (args.metrics.is_empty() || args.metrics.contains(&metric))
            && (args.subjects.is_empty() || args.subjects.iter().any(|s| s == subject))
    };
    computed.retain(|r| wanted(r.metric, &r.subject));
    computed.claims.retain(|c| wanted(c.metric, &c.subject));
    let text = match args.format {
        MetricsFormat::Json => output::to_json(&computed),
        MetricsFormat::Csv => output::to_csv(&computed),
        MetricsFormat::Table => output::to_table(&computed),
    };
    to_stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Stage timings for `-v`, and the line for `-q`: only errors.
struct Progress {
    quiet: bool,
    verbose: bool,
    started: Instant,
}

impl Progress {
    fn stage(&mut self, name: &str) -> Result<()> {
        if self.verbose {
            let ms = self.started.elapsed().as_secs_f64() * 1000.0;
            to_stderr(&format!("{name}: {ms:.1} ms\n"))?;
        }
        self.started = Instant::now();
        Ok(())
    }

    fn notes(&self, lines: impl IntoIterator<Item = String>) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        lines_to_stderr(lines)
    }
}

fn build(args: &BuildArgs) -> Result<ExitCode> {
    let mut config = Config::from_args(&args.data);
    config.progress &= !args.quiet;
    let mut progress = Progress {
        quiet: args.quiet,
        verbose: args.verbose,
        started: Instant::now(),
    };
    if let Some(dir) = &args.templates {
        if !dir.is_dir() {
            anyhow::bail!("templates folder {} does not exist", dir.display());
        }
    }
    // Shown at once, even with -q: a build that waits must say why.
    let waiting = |line: &str| {
        let _ = lines_to_stderr([format!("note: {line}")]);
    };
    let (staging, repairs) = Staging::begin(&args.out, waiting)?;
    progress.notes(repairs)?;
    let mut checked = load_checked(&config)?;
    progress.stage("load and validate")?;
    // With -q, errors only (their overflow lines included, the warnings' not).
    let shown = if args.quiet {
        Some(Severity::Error)
    } else {
        None
    };
    let print_diagnostics =
        |diags: &Diagnostics| lines_to_stderr(diags.text_lines(shown, &config.data_dir));
    let computed = computed_metrics(&mut checked, args.currency);
    progress.stage("metrics")?;
    print_diagnostics(&checked.diags)?;
    let Some(computed) = computed.filter(|_| !checked.diags.has_errors()) else {
        return Ok(exit_status(&checked.diags));
    };

    let (charts, mut skipped) = charts::build_all(&Inputs {
        data: &checked.data,
        metrics: &computed,
    });
    let drawn = charts::draw(charts, &mut skipped);
    progress.notes(
        skipped
            .iter()
            .map(|s| format!("note: chart {} skipped: {}", s.name, s.reason)),
    )?;
    for charts::Drawn { chart, svg, .. } in &drawn {
        staging.write(&format!("charts/{}.svg", chart.name), svg.as_bytes())?;
        if args.png {
            chart
                .write_png(&staging.path(&format!("charts/{}.png", chart.name)))
                .map_err(|reason| {
                    anyhow::anyhow!("cannot draw charts/{}.png: {reason}", chart.name)
                })?;
        }
        staging.write(
            &format!("data/{}.csv", chart.name),
            chart.table.to_csv().as_bytes(),
        )?;
    }
    progress.stage("charts")?;

    // Paths in the report name the data folder alone, wherever it lies, so
    // the same data gives the same bytes from any working folder.
    let warnings = checked
        .diags
        .text_lines(Some(Severity::Warning), &report_data_dir(&config.data_dir));
    let page = report::build(&report::Parts {
        data: &checked.data,
        metrics: &computed,
        charts: &drawn,
        skipped: &skipped,
        warnings,
    });
    let templates = args
        .templates
        .clone()
        .or_else(|| Some(std::path::PathBuf::from("templates")).filter(|t| t.is_dir()));
    let html = report::render(&page, templates.as_deref())?;
    staging.write("index.html", html.as_bytes())?;
    staging.write("metrics.json", output::to_json(&computed).as_bytes())?;
    staging.write("metrics.csv", output::to_csv(&computed).as_bytes())?;
    progress.stage("report")?;
    let leftovers = staging.commit()?;
    // The new report is in place: the status says so even if these last
    // lines cannot be written.
    let _ = progress.stage("write");
    let _ = progress.notes(leftovers);
    let _ = progress.notes([format!(
        "wrote {}: index.html, {} charts, {} metrics, {} claims",
        args.out.display(),
        drawn.len(),
        computed.rows().len(),
        computed.claims.len()
    )]);
    Ok(ExitCode::SUCCESS)
}

/// `data` for `--data data`, `/srv/x/data` or `.` run inside `data`: the data
/// folder's own name.
fn report_data_dir(data_dir: &Path) -> PathBuf {
    std::fs::canonicalize(data_dir)
        .ok()
        .and_then(|path| {
            let name = path.file_name()?.to_string_lossy();
            Some(PathBuf::from(crate::diagnostics::printable(&name)))
        })
        .unwrap_or_else(|| PathBuf::from("data"))
}

/// `checked 12 files (431 rows) in data as of 2026-05-13: 0 errors, 1 warning`
fn summary(config: &Config, checked: &Checked) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let as_of = checked
        .as_of
        .map(|d| format!(" as of {d}"))
        .unwrap_or_default();
    format!(
        "checked {} ({}) in {}{as_of}: {}, {}",
        plural(checked.data.inputs.len(), "file"),
        plural(checked.data.row_count() as usize, "row"),
        config.data_dir.display(),
        plural(checked.diags.count(Severity::Error), "error"),
        plural(checked.diags.count(Severity::Warning), "warning"),
    )
}

pub fn exit_status(diags: &Diagnostics) -> ExitCode {
    if diags.has_errors() {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
