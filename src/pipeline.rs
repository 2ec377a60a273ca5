//! The commands as flat lists of stages: load -> validate -> (metrics -> charts -> report).
//! `serve` runs the same stages in memory on each change (`build_in_memory`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::charts::{self, Chart, Drawn, Skipped};
use crate::checked::{computed_metrics, load_checked, Checked};
use crate::cli::{CheckFormat, DiagnosticsFormat, MetricsFormat};
use crate::config::{BuildConfig, Config, DiffConfig, MetricsConfig, Task};
use crate::diagnostics::{Diagnostics, Severity};
use crate::diff::{self, Diff, Snapshot};
use crate::init;
use crate::metrics::{print, Metrics};
use crate::output::Staging;
use crate::progress::{Progress, Verbosity};
use crate::project::InvalidProject;
use crate::report;
use crate::serve::{self, Built, ReportFile};
use crate::streams::{lines_to_stderr, to_stderr, to_stdout};
use crate::{load, package, panics};

/// Exit status for data that did not pass validation.
pub const EXIT_INVALID: u8 = 1;
/// Exit status for any failure other than bad data or bad usage.
pub const EXIT_FAILURE: u8 = 3;

/// Runs the command. A panic in any of its stages ends it with an error
/// (status 3), never a crash; a `build` stopped before its swap leaves the
/// previous report in place.
/// `serve` is left out: it runs until stopped, and its rebuilds run on a
/// thread of their own (`panics::guard` is there for them).
pub fn run(config: &Config) -> Result<ExitCode> {
    match &config.task {
        Task::Check(format) => panics::guard("check", || check(config, *format)),
        Task::Metrics(task) => panics::guard("metrics", || metrics(config, task)),
        Task::Build(task) => panics::guard("build", || build(config, task)),
        Task::Diff(task) => panics::guard("diff", || compare(task)),
        Task::Serve(task) => serve::run(config, task, build_in_memory),
        Task::Init(task) => panics::guard("init", || init::run(task)),
        Task::Schema => panics::guard("schema", || schema(config)),
    }
}

