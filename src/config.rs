//! The resolved configuration every stage reads: what the command line asked
//! for and what the project file (aimarket.toml) says, checked once and merged
//! (a flag wins over the file, the file over the defaults), together with what
//! the run depends on around it (whether standard error is a terminal, whether
//! it runs on GitHub Actions, the current folder, the number of cores), so that no stage parses arguments or
//! reads the environment.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::cli::{
    BuildArgs, CheckFormat, Cli, Command, DataArgs, DiagnosticsFormat, DiffFormat, MetricsFormat,
    ServeArgs,
};
use crate::diagnostics::printable;
use crate::load::Split;
use crate::model::{Currency, Metric};
use crate::progress::Verbosity;
use crate::project::{self, Focus, Project};

mod page;

pub use page::PageConfig;

/// One run of one command.
#[derive(Clone, Debug)]
pub struct Config {
    pub data: DataConfig,
    /// The currency of converted figures (`--currency`).
    pub currency: Currency,
    pub verbosity: Verbosity,
    pub task: Task,
}

/// How to read and check the data folder.
#[derive(Clone, Debug)]
pub struct DataConfig {
    /// The data folder as given, which is how diagnostics name its files.
    pub dir: PathBuf,
    /// The as-of day given on the command line; `None` means the data's default.
    pub as_of: Option<NaiveDate>,
    pub strict: bool,
    /// Show a progress bar for long loads: standard error is a terminal and no `-q`.
    pub progress: bool,
    /// Hash every input file (for `metrics.json`); `check` needs no hashes.
    pub hashes: bool,
    /// How a large users.csv is shared among workers.
    pub split: Split,
    /// The company aimarket.toml's `focus` names: companies.csv must have it.
    pub focus: Option<Focus>,
}

/// What the command does with the checked data.
#[derive(Clone, Debug)]
pub enum Task {
    Check(CheckFormat),
    Metrics(MetricsConfig),
    Build(BuildConfig),
    Diff(DiffConfig),
    Serve(ServeConfig),
    Init(InitConfig),
    /// `schema`: describe the data folder's files.
    Schema,
}

/// `init`: the folder to start a data repository in, and whether with the
/// shipped dataset.
#[derive(Clone, Debug)]
pub struct InitConfig {
    pub dir: PathBuf,
    pub example: bool,
}

/// `diff`: the two reports and the form of the comparison.
#[derive(Clone, Debug)]
pub struct DiffConfig {
    pub old: PathBuf,
    pub new: PathBuf,
    pub format: DiffFormat,
}

/// `serve`: the report built as `build` would (its `out` unused, no PNGs),
/// the address to listen on and the folders to watch.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub report: BuildConfig,
    pub address: SocketAddr,
    pub open: bool,
    /// The data folder, and the templates folder when there is one.
    pub watched: Vec<PathBuf>,
    pub again: ServeAgain,
}

/// What `serve` resolves its configuration from, to do it again when the
/// project file changes: the flags win over the file as at the start.
#[derive(Clone, Debug)]
pub struct ServeAgain {
    args: Box<ServeArgs>,
    given: Option<PathBuf>,
    /// The project file to watch: `--config`, else aimarket.toml in the
    /// current folder (watched even while there is none).
    pub project_file: PathBuf,
}

impl ServeAgain {
    /// The configuration as the flags and the project file now say.
    pub fn resolve(&self) -> Result<Config> {
        serve_config(
            &self.args,
            &read_project(self.given.as_deref())?,
            self.given.as_deref(),
        )
    }
}

#[derive(Clone, Debug)]
pub struct MetricsConfig {
    pub format: MetricsFormat,
    /// How the problems are printed on standard error.
    pub diagnostics: DiagnosticsFormat,
    pub only: Selection,
}

/// The metrics and subjects `--metric` and `--subject` ask for; none named
/// means all.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub metrics: Vec<Metric>,
    pub subjects: Vec<String>,
}

impl Selection {
    pub fn wants(&self, metric: Metric, subject: &str) -> bool {
        (self.metrics.is_empty() || self.metrics.contains(&metric))
            && (self.subjects.is_empty() || self.subjects.iter().any(|s| s == subject))
    }
}

#[derive(Clone, Debug)]
pub struct BuildConfig {
    pub out: PathBuf,
    /// How the problems are printed on standard error.
    pub diagnostics: DiagnosticsFormat,
    /// The folder whose templates override the built-in ones: `--templates`,
    /// else `templates` in the current folder when there is one.
    pub templates: Option<PathBuf>,
    pub png: bool,
    /// The earlier report `--compare` names, a folder or its metrics.json.
    pub compare: Option<PathBuf>,
    /// Threads the charts are drawn on: one per core, at most 8.
    pub draw_workers: usize,
    pub page: PageConfig,
}

