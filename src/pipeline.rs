//! The commands as flat lists of stages: load -> validate -> (metrics -> charts -> report).

use std::io::Write;
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
use crate::model::{Currency, Dataset};
use crate::output::Staging;
use crate::report;
use crate::validate;

/// Exit status for data that did not pass validation.
pub const EXIT_INVALID: u8 = 1;
/// Exit status for any failure other than bad data or bad usage.
pub const EXIT_FAILURE: u8 = 3;

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
        CheckFormat::Json => {
            let mut out = std::io::stdout().lock();
            out.write_all(diags.to_json(&config.data_dir).as_bytes())?;
            out.flush()?;
        }
        CheckFormat::Text => {
            let mut err = std::io::stderr().lock();
            err.write_all(diags.to_text(&config.data_dir).as_bytes())?;
            writeln!(err, "{}", summary(&config, &checked))?;
        }
    }
    Ok(exit_status(diags))
}

fn metrics(args: &MetricsArgs) -> Result<ExitCode> {
    let config = Config::from_args(&args.data);
    let mut checked = load_checked(&config)?;
    let computed = computed_metrics(&mut checked, args.currency);
    let mut err = std::io::stderr().lock();
    err.write_all(checked.diags.to_text(&config.data_dir).as_bytes())?;
    let Some(mut computed) = computed.filter(|_| !checked.diags.has_errors()) else {
        return Ok(exit_status(&checked.diags));
    };
    let wanted = |metric: &str, subject: &str| {
        (args.metrics.is_empty() || args.metrics.iter().any(|m| m == metric))
            && (args.subjects.is_empty() || args.subjects.iter().any(|s| s == subject))
    };
    computed.rows.retain(|r| wanted(r.metric, &r.subject));
    computed.claims.retain(|c| wanted(&c.metric, &c.subject));
    let text = match args.format {
        MetricsFormat::Json => output::to_json(&computed, &computed.rows),
        MetricsFormat::Csv => output::to_csv(&computed.rows),
        MetricsFormat::Table => output::to_table(&computed, &computed.rows),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Stage timings for `-v`, and the line for `-q`: only errors.
struct Progress {
    quiet: bool,
    verbose: bool,
    started: Instant,
}

impl Progress {
    fn stage(&mut self, name: &str) {
        if self.verbose {
            eprintln!(
                "{name}: {:.1} ms",
                self.started.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.started = Instant::now();
    }

    fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
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
    let staging = Staging::begin(&args.out)?;
    let mut checked = load_checked(&config)?;
    progress.stage("load and validate");
    // With -q, errors only (their overflow lines included, the warnings' not).
    let shown = if args.quiet {
        Some(Severity::Error)
    } else {
        None
    };
    let print_diagnostics = |diags: &Diagnostics| {
        for line in diags.text_lines(shown, &config.data_dir) {
            eprintln!("{line}");
        }
    };
    let computed = computed_metrics(&mut checked, args.currency);
    progress.stage("metrics");
    print_diagnostics(&checked.diags);
    let Some(computed) = computed.filter(|_| !checked.diags.has_errors()) else {
        return Ok(exit_status(&checked.diags));
    };

    let (charts, mut skipped) = charts::build_all(&Inputs {
        data: &checked.data,
        metrics: &computed,
    });
    let drawn = charts::draw(charts, &mut skipped);
    for s in &skipped {
        progress.note(&format!("note: chart {} skipped: {}", s.name, s.reason));
    }
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
    progress.stage("charts");

    let warnings = checked
        .diags
        .text_lines(Some(Severity::Warning), &config.data_dir);
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
    staging.write(
        "metrics.json",
        output::to_json(&computed, &computed.rows).as_bytes(),
    )?;
    staging.write("metrics.csv", output::to_csv(&computed.rows).as_bytes())?;
    progress.stage("report");
    staging.commit()?;
    progress.stage("write");
    progress.note(&format!(
        "wrote {}: index.html, {} charts, {} metrics, {} claims",
        args.out.display(),
        drawn.len(),
        computed.rows.len(),
        computed.claims.len()
    ));
    Ok(ExitCode::SUCCESS)
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