/// `schema`: the data folder's files described as a Data Package, printed;
/// a header that cannot be described stops it with its diagnostics.
fn schema(config: &Config) -> Result<ExitCode> {
    let mut diags = Diagnostics::new(false);
    let headers = load::headers(&config.data.dir, &mut diags)?;
    to_stderr(&diags.to_text(&config.data.dir))?;
    if diags.has_errors() {
        return Ok(exit_status(&diags));
    }
    to_stdout(package::of_data(&headers).to_json().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `diff`: read both sides, compare, print; a difference is not a failure.
fn compare(task: &DiffConfig) -> Result<ExitCode> {
    let text = diff::run(&task.old, &task.new, task.format)?;
    to_stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn check(config: &Config, format: CheckFormat) -> Result<ExitCode> {
    let mut checked = load_checked(&config.data)?;
    computed_metrics(&mut checked, config.currency);
    let (diags, data_dir) = (&checked.diags, &config.data.dir);
    let form = match format {
        CheckFormat::Json => return print_json(diags, data_dir),
        CheckFormat::Text => DiagnosticsFormat::Text,
        CheckFormat::Github => DiagnosticsFormat::Github,
    };
    let mut lines = problem_lines(diags, None, data_dir, form);
    lines.push(checked.summary(data_dir));
    lines_to_stderr(lines)?;
    Ok(exit_status(diags))
}

/// The problems of a project file, which stop every command before the data
/// is read, in the form the command asked for (`config::problems_form`).
pub fn project_problems(invalid: &InvalidProject, form: CheckFormat) -> Result<ExitCode> {
    let (diags, here) = (invalid.diagnostics(), Path::new(""));
    match form {
        CheckFormat::Json => return print_json(&diags, here),
        CheckFormat::Text => lines_to_stderr(diags.text_lines(None, here))?,
        CheckFormat::Github => lines_to_stderr(diags.github_lines(None, here))?,
    }
    Ok(exit_status(&diags))
}

fn print_json(diags: &Diagnostics, data_dir: &Path) -> Result<ExitCode> {
    to_stdout(diags.to_json(data_dir).as_bytes())?;
    Ok(exit_status(diags))
}

fn metrics(config: &Config, task: &MetricsConfig) -> Result<ExitCode> {
    let mut checked = load_checked(&config.data)?;
    let computed = computed_metrics(&mut checked, config.currency);
    lines_to_stderr(problem_lines(
        &checked.diags,
        None,
        &config.data.dir,
        task.diagnostics,
    ))?;
    let Some(mut computed) = computed.filter(|_| !checked.diags.has_errors()) else {
        return Ok(exit_status(&checked.diags));
    };
    let only = &task.only;
    computed.retain(|r| only.wants(r.metric, &r.subject));
    computed.claims.retain(|c| only.wants(c.metric, &c.subject));
    let text = match task.format {
        MetricsFormat::Json => print::to_json(&computed),
        MetricsFormat::Csv => print::to_csv(&computed),
        MetricsFormat::Table => print::to_table(&computed),
    };
    to_stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn build(config: &Config, task: &BuildConfig) -> Result<ExitCode> {
    let mut progress = Progress::start(config.verbosity);
    let staging = begin_output(&task.out, &progress)?;
    // Before anything is swapped in, and after a killed build's report is put
    // back: `--compare` may name the report `--out` is about to replace.
    let previous = read_previous(task)?;
    let mut checked = load_checked(&config.data)?;
    progress.stage("load and validate")?;
    let computed = computed_metrics(&mut checked, config.currency);
    progress.stage("metrics")?;
    // With -q, errors only (their overflow lines included, the warnings' not).
    let shown = (config.verbosity == Verbosity::Quiet).then_some(Severity::Error);
    lines_to_stderr(problem_lines(
        &checked.diags,
        shown,
        &config.data.dir,
        task.diagnostics,
    ))?;
    let Some(metrics) = computed.filter(|_| !checked.diags.has_errors()) else {
        return Ok(exit_status(&checked.diags));
    };
    let (drawn, skipped) = draw_charts(&checked, &metrics, task, &progress)?;
    progress.stage("charts")?;
    // This build's side as its metrics.json will read: one mapping of the
    // metrics to that file, `print::to_json`.
    let compared = match previous {
        Some((file, old)) => {
            let now = diff::parse(print::to_json(&metrics).as_bytes())
                .map_err(|problem| anyhow::anyhow!("this build's metrics.json: {problem}"))?;
            Some((file, diff::compare(&old, &now)))
        }
        None => None,
    };
    let files = report_files(
        task,
        &checked,
        &metrics,
        &drawn,
        &skipped,
        compared.as_ref(),
    )?;
    write_files(&staging, &files, &drawn, task.png)?;
    progress.stage("report")?;
    let leftovers = staging.commit()?;
    // The new report is in place: the status says so even if these last
    // lines cannot be written.
    let _ = progress.stage("write");
    let _ = progress.notes(
        leftovers
            .into_iter()
            .chain([written(task, &drawn, &metrics)]),
    );
    Ok(ExitCode::SUCCESS)
}

/// The problems of one severity (or all) in the form asked for, one per line.
fn problem_lines(
    diags: &Diagnostics,
    severity: Option<Severity>,
    data_dir: &Path,
    form: DiagnosticsFormat,
) -> Vec<String> {
    match form {
        DiagnosticsFormat::Text => diags.text_lines(severity, data_dir),
        DiagnosticsFormat::Github => diags.github_lines(severity, data_dir),
    }
}

pub fn exit_status(diags: &Diagnostics) -> ExitCode {
    if diags.has_errors() {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// Locks `--out` and makes the folder the new report is written into; repairs
/// of what killed builds left are notes.
fn begin_output(out: &Path, progress: &Progress) -> Result<Staging> {
    // Shown at once, even with -q: a build that waits must say why.
    let waiting = |line: &str| {
        let _ = lines_to_stderr([format!("note: {line}")]);
    };
    let (staging, repairs) = Staging::begin(out, waiting)?;
    progress.notes(repairs)?;
    Ok(staging)
}

/// Every chart of the sections on the page built and drawn; each one skipped
/// is a note.
fn draw_charts(
    checked: &Checked,
    metrics: &Metrics,
    task: &BuildConfig,
    progress: &Progress,
) -> Result<(Vec<Drawn>, Vec<Skipped>)> {
    let (mut built, mut skipped) = charts::build_all(&charts::Inputs {
        data: &checked.data,
        metrics,
        top_products: task.page.top_products,
        focus: report::focus_company(&checked.data, task.page.focus.as_deref()),
    });
    built.retain(|chart| task.page.sections.contains(&chart.section.on_page()));
    let drawn = charts::draw(built, task.draw_workers, &mut skipped);
    progress.notes(
        skipped
            .iter()
            .map(|s| format!("note: chart {} skipped: {}", s.name, s.reason)),
    )?;
    Ok((drawn, skipped))
}

/// The report built in memory from checked data, for `serve`: the files
/// `build` writes (PNGs aside), or none when the data has errors, and the
/// text `check` prints.
pub fn build_in_memory(config: &Config, task: &BuildConfig, mut checked: Checked) -> Result<Built> {
    let computed = computed_metrics(&mut checked, config.currency);
    let data_dir = &config.data.dir;
    let diagnostics = format!(
        "{}{}\n",
        checked.diags.to_text(data_dir),
        checked.summary(data_dir)
    );
    let Some(metrics) = computed.filter(|_| !checked.diags.has_errors()) else {
        return Ok(Built {
            files: None,
            diagnostics,
        });
    };
    let progress = Progress::start(Verbosity::Quiet);
    let (drawn, skipped) = draw_charts(&checked, &metrics, task, &progress)?;
    let files = report_files(task, &checked, &metrics, &drawn, &skipped, None)?;
    Ok(Built {
        files: Some(files),
        diagnostics,
    })
}

/// The earlier report `--compare` names: its metrics.json and what it holds.
fn read_previous(task: &BuildConfig) -> Result<Option<(PathBuf, Snapshot)>> {
    let Some(path) = &task.compare else {
        return Ok(None);
    };
    Ok(Some((diff::metrics_file(path)?, diff::read(path)?)))
}

/// Each chart's SVG and the numbers it shows, then `index.html` (with the
/// warnings of the data among its content) and the metrics behind it, as
/// `metrics` prints them in JSON and CSV.
fn report_files(
    task: &BuildConfig,
    checked: &Checked,
    metrics: &Metrics,
    drawn: &[Drawn],
    skipped: &[Skipped],
    compared: Option<&(PathBuf, Diff)>,
) -> Result<Vec<ReportFile>> {
    let mut files = Vec::with_capacity(2 * drawn.len() + 4);
    for Drawn { chart, svg, .. } in drawn {
        files.push((
            format!("charts/{}.svg", chart.name),
            svg.clone().into_bytes(),
        ));
        files.push((
            format!("data/{}.csv", chart.name),
            chart.table.to_csv().into_bytes(),
        ));
    }
    // The report names a data file by its name alone (`fx.csv: ...`): the
    // same data gives the same bytes whatever its folder is called.
    let warnings = checked
        .diags
        .text_lines(Some(Severity::Warning), Path::new(""));
    let page = report::build(&report::Inputs {
        data: &checked.data,
        metrics,
        charts: drawn,
        skipped,
        warnings,
        page: &task.page,
        previous: compared.map(|(file, diff)| report::Previous { file, diff }),
    });
    let html = report::render(&page, task.templates.as_deref())?;
    files.push(("index.html".into(), html.into_bytes()));
    // The picture of link previews, with a base_url only.
    if let Some(shared) = report::shared_chart(&task.page, drawn) {
        let file = report::image_file(shared);
        let png = shared
            .chart
            .png()
            .with_context(|| format!("cannot draw {file}"))?;
        files.push((file, png));
    }
    files.push(("metrics.json".into(), print::to_json(metrics).into_bytes()));
    files.push(("metrics.csv".into(), print::to_csv(metrics).into_bytes()));
    let mut charts: Vec<&Chart> = drawn.iter().map(|d| &d.chart).collect();
    charts.sort_by(|a, b| a.name.cmp(&b.name));
    let described = package::of_report(&checked.data, metrics, &charts);
    files.push((package::FILE.into(), described.to_json().into_bytes()));
    Ok(files)
}

/// The report's files, and each chart as a PNG with `--png` (but the one
/// among the files already, for link previews).
fn write_files(staging: &Staging, files: &[ReportFile], drawn: &[Drawn], png: bool) -> Result<()> {
    for (name, bytes) in files {
        staging.write(name, bytes)?;
    }
    if png {
        for Drawn { chart, .. } in drawn {
            let file = format!("charts/{}.png", chart.name);
            if files.iter().any(|(name, _)| *name == file) {
                continue;
            }
            chart
                .write_png(&staging.path(&file))
                .with_context(|| format!("cannot draw {file}"))?;
        }
    }
    Ok(())
}

/// `wrote output: index.html, 18 charts, 197 metrics, 11 claims`
fn written(task: &BuildConfig, drawn: &[Drawn], metrics: &Metrics) -> String {
    format!(
        "wrote {}: index.html, {} charts, {} metrics, {} claims",
        task.out.display(),
        drawn.len(),
        metrics.rows().len(),
        metrics.claims.len()
    )
}