impl Config {
    /// Resolves the command line and the project file; fails only on what no
    /// stage could run with (a project file with problems, which is
    /// `project::InvalidProject`, or a `--templates` folder that does not exist).
    pub fn from_cli(cli: &Cli) -> Result<Config> {
        let terminal = std::io::stderr().is_terminal();
        let project = || read_project(cli.config.as_deref());
        let on_actions = on_github_actions();
        let text_or_github = |given| or_github(given, on_actions, DiagnosticsFormat::Github);
        Ok(match &cli.command {
            Command::Check(args) => {
                let project = project()?;
                Config {
                    // `check` writes no metrics.json, so it reads each file once and hashes none.
                    data: DataConfig::new(&args.data, &project, terminal, false),
                    currency: currency(args.currency, &project),
                    verbosity: Verbosity::Normal,
                    task: Task::Check(or_github(args.format, on_actions, CheckFormat::Github)),
                }
            }
            Command::Metrics(args) => {
                let project = project()?;
                Config {
                    data: DataConfig::new(&args.data, &project, terminal, true),
                    currency: currency(args.currency, &project),
                    verbosity: Verbosity::Normal,
                    task: Task::Metrics(MetricsConfig {
                        format: args.format,
                        diagnostics: text_or_github(args.diagnostics),
                        only: Selection {
                            metrics: args.metrics.clone(),
                            subjects: args.subjects.clone(),
                        },
                    }),
                }
            }
            Command::Build(args) => build_config(
                args,
                &project()?,
                terminal,
                text_or_github(args.diagnostics),
            )?,
            Command::Diff(args) => Config {
                data: DataConfig::unused(),
                currency: Currency::USD,
                verbosity: Verbosity::Normal,
                task: Task::Diff(DiffConfig {
                    old: args.old.clone(),
                    new: args.new.clone(),
                    format: args.format,
                }),
            },
            Command::Serve(args) => serve_config(args, &project()?, cli.config.as_deref())?,
            Command::Init(args) => Config {
                data: DataConfig::unused(),
                currency: Currency::USD,
                verbosity: Verbosity::Normal,
                task: Task::Init(InitConfig {
                    dir: args.dir.clone(),
                    example: args.example,
                }),
            },
            Command::Schema(args) => {
                let project = project()?;
                Config {
                    data: DataConfig::folder(&data_folder(args.data.as_ref(), &project)),
                    currency: Currency::USD,
                    verbosity: Verbosity::Normal,
                    task: Task::Schema,
                }
            }
        })
    }
}

/// The form the problems of a project file are printed in, when they stop a
/// command before its configuration is resolved: the form that command asks
/// for (`check --format`, `--diagnostics`), with the same GitHub Actions
/// default; text for the others.
pub fn problems_form(cli: &Cli) -> CheckFormat {
    let on_actions = on_github_actions();
    let diagnostics = |given| match or_github(given, on_actions, DiagnosticsFormat::Github) {
        DiagnosticsFormat::Text => CheckFormat::Text,
        DiagnosticsFormat::Github => CheckFormat::Github,
    };
    match &cli.command {
        Command::Check(args) => or_github(args.format, on_actions, CheckFormat::Github),
        Command::Metrics(args) => diagnostics(args.diagnostics),
        Command::Build(args) => diagnostics(args.diagnostics),
        _ => CheckFormat::Text,
    }
}

/// GitHub Actions sets GITHUB_ACTIONS=true in every step.
fn on_github_actions() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// The project file `--config` names (it must exist), else aimarket.toml in
/// the current folder when there is one, else an empty project.
fn read_project(given: Option<&Path>) -> Result<Project> {
    let path = match given {
        Some(path) => path.to_path_buf(),
        // Anything by that name is read: a folder or a broken link there is
        // an error, not a project file to ignore.
        None if Path::new(project::FILE_NAME).symlink_metadata().is_ok() => {
            PathBuf::from(project::FILE_NAME)
        }
        None => return Ok(Project::default()),
    };
    let bytes = std::fs::read(&path)
        .with_context(|| format!("cannot read project file {}", path.display()))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let shown = printable(&path.display().to_string());
    Ok(project::parse(&bytes, &shown, &dir)?)
}

/// `--currency`, else the project's, else USD.
fn currency(given: Option<Currency>, project: &Project) -> Currency {
    given.or(project.currency).unwrap_or(Currency::USD)
}

fn build_config(
    args: &BuildArgs,
    project: &Project,
    terminal: bool,
    diagnostics: DiagnosticsFormat,
) -> Result<Config> {
    let verbosity = match (args.quiet, args.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };
    let data = DataConfig::new(&args.data, project, terminal && !args.quiet, true);
    let out = args.out.clone().or_else(|| project.out.clone());
    Ok(Config {
        currency: currency(args.currency, project),
        verbosity,
        task: Task::Build(BuildConfig {
            out: out.unwrap_or_else(|| project.dir.join("output")),
            diagnostics,
            templates: templates_folder(args.templates.as_ref(), project)?,
            png: args.png,
            compare: args.compare.clone(),
            draw_workers: draw_workers(),
            page: PageConfig::new(&args.page, project),
        }),
        data,
    })
}

/// `serve` loads quietly (no progress bar between rebuilds) and hashes the
/// inputs as `build` does, for the same metrics.json.
fn serve_config(args: &ServeArgs, project: &Project, given: Option<&Path>) -> Result<Config> {
    let templates = templates_folder(args.templates.as_ref(), project)?;
    let data = DataConfig::new(&args.data, project, false, true);
    let watched = [Some(data.dir.clone()), templates.clone()];
    Ok(Config {
        currency: currency(args.currency, project),
        verbosity: Verbosity::Quiet,
        task: Task::Serve(ServeConfig {
            report: BuildConfig {
                out: PathBuf::new(),
                diagnostics: DiagnosticsFormat::Text,
                templates,
                png: false,
                compare: None,
                draw_workers: draw_workers(),
                page: PageConfig::new(&args.page, project),
            },
            address: SocketAddr::new(args.bind, args.port),
            open: args.open,
            watched: watched.into_iter().flatten().collect(),
            again: ServeAgain {
                args: Box::new(args.clone()),
                given: given.map(Path::to_path_buf),
                project_file: given
                    .map_or_else(|| PathBuf::from(project::FILE_NAME), Path::to_path_buf),
            },
        }),
        data,
    })
}

/// `--data`, else the project's `data`, else `data` in the project's folder
/// (the current one without a project file).
fn data_folder(given: Option<&PathBuf>, project: &Project) -> PathBuf {
    given
        .or(project.data.as_ref())
        .cloned()
        .unwrap_or_else(|| project.dir.join("data"))
}

/// The form of the problems asked for; when none was, GitHub's workflow
/// commands on GitHub Actions (which sets GITHUB_ACTIONS=true), else text.
fn or_github<F: Default>(given: Option<F>, on_actions: bool, github: F) -> F {
    match given {
        Some(format) => format,
        None if on_actions => github,
        None => F::default(),
    }
}

/// `--templates` if given, else the project's `templates` (either must
/// exist), else `templates` in the project's folder (the current one without
/// a project file) when there is one.
fn templates_folder(given: Option<&PathBuf>, project: &Project) -> Result<Option<PathBuf>> {
    Ok(match given.or(project.templates.as_ref()) {
        Some(dir) if !dir.is_dir() => {
            bail!("templates folder {} does not exist", dir.display())
        }
        Some(dir) => Some(dir.clone()),
        None => Some(project.dir.join("templates")).filter(|t| t.is_dir()),
    })
}

/// Threads the charts are drawn on: one per core, at most 8.
fn draw_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

impl DataConfig {
    /// For a command that reads no data folder (`diff`).
    fn unused() -> DataConfig {
        DataConfig {
            dir: PathBuf::new(),
            as_of: None,
            strict: false,
            progress: false,
            hashes: false,
            split: Split::for_this_machine(),
            focus: None,
        }
    }

    /// For a command that reads only the files' headers (`schema`).
    fn folder(dir: &Path) -> DataConfig {
        DataConfig {
            dir: dir.to_path_buf(),
            ..DataConfig::unused()
        }
    }

    /// `--data`, else the project's `data`, else `data` in the project's
    /// folder (the current one without a project file).
    fn new(args: &DataArgs, project: &Project, progress: bool, hashes: bool) -> DataConfig {
        DataConfig {
            dir: data_folder(args.data.as_ref(), project),
            as_of: args.as_of,
            strict: args.strict,
            progress,
            hashes,
            split: Split::for_this_machine(),
            focus: project.focus.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
